/**
 * AES in CBC mode with ciphertext stealing and a zero IV, as Kerberos uses it [RFC 3962 5, which follows the CBC-CS3
 * variant: the last two blocks are swapped and the final one truncated]. Node's aes-*-cbc/ecb do the block work.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

const BLOCK = 16;
const ZERO_IV = Buffer.alloc(BLOCK);

function algo(key: Buffer, mode: 'cbc' | 'ecb'): string {
  return `aes-${key.length * 8}-${mode}`;
}

function ecbDecryptBlock(key: Buffer, block: Buffer): Buffer {
  const d = createDecipheriv(algo(key, 'ecb'), key, null);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(block), d.final()]);
}

/** Encrypts at least one block of `plain`; the result has the same length. */
export function ctsEncrypt(key: Buffer, plain: Buffer): Buffer {
  if (plain.length < BLOCK) throw new RangeError('AES-CTS needs at least one block');
  const padded = Buffer.concat([plain, Buffer.alloc((BLOCK - (plain.length % BLOCK)) % BLOCK)]);
  const c = createCipheriv(algo(key, 'cbc'), key, ZERO_IV);
  c.setAutoPadding(false);
  const cbc = Buffer.concat([c.update(padded), c.final()]);
  if (plain.length === BLOCK) return cbc;
  const n = cbc.length;
  const swapped = Buffer.concat([cbc.subarray(0, n - 2 * BLOCK), cbc.subarray(n - BLOCK), cbc.subarray(n - 2 * BLOCK, n - BLOCK)]);
  return swapped.subarray(0, plain.length);
}

export function ctsDecrypt(key: Buffer, cipher: Buffer): Buffer {
  if (cipher.length < BLOCK) throw new RangeError('AES-CTS needs at least one block');
  if (cipher.length === BLOCK) return ecbDecryptBlock(key, cipher);
  const lastLen = cipher.length % BLOCK || BLOCK;
  const headLen = cipher.length - lastLen - BLOCK; // whole blocks before the last two
  let plainHead: Buffer = Buffer.alloc(0);
  let prev: Buffer = ZERO_IV;
  if (headLen > 0) {
    const d = createDecipheriv(algo(key, 'cbc'), key, ZERO_IV);
    d.setAutoPadding(false);
    plainHead = Buffer.concat([d.update(cipher.subarray(0, headLen)), d.final()]);
    prev = cipher.subarray(headLen - BLOCK, headLen);
  }
  const penult = cipher.subarray(headLen, headLen + BLOCK);
  const last = cipher.subarray(headLen + BLOCK);
  // Decrypting the second-to-last block gives the final plaintext XOR the final partial block, followed by the
  // ciphertext bytes that stealing left out of the final block.
  const d = ecbDecryptBlock(key, penult);
  const lastPlain = xor(d.subarray(0, lastLen), last);
  const fullLast = Buffer.concat([last, d.subarray(lastLen)]);
  const penultPlain = xor(ecbDecryptBlock(key, fullLast), prev);
  return Buffer.concat([plainHead, penultPlain, lastPlain]);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}
