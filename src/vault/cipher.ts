/**
 * Ansible Vault's AES256 cipher (VaultAES256 in ansible/parsing/vault): PBKDF2-HMAC-SHA256 with 10000 iterations
 * stretches the password and a 32-byte salt into 80 bytes — an AES-256 key, an HMAC-SHA256 key and the CTR
 * counter block. The plaintext is PKCS#7-padded (CTR needs no padding, Ansible pads anyway, so we must too),
 * encrypted with AES-256-CTR, and authenticated with HMAC-SHA256 over the ciphertext (encrypt-then-MAC).
 */
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

const ITERATIONS = 10_000;
const KEY_LENGTH = 32;
const IV_LENGTH = 16;
const BLOCK = 16;
export const SALT_LENGTH = 32;

interface Keys {
  cipherKey: Buffer;
  hmacKey: Buffer;
  iv: Buffer;
}

/** The three keys; synchronous on purpose: ~10 ms, and the playbook parser that needs it is synchronous. */
function deriveKeys(password: Buffer, salt: Buffer): Keys {
  const derived = pbkdf2Sync(password, salt, ITERATIONS, 2 * KEY_LENGTH + IV_LENGTH, 'sha256');
  return {
    cipherKey: derived.subarray(0, KEY_LENGTH),
    hmacKey: derived.subarray(KEY_LENGTH, 2 * KEY_LENGTH),
    iv: derived.subarray(2 * KEY_LENGTH),
  };
}

export interface Sealed {
  salt: Buffer;
  hmac: Buffer;
  ciphertext: Buffer;
}

export function seal(plaintext: Buffer, password: Buffer, salt: Buffer = randomBytes(SALT_LENGTH)): Sealed {
  const { cipherKey, hmacKey, iv } = deriveKeys(password, salt);
  const pad = BLOCK - (plaintext.length % BLOCK);
  const padded = Buffer.concat([plaintext, Buffer.alloc(pad, pad)]);
  const c = createCipheriv('aes-256-ctr', cipherKey, iv);
  const ciphertext = Buffer.concat([c.update(padded), c.final()]);
  const hmac = createHmac('sha256', hmacKey).update(ciphertext).digest();
  return { salt, hmac, ciphertext };
}

/** The plaintext, or undefined when the HMAC does not match (wrong password or tampered data). */
export function unseal(s: Sealed, password: Buffer): Buffer | undefined {
  const { cipherKey, hmacKey, iv } = deriveKeys(password, s.salt);
  const expected = createHmac('sha256', hmacKey).update(s.ciphertext).digest();
  if (expected.length !== s.hmac.length || !timingSafeEqual(expected, s.hmac)) return undefined;
  const d = createDecipheriv('aes-256-ctr', cipherKey, iv);
  const padded = Buffer.concat([d.update(s.ciphertext), d.final()]);
  const pad = padded[padded.length - 1] ?? 0;
  // Ansible's unpadder is lenient; an impossible pad byte means corrupt data that passed the MAC — keep bytes.
  if (pad < 1 || pad > BLOCK || pad > padded.length) return padded;
  return padded.subarray(0, padded.length - pad);
}
