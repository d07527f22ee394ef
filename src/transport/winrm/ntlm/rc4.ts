/**
 * RC4 as a stateful stream: NTLM sealing keys one handle per direction once and continues its keystream across
 * every message of the connection [MS-NLMP 3.4.3], so the state must survive between calls. Node 20's OpenSSL 3
 * refuses `createCipheriv('rc4')`, hence this small implementation.
 */
export class Rc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  constructor(key: Buffer) {
    if (key.length === 0) throw new RangeError('RC4 key must not be empty');
    for (let n = 0; n < 256; n++) this.s[n] = n;
    let j = 0;
    for (let n = 0; n < 256; n++) {
      j = (j + this.at(n) + (key[n % key.length] ?? 0)) & 0xff;
      this.swap(n, j);
    }
  }

  /** Encrypts or decrypts (the same operation), advancing the keystream by data.length bytes. */
  update(data: Buffer): Buffer {
    // The hot loop of message sealing (every byte of every WinRM message): locals and unchecked typed-array
    // reads, since indexes are masked to 0..255 and n < data.length.
    const s = this.s;
    const out = Buffer.allocUnsafe(data.length);
    let i = this.i;
    let j = this.j;
    for (let n = 0; n < data.length; n++) {
      i = (i + 1) & 0xff;
      const si = s[i] as number;
      j = (j + si) & 0xff;
      const sj = s[j] as number;
      s[i] = sj;
      s[j] = si;
      out[n] = (data[n] as number) ^ (s[(si + sj) & 0xff] as number);
    }
    this.i = i;
    this.j = j;
    return out;
  }

  private at(n: number): number {
    return this.s[n] ?? 0;
  }

  private swap(a: number, b: number): void {
    const t = this.at(a);
    this.s[a] = this.at(b);
    this.s[b] = t;
  }
}

/** One-shot RC4 with a fresh key (EncryptedRandomSessionKey uses this). */
export function rc4(key: Buffer, data: Buffer): Buffer {
  return new Rc4(key).update(data);
}
