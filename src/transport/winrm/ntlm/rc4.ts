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
    const out = Buffer.alloc(data.length);
    for (let n = 0; n < data.length; n++) {
      this.i = (this.i + 1) & 0xff;
      this.j = (this.j + this.at(this.i)) & 0xff;
      this.swap(this.i, this.j);
      out[n] = (data[n] ?? 0) ^ this.at((this.at(this.i) + this.at(this.j)) & 0xff);
    }
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
