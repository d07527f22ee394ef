/**
 * KRB-ERROR codes [RFC 4120 7.5.9, RFC 6806 for WRONG_REALM] with what an administrator should read and do.
 */
import { KerberosError } from './errors.ts';
import type { KrbErrorMsg } from './kdc-messages.ts';
import { principalToString } from './types.ts';

export const KrbErrorCode = {
  KDC_ERR_NAME_EXP: 1,
  KDC_ERR_SERVICE_EXP: 2,
  KDC_ERR_BAD_PVNO: 3,
  KDC_ERR_C_PRINCIPAL_UNKNOWN: 6,
  KDC_ERR_S_PRINCIPAL_UNKNOWN: 7,
  KDC_ERR_PRINCIPAL_NOT_UNIQUE: 8,
  KDC_ERR_NULL_KEY: 9,
  KDC_ERR_POLICY: 12,
  KDC_ERR_BADOPTION: 13,
  KDC_ERR_ETYPE_NOSUPP: 14,
  KDC_ERR_PADATA_TYPE_NOSUPP: 16,
  KDC_ERR_CLIENT_REVOKED: 18,
  KDC_ERR_KEY_EXPIRED: 23,
  KDC_ERR_PREAUTH_FAILED: 24,
  KDC_ERR_PREAUTH_REQUIRED: 25,
  KDC_ERR_SERVER_NOMATCH: 26,
  KDC_ERR_SVC_UNAVAILABLE: 29,
  KRB_AP_ERR_BAD_INTEGRITY: 31,
  KRB_AP_ERR_TKT_EXPIRED: 32,
  KRB_AP_ERR_TKT_NYV: 33,
  KRB_AP_ERR_REPEAT: 34,
  KRB_AP_ERR_NOT_US: 35,
  KRB_AP_ERR_BADMATCH: 36,
  KRB_AP_ERR_SKEW: 37,
  KRB_AP_ERR_BADADDR: 38,
  KRB_AP_ERR_BADVERSION: 39,
  KRB_AP_ERR_MSG_TYPE: 40,
  KRB_AP_ERR_MODIFIED: 41,
  KRB_AP_ERR_BADORDER: 42,
  KRB_AP_ERR_BADKEYVER: 44,
  KRB_AP_ERR_NOKEY: 45,
  KRB_AP_ERR_MUT_FAIL: 46,
  KRB_AP_ERR_BADDIRECTION: 47,
  KRB_AP_ERR_METHOD: 48,
  KRB_AP_ERR_BADSEQ: 49,
  KRB_AP_ERR_INAPP_CKSUM: 50,
  KRB_ERR_RESPONSE_TOO_BIG: 52,
  KRB_ERR_GENERIC: 60,
  KRB_ERR_FIELD_TOOLONG: 61,
  KDC_ERR_WRONG_REALM: 68,
} as const;

export type KrbErrorName = keyof typeof KrbErrorCode;

export function krbErrorName(code: number): string {
  for (const [name, n] of Object.entries(KrbErrorCode)) if (n === code) return name;
  return `KRB_ERR_${code}`;
}

/** Hints by code: what usually causes it on a Windows domain and what to do. */
const HINTS: Partial<Record<KrbErrorName, string>> = {
  KDC_ERR_C_PRINCIPAL_UNKNOWN: 'check the user name (ansible_user as user@REALM) and that the account exists in this realm',
  KDC_ERR_S_PRINCIPAL_UNKNOWN:
    'no account holds this SPN: register it (setspn -S HTTP/<host> <computer>), connect by the name the SPN uses (not an IP), or set the SPN explicitly',
  KDC_ERR_PREAUTH_FAILED: 'the password is wrong (or the account changed its password); check ansible_password',
  KDC_ERR_CLIENT_REVOKED: 'the account is disabled, locked out or expired; ask a domain administrator',
  KDC_ERR_KEY_EXPIRED: 'the password has expired; change it, then retry',
  KDC_ERR_ETYPE_NOSUPP: 'the KDC and winbook share no encryption type: enable AES for the account, or allow rc4-hmac explicitly',
  KDC_ERR_WRONG_REALM: 'the realm in ansible_user is not the account\'s realm; use user@<its realm>',
  KRB_AP_ERR_SKEW: 'the clocks differ by more than 5 minutes: synchronise this machine and the domain (NTP, w32tm /resync)',
  KRB_AP_ERR_TKT_EXPIRED: 'the ticket has expired: kinit again, or give a password so winbook gets a fresh one',
  KRB_AP_ERR_MODIFIED: "the service's key does not decrypt the ticket: the host's keytab or computer password is stale, or the SPN is registered on another account",
  KRB_AP_ERR_NOKEY: 'the service has no key for this SPN: check the SPN (HTTP/<host>) and the service keytab',
  KRB_AP_ERR_BADKEYVER: "the service's key version differs from the KDC's: re-export the keytab (kvno mismatch)",
  KRB_AP_ERR_NOT_US: 'the ticket is for another service: check the SPN',
};

export function hintFor(name: string): string | undefined {
  return HINTS[name as KrbErrorName];
}

/** A KRB-ERROR from a KDC or acceptor, as a KerberosError an administrator can act on. */
export function fromKrbError(e: KrbErrorMsg, context: { client?: string; now?: Date }): KerberosError {
  const name = krbErrorName(e.errorCode);
  const service = principalToString(e.sname, e.realm);
  const client = context.client ?? (e.cname ? principalToString(e.cname, e.crealm ?? e.realm) : undefined);
  let what: string;
  switch (name) {
    case 'KDC_ERR_C_PRINCIPAL_UNKNOWN':
      what = `the KDC for ${e.realm} does not know the user ${client ?? '(unknown)'}`;
      break;
    case 'KDC_ERR_S_PRINCIPAL_UNKNOWN':
      what = `the KDC for ${e.realm} knows no service principal ${service}`;
      break;
    case 'KDC_ERR_PREAUTH_FAILED':
      what = `pre-authentication failed for ${client ?? 'the user'}: wrong password`;
      break;
    case 'KRB_AP_ERR_SKEW': {
      const skew = context.now ? Math.round((context.now.getTime() - e.stime.getTime()) / 1000) : undefined;
      what = `clock skew too great${skew === undefined ? '' : `: this machine is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the server`}`;
      break;
    }
    default:
      what = `Kerberos error ${name} (${e.errorCode}) for ${service}`;
  }
  const text = e.eText ? ` (${e.eText})` : '';
  return new KerberosError(name, `${what}${text}`, { hint: hintFor(name), krbCode: e.errorCode });
}
