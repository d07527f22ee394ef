/**
 * rc4-hmac (etype 23) [RFC 4757], the Windows 2000 enctype: key = MD4(UTF-16LE(password)), HMAC-MD5 per usage,
 * RC4 encryption. Used only when asked (it is weak); Node's OpenSSL 3 refuses RC4 and MD4, so NTLM's own are reused.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { md4 } from '../../ntlm/md4.ts';
import { rc4 } from '../../ntlm/rc4.ts';
import type { Enctype } from './enctype.ts';

const CONFOUNDER = 8;
const MAC = 16;

function hmacMd5(key: Buffer, ...data: Buffer[]): Buffer {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return h.digest();
}

/** RFC 4757 3: Kerberos usages 3 and 23 have other numbers in Microsoft's scheme; the rest are the same. */
function msUsage(usage: number): Buffer {
  const mapped = usage === 3 ? 8 : usage === 23 ? 13 : usage;
  const b = Buffer.alloc(4);
  b.writeInt32LE(mapped, 0);
  return b;
}

export const RC4_HMAC: Enctype = {
  etype: 23,
  name: 'arcfour-hmac',
  keyBytes: 16,
  checksumType: -138,
  checksumBytes: 16,
  overhead: CONFOUNDER + MAC,
  stringToKey: (password) => md4(Buffer.from(password, 'utf16le')),
  randomKey: () => randomBytes(16),
  encrypt(key, usage, plain, confounder = randomBytes(CONFOUNDER)) {
    const k1 = hmacMd5(key, msUsage(usage));
    const data = Buffer.concat([confounder, plain]);
    const checksum = hmacMd5(k1, data);
    const k3 = hmacMd5(k1, checksum);
    return Buffer.concat([checksum, rc4(k3, data)]);
  },
  decrypt(key, usage, cipher) {
    if (cipher.length < CONFOUNDER + MAC) return undefined;
    const k1 = hmacMd5(key, msUsage(usage));
    const checksum = cipher.subarray(0, MAC);
    const k3 = hmacMd5(k1, checksum);
    const data = rc4(k3, cipher.subarray(MAC));
    if (!timingSafeEqual(hmacMd5(k1, data), checksum)) return undefined;
    return data.subarray(CONFOUNDER);
  },
  // HMAC-MD5 checksum, type -138 [RFC 4757 4].
  checksum(key, usage, data) {
    const ksign = hmacMd5(key, Buffer.from('signaturekey\0', 'latin1'));
    const tmp = createHash('md5').update(msUsage(usage)).update(data).digest();
    return hmacMd5(ksign, tmp);
  },
};
