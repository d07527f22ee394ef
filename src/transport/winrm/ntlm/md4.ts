/**
 * MD4 (RFC 1320). NTLM's NTOWFv1 needs it and Node 20's OpenSSL 3 refuses `createHash('md4')`, so we carry our own.
 * Only ever used on short inputs (a password), so clarity beats speed here.
 */

function rotl(x: number, n: number): number {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}

const F = (x: number, y: number, z: number): number => (x & y) | (~x & z);
const G = (x: number, y: number, z: number): number => (x & y) | (x & z) | (y & z);
const H = (x: number, y: number, z: number): number => x ^ y ^ z;

// Message word order and shift amounts of rounds 2 and 3 [RFC 1320 3.4].
const R2_ORDER = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
const R3_ORDER = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
const R1_SHIFT = [3, 7, 11, 19];
const R2_SHIFT = [3, 5, 9, 13];
const R3_SHIFT = [3, 9, 11, 15];

/** Pads to a multiple of 64 bytes: 0x80, zeros, then the bit length as u64 little-endian [RFC 1320 3.1–3.2]. */
function pad(data: Buffer): Buffer {
  const padLen = (data.length % 64 < 56 ? 56 : 120) - (data.length % 64);
  const out = Buffer.alloc(data.length + padLen + 8);
  data.copy(out);
  out[data.length] = 0x80;
  out.writeBigUInt64LE(BigInt(data.length) * 8n, data.length + padLen);
  return out;
}

export function md4(data: Buffer): Buffer {
  const msg = pad(data);
  const s = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  const x: number[] = new Array<number>(16).fill(0);
  for (let off = 0; off < msg.length; off += 64) {
    for (let i = 0; i < 16; i++) x[i] = msg.readUInt32LE(off + i * 4);
    const [a0, b0, c0, d0] = s as [number, number, number, number];
    let a = a0, b = b0, c = c0, d = d0;
    // Each step rotates the roles of a, b, c, d; `k` picks the message word, `sh` the shift.
    const step = (fn: (x: number, y: number, z: number) => number, k: number, sh: number, add: number): void => {
      const t = rotl((a + fn(b, c, d) + (x[k] ?? 0) + add) >>> 0, sh);
      a = d; d = c; c = b; b = t;
    };
    for (let i = 0; i < 16; i++) step(F, i, R1_SHIFT[i % 4] ?? 0, 0);
    for (let i = 0; i < 16; i++) step(G, R2_ORDER[i] ?? 0, R2_SHIFT[i % 4] ?? 0, 0x5a827999);
    for (let i = 0; i < 16; i++) step(H, R3_ORDER[i] ?? 0, R3_SHIFT[i % 4] ?? 0, 0x6ed9eba1);
    s[0] = (a0 + a) >>> 0;
    s[1] = (b0 + b) >>> 0;
    s[2] = (c0 + c) >>> 0;
    s[3] = (d0 + d) >>> 0;
  }
  const out = Buffer.alloc(16);
  s.forEach((v, i) => out.writeUInt32LE(v, i * 4));
  return out;
}
