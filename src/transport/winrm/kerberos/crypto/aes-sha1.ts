/**
 * aes128-cts-hmac-sha1-96 (etype 17) and aes256-cts-hmac-sha1-96 (etype 18) [RFC 3962], built on the simplified
 * profile of RFC 3961 5.3: keys derived per usage with DK, a 16-byte confounder, AES-CTS, and HMAC-SHA1 truncated
 * to 96 bits over the confounder and plaintext.
 */
import { createCipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { ctsDecrypt, ctsEncrypt } from './aes-cts.ts';
import { nfold } from './nfold.ts';
import type { Enctype } from './enctype.ts';

const BLOCK = 16;
const MAC_LEN = 12;
/** RFC 3962 4: the default iteration count when the KDC sends no s2kparams. */
export const DEFAULT_ITERATIONS = 4096;

function aesBlock(key: Buffer, block: Buffer): Buffer {
  const c = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

/**
 * DR and DK [RFC 3961 5.1]: the constant is n-folded to one block, then encrypted repeatedly (each output the next
 * input) until there are enough bytes for a key. AES's random-to-key is the identity.
 */
export function deriveKey(base: Buffer, constant: Buffer): Buffer {
  // Every sealed message derives the same keys again. The cache hangs off the base key's Buffer (a WeakMap), so
  // derived keys live exactly as long as the context holding the key, and no key material outlives it.
  let perKey = derived.get(base);
  if (!perKey) {
    perKey = new Map();
    derived.set(base, perKey);
  }
  const id = constant.toString('hex');
  const hit = perKey.get(id);
  if (hit) return hit;
  const key = computeDk(base, constant);
  perKey.set(id, key);
  return key;
}

const derived = new WeakMap<Buffer, Map<string, Buffer>>();

function computeDk(base: Buffer, constant: Buffer): Buffer {
  let block = constant.length === BLOCK ? constant : nfold(constant, BLOCK);
  const out: Buffer[] = [];
  let have = 0;
  while (have < base.length) {
    block = aesBlock(base, block);
    out.push(block);
    have += block.length;
  }
  return Buffer.concat(out).subarray(0, base.length);
}

/** usage (4 bytes big-endian) || one well-known byte: 0xAA encryption, 0x55 integrity, 0x99 checksum [RFC 3961 5.3]. */
export function usageConstant(usage: number, kind: 0xaa | 0x55 | 0x99): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt32BE(usage >>> 0, 0);
  b[4] = kind;
  return b;
}

/** string-to-key [RFC 3962 4]: DK(PBKDF2-HMAC-SHA1(password, salt, iterations), "kerberos"). */
export function aesStringToKey(keyBytes: number, password: string, salt: string, params?: Buffer): Buffer {
  const iterations = params && params.length === 4 ? params.readUInt32BE(0) : DEFAULT_ITERATIONS;
  const tkey = pbkdf2Sync(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), iterations, keyBytes, 'sha1');
  return deriveKey(tkey, Buffer.from('kerberos'));
}

function hmac96(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha1', key).update(data).digest().subarray(0, MAC_LEN);
}

function makeAes(etype: 17 | 18, keyBytes: 16 | 32, name: string, cksumtype: 15 | 16): Enctype {
  return {
    etype,
    name,
    keyBytes,
    checksumType: cksumtype,
    checksumBytes: MAC_LEN,
    // Confounder (one block) plus the MAC: what encryption adds to a plaintext [RFC 3961 5.3].
    overhead: BLOCK + MAC_LEN,
    stringToKey: (password, salt, params) => aesStringToKey(keyBytes, password, salt, params),
    randomKey: () => randomBytes(keyBytes),
    encrypt(key, usage, plain, confounder = randomBytes(BLOCK)) {
      const ke = deriveKey(key, usageConstant(usage, 0xaa));
      const ki = deriveKey(key, usageConstant(usage, 0x55));
      const data = Buffer.concat([confounder, plain]);
      return Buffer.concat([ctsEncrypt(ke, data), hmac96(ki, data)]);
    },
    decrypt(key, usage, cipher) {
      if (cipher.length < BLOCK + MAC_LEN) return undefined;
      const ke = deriveKey(key, usageConstant(usage, 0xaa));
      const ki = deriveKey(key, usageConstant(usage, 0x55));
      const data = ctsDecrypt(ke, cipher.subarray(0, cipher.length - MAC_LEN));
      const mac = cipher.subarray(cipher.length - MAC_LEN);
      if (!timingSafeEqual(hmac96(ki, data), mac)) return undefined;
      return data.subarray(BLOCK);
    },
    checksum: (key, usage, data) => hmac96(deriveKey(key, usageConstant(usage, 0x99)), data),
  };
}

export const AES128_CTS_HMAC_SHA1_96 = makeAes(17, 16, 'aes128-cts-hmac-sha1-96', 15);
export const AES256_CTS_HMAC_SHA1_96 = makeAes(18, 32, 'aes256-cts-hmac-sha1-96', 16);
