/**
 * RC4 as a stateful stream: NTLM sealing keys one handle per direction once and continues its keystream across
 * every message of the connection [MS-NLMP 3.4.3], so the state must survive between calls.
 *
 * Node 20's OpenSSL 3 keeps RC4 in its legacy provider, which is loaded only when node runs with
 * `--openssl-legacy-provider` (or NODE_OPTIONS carries it); then OpenSSL's cipher does the work. Otherwise — the
 * usual case; winbook does not re-exec node to get the flag — the loops below run: a Uint8Array state, four
 * keystream bytes XORed with the input as one 32-bit word, written straight into the caller's buffer (in place
 * when it is the input), which is what every byte of every sealed WinRM message costs. Both produce the same
 * keystream (test/unit/…/rc4.test.ts).
 */
import { createCipheriv, type Cipher } from 'node:crypto';

let nativeUsable: boolean | undefined;

/** Int32Array views use the platform's byte order; the word loop packs keystream bytes little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Whether this process's OpenSSL offers RC4 (legacy provider loaded); asked once. */
export function nativeRc4Available(): boolean {
  if (nativeUsable === undefined) {
    try {
      createCipheriv('rc4', Buffer.alloc(16), null);
      nativeUsable = true;
    } catch {
      nativeUsable = false;
    }
  }
  return nativeUsable;
}

export class Rc4 {
  private readonly s: Uint8Array | undefined;
  private readonly native: Cipher | undefined;
  private i = 0;
  private j = 0;

  constructor(key: Buffer) {
    if (key.length === 0) throw new RangeError('RC4 key must not be empty');
    if (nativeRc4Available()) {
      this.native = createCipheriv('rc4', key, null);
      return;
    }
    const s = new Uint8Array(256);
    for (let n = 0; n < 256; n++) s[n] = n;
    let j = 0;
    for (let n = 0; n < 256; n++) {
      const t = s[n] as number;
      j = (j + t + (key[n % key.length] as number)) & 0xff;
      s[n] = s[j] as number;
      s[j] = t;
    }
    this.s = s;
  }

  /**
   * Encrypts or decrypts (the same operation), advancing the keystream by data.length bytes. The result goes to
   * `out` at `offset` when given (out may be data itself: in place), else to a new buffer; returns that region.
   */
  update(data: Uint8Array, out?: Buffer, offset = 0): Buffer {
    const len = data.length;
    const dst = out ?? Buffer.allocUnsafe(len);
    if (offset + len > dst.length) throw new RangeError('RC4 output buffer too small');
    if (this.native) {
      const ks = this.native.update(data);
      ks.copy(dst, offset);
      return dst.subarray(offset, offset + len);
    }
    const o = dst.subarray(offset, offset + len);
    if (!LITTLE_ENDIAN || len < 16) {
      this.bytes(data, o, 0, len);
      return o;
    }
    // Word-wise in the middle: the output's first 4-aligned byte, and the input must share that alignment.
    const head = (4 - (o.byteOffset & 3)) & 3;
    let src: Uint8Array = data;
    if (((data.byteOffset - o.byteOffset) & 3) !== 0) {
      // Different alignments cannot both be viewed as words: copy the input to the output (a memcpy, about 1% of
      // the cipher's cost) and encrypt there in place.
      o.set(data);
      src = o;
    }
    this.bytes(src, o, 0, head);
    const words = (len - head) >>> 2;
    const tailAt = head + words * 4;
    this.words(
      new Int32Array(src.buffer, src.byteOffset + head, words),
      new Int32Array(o.buffer, o.byteOffset + head, words),
    );
    this.bytes(src, o, tailAt, len);
    return o;
  }

  /** One byte per step, `o[n] = data[n] ^ keystream` for n in [from, to). */
  private bytes(data: Uint8Array, o: Uint8Array, from: number, to: number): void {
    const s = this.s as Uint8Array;
    let i = this.i;
    let j = this.j;
    // Indexes are masked to 0..255 and n < to <= length, so the `as number` reads are in bounds.
    for (let n = from; n < to; n++) {
      i = (i + 1) & 0xff;
      const si = s[i] as number;
      j = (j + si) & 0xff;
      const sj = s[j] as number;
      s[i] = sj;
      s[j] = si;
      o[n] = (data[n] as number) ^ (s[(si + sj) & 0xff] as number);
    }
    this.i = i;
    this.j = j;
  }

  /**
   * Four keystream bytes packed into one 32-bit word (little-endian: the first byte lowest), XORed with a word of
   * input: one load and one store per four bytes instead of four each. The keystream itself is a serial chain of
   * byte swaps; this trims the memory traffic around it (about 30% faster than the byte loop unrolled by four).
   */
  private words(d: Int32Array, o: Int32Array): void {
    const s = this.s as Uint8Array;
    let i = this.i;
    let j = this.j;
    const len = d.length;
    for (let n = 0; n < len; n++) {
      let si: number, sj: number, k: number;
      i = (i + 1) & 0xff; si = s[i] as number; j = (j + si) & 0xff; sj = s[j] as number; s[i] = sj; s[j] = si;
      k = s[(si + sj) & 0xff] as number;
      i = (i + 1) & 0xff; si = s[i] as number; j = (j + si) & 0xff; sj = s[j] as number; s[i] = sj; s[j] = si;
      k |= (s[(si + sj) & 0xff] as number) << 8;
      i = (i + 1) & 0xff; si = s[i] as number; j = (j + si) & 0xff; sj = s[j] as number; s[i] = sj; s[j] = si;
      k |= (s[(si + sj) & 0xff] as number) << 16;
      i = (i + 1) & 0xff; si = s[i] as number; j = (j + si) & 0xff; sj = s[j] as number; s[i] = sj; s[j] = si;
      k |= (s[(si + sj) & 0xff] as number) << 24;
      o[n] = (d[n] as number) ^ k;
    }
    this.i = i;
    this.j = j;
  }
}

/** One-shot RC4 with a fresh key (EncryptedRandomSessionKey uses this). */
export function rc4(key: Buffer, data: Buffer): Buffer {
  return new Rc4(key).update(data);
}
