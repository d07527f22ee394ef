/** What the protocol code needs from an encryption type [RFC 3961 3]. */
export interface Enctype {
  /** RFC 3961 8 etype number: 17, 18, 23. */
  etype: number;
  /** The name MIT and Windows show: aes256-cts-hmac-sha1-96. */
  name: string;
  keyBytes: number;
  /** The keyed checksum of this etype [RFC 3961 8]: 15, 16, -138. */
  checksumType: number;
  checksumBytes: number;
  /** Bytes encryption adds to a plaintext (confounder and MAC). */
  overhead: number;
  /** `params` is the s2kparams of PA-ETYPE-INFO2 when the KDC sent them. */
  stringToKey(password: string, salt: string, params?: Buffer): Buffer;
  randomKey(): Buffer;
  /** `confounder` only for test vectors; normally random. */
  encrypt(key: Buffer, usage: number, plain: Buffer, confounder?: Buffer): Buffer;
  /** The plaintext, or undefined when the integrity check fails (wrong key, usage or tampering). */
  decrypt(key: Buffer, usage: number, cipher: Buffer): Buffer | undefined;
  checksum(key: Buffer, usage: number, data: Buffer): Buffer;
}
