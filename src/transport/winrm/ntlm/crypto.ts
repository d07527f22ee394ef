/**
 * NTLMv2 crypto [MS-NLMP 3.3.2, 3.4.5]. Names follow the spec's pseudo-code so the two read side by side.
 * MD5 and HMAC-MD5 come from node:crypto; MD4 and RC4 are ours (OpenSSL 3 refuses them).
 */
import { createHash, createHmac } from 'node:crypto';
import { md4 } from './md4.ts';
import { rc4 } from './rc4.ts';
import { NegotiateFlags, utf16 } from './messages.ts';

export function md5(...parts: Buffer[]): Buffer {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
}

export function hmacMd5(key: Buffer, ...parts: Buffer[]): Buffer {
  const h = createHmac('md5', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** NTOWFv1 = MD4(UNICODE(Passwd)) [MS-NLMP 3.3.1]. */
export function ntowfv1(password: string): Buffer {
  return md4(utf16(password));
}

/** NTOWFv2 = HMAC_MD5(NTOWFv1, UNICODE(Uppercase(User) ‖ UserDom)); the domain keeps its case [3.3.2]. */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(ntowfv1(password), utf16(user.toUpperCase() + domain));
}

/** temp = Responserversion ‖ HiResponserversion ‖ Z(6) ‖ Time ‖ ClientChallenge ‖ Z(4) ‖ ServerName ‖ Z(4) [3.3.2]. */
export function ntlmv2Temp(time: Buffer, clientChallenge: Buffer, serverName: Buffer): Buffer {
  return Buffer.concat([Buffer.from([1, 1]), Buffer.alloc(6), time, clientChallenge, Buffer.alloc(4), serverName, Buffer.alloc(4)]);
}

export interface NtlmV2Response {
  ntProofStr: Buffer;
  ntChallengeResponse: Buffer;
  lmChallengeResponse: Buffer;
  sessionBaseKey: Buffer;
}

/**
 * ComputeResponse for NTLMv2 [3.3.2]. `serverName` is the encoded AV pair list (ending with MsvAvEOL) that goes in
 * the blob. `zeroLm` sends Z(24) as the LM response, required when the CHALLENGE carried MsvAvTimestamp.
 */
export function computeResponseV2(args: {
  responseKeyNT: Buffer;
  serverChallenge: Buffer;
  clientChallenge: Buffer;
  time: Buffer;
  serverName: Buffer;
  zeroLm?: boolean;
}): NtlmV2Response {
  const temp = ntlmv2Temp(args.time, args.clientChallenge, args.serverName);
  const ntProofStr = hmacMd5(args.responseKeyNT, args.serverChallenge, temp);
  const lm = args.zeroLm
    ? Buffer.alloc(24)
    : Buffer.concat([hmacMd5(args.responseKeyNT, args.serverChallenge, args.clientChallenge), args.clientChallenge]);
  return {
    ntProofStr,
    ntChallengeResponse: Buffer.concat([ntProofStr, temp]),
    lmChallengeResponse: lm,
    sessionBaseKey: hmacMd5(args.responseKeyNT, ntProofStr),
  };
}

/** SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr) [3.3.2]; also what a server recomputes. */
export function sessionBaseKeyV2(responseKeyNT: Buffer, ntProofStr: Buffer): Buffer {
  return hmacMd5(responseKeyNT, ntProofStr);
}

/** KXKEY for NTLMv2 is the SessionBaseKey itself [3.4.5.1]. */
export function kxkey(sessionBaseKey: Buffer): Buffer {
  return sessionBaseKey;
}

/** EncryptedRandomSessionKey = RC4K(KeyExchangeKey, ExportedSessionKey) [3.1.5.1.2]; RC4 decrypts the same way. */
export function encryptRandomSessionKey(keyExchangeKey: Buffer, exportedSessionKey: Buffer): Buffer {
  return rc4(keyExchangeKey, exportedSessionKey);
}

export type Direction = 'client-to-server' | 'server-to-client';

const magic = (what: 'signing' | 'sealing', dir: Direction): Buffer =>
  Buffer.from(`session key to ${dir} ${what} key magic constant\0`, 'latin1');

/** SIGNKEY [3.4.5.2] (extended session security is always on here). */
export function signKey(exportedSessionKey: Buffer, dir: Direction): Buffer {
  return md5(exportedSessionKey, magic('signing', dir));
}

/** SEALKEY [3.4.5.3]: the whole key with NEGOTIATE_128, 7 bytes with 56, else 5 bytes. */
export function sealKey(flags: number, exportedSessionKey: Buffer, dir: Direction): Buffer {
  const len = flags & NegotiateFlags.N128 ? 16 : flags & NegotiateFlags.N56 ? 7 : 5;
  return md5(exportedSessionKey.subarray(0, len), magic('sealing', dir));
}

/** MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE ‖ CHALLENGE ‖ AUTHENTICATE with MIC zeroed) [3.1.5.1.2]. */
export function computeMic(exportedSessionKey: Buffer, negotiate: Buffer, challenge: Buffer, authenticate: Buffer): Buffer {
  return hmacMd5(exportedSessionKey, negotiate, challenge, authenticate);
}

/** FILETIME now: 100 ns ticks since 1601-01-01, u64 little-endian. */
export function fileTimeNow(now = Date.now()): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(now) + 11644473600000n) * 10000n);
  return b;
}
