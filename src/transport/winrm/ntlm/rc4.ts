/**
 * RC4 as a stateful stream: NTLM sealing keys one handle per direction once and continues its keystream across
 * every message of the connection [MS-NLMP 3.4.3], so the state must survive between calls.
 *
 * Node 20's OpenSSL 3 keeps RC4 in its legacy provider, which is loaded only when node runs with
 * `--openssl-legacy-provider` (or NODE_OPTIONS carries it); then OpenSSL's cipher does the work (about 1.5× the
 * JavaScript below on this machine). Otherwise — the usual case — the loop below runs: four bytes per iteration
 * over a Uint8Array state, written straight into the caller's buffer (in place when it is the input), which is
 * what every byte of every sealed WinRM message costs. Both produce the same keystream (test/unit/…/rc4.test.ts).
 */
import { createCipheriv, type Cipher } from 'node:crypto';

let nativeUsable: boolean | undefined;

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
    const s = this.s as Uint8Array;
    // A view at the offset: indexing o[n] keeps the loop as tight as indexing from zero (o[offset + n] costs ~20%).
    const o = dst.subarray(offset, offset + len);
    let i = this.i;
    let j = this.j;
    let n = 0;
    // Unrolled by four: the keystream is a serial dependency chain, and the loop overhead is a third of it.
    // Indexes are masked to 0..255 and n < len, so the `as number` reads are in bounds.
    const end4 = len & ~3;
    for (; n < end4; n += 4) {
      let si: number, sj: number;
      i = (i + 1) & 0xff; si = s[i] as number; j = (j + si) & 0xff; sj = s[j] as number; s[i] = sj; s[j] = si;
      o[n] = (data[n] as number) ^ (s[(si + sj) & 0xff] as number);
      i = (i + 1) & 0xff; si = s[i] as number; j = (j + si) & 0xff; sj = s[j] as number; s[i] = sj; s[j] = si;
      o[n + 1] = (data[n + 1] as number) ^ (s[(si + sj) & 0xff] as number);
      i = (i + 1) & 0xff; si = s[i] as number; j = (j + si) & 0xff; sj = s[j] as number; s[i] = sj; s[j] = si;
      o[n + 2] = (data[n + 2] as number) ^ (s[(si + sj) & 0xff] as number);
      i = (i + 1) & 0xff; si = s[i] as number; j = (j + si) & 0xff; sj = s[j] as number; s[i] = sj; s[j] = si;
      o[n + 3] = (data[n + 3] as number) ^ (s[(si + sj) & 0xff] as number);
    }
    for (; n < len; n++) {
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
    return o;
  }
}

/** One-shot RC4 with a fresh key (EncryptedRandomSessionKey uses this). */
export function rc4(key: Buffer, data: Buffer): Buffer {
  return new Rc4(key).update(data);
}
