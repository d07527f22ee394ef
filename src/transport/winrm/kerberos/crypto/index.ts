/** The encryption types winbook speaks, by etype number, and the key usages of RFC 4120 7.5.1 and RFC 4121 2. */
import { KerberosError } from '../errors.ts';
import { AES128_CTS_HMAC_SHA1_96, AES256_CTS_HMAC_SHA1_96 } from './aes-sha1.ts';
import type { Enctype } from './enctype.ts';
import { RC4_HMAC } from './rc4-hmac.ts';

export type { Enctype } from './enctype.ts';
export { AES128_CTS_HMAC_SHA1_96, AES256_CTS_HMAC_SHA1_96, RC4_HMAC };

export const Etype = { AES256: 18, AES128: 17, RC4_HMAC: 23 } as const;

export const KeyUsage = {
  AS_REQ_PA_ENC_TIMESTAMP: 1,
  TICKET: 2,
  AS_REP_ENC_PART: 3,
  TGS_REQ_AUTH_CKSUM: 6,
  TGS_REQ_AUTH: 7,
  TGS_REP_ENC_PART_SESSION: 8,
  TGS_REP_ENC_PART_SUBKEY: 9,
  AP_REQ_AUTH_CKSUM: 10,
  AP_REQ_AUTH: 11,
  AP_REP_ENC_PART: 12,
  KRB_CRED_ENC_PART: 14,
  GSS_ACCEPTOR_SEAL: 22,
  GSS_ACCEPTOR_SIGN: 23,
  GSS_INITIATOR_SEAL: 24,
  GSS_INITIATOR_SIGN: 25,
} as const;

const ALL: Enctype[] = [AES256_CTS_HMAC_SHA1_96, AES128_CTS_HMAC_SHA1_96, RC4_HMAC];

/** Default preference, strongest first; RC4 is offered only when the caller lists it. */
export const DEFAULT_ETYPES: number[] = [Etype.AES256, Etype.AES128];

export function enctype(etype: number): Enctype {
  const e = ALL.find((x) => x.etype === etype);
  if (!e) {
    throw new KerberosError('KRB_ETYPE_UNSUPPORTED', `encryption type ${etype} is not supported`, {
      hint: 'winbook speaks aes256-cts-hmac-sha1-96 (18), aes128-cts-hmac-sha1-96 (17) and, when asked, rc4-hmac (23)',
    });
  }
  return e;
}

export function enctypeName(etype: number): string {
  return ALL.find((x) => x.etype === etype)?.name ?? `etype ${etype}`;
}
