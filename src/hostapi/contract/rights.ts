/**
 * User rights and privileges of the local security policy (LSA), by SID.
 *
 * Windows side (src/hostapi/windows/rights.ps1): LsaOpenPolicy, LsaEnumerateAccountsWithUserRight,
 * LsaEnumerateAccountRights, LsaAddAccountRights, LsaRemoveAccountRights (P/Invoke), NTSTATUS through
 * LsaNtStatusToWinError. Holders are the accounts the right is granted to directly (a member of a holding group is
 * not listed); resolve names with Resolve-WbAccount first.
 */
import type { VerbTable } from './types.ts';

const RIGHT = { type: 'string', required: true, doc: 'the right or privilege constant: SeServiceLogonRight, SeBatchLogonRight, SeDebugPrivilege, …' } as const;
const SID = { type: 'string', required: true, doc: 'the account\'s SID string (Resolve-WbAccount)' } as const;

export const rightsVerbs: VerbTable = {
  'Get-WbRightHolder': {
    domain: 'rights',
    doc: 'LsaEnumerateAccountsWithUserRight: the accounts holding the right directly, each with its LookupAccountSid name ($null for an orphaned SID).',
    params: { Right: RIGHT },
    returns: 'list',
    shape: { Sid: 'the SID string', Name: 'DOMAIN\\name, or $null when the SID no longer maps' },
    errors: { 1313: 'no such right or privilege ("A specified privilege does not exist.")' },
  },
  'Grant-WbRight': {
    domain: 'rights',
    doc: 'LsaAddAccountRights for one right. $false when the account holds it directly already.',
    params: { Right: RIGHT, Sid: SID },
    returns: 'bool',
    errors: { 1313: 'no such right or privilege', 1337: 'a malformed SID string', 5: 'access denied' },
  },
  'Revoke-WbRight': {
    domain: 'rights',
    doc: 'LsaRemoveAccountRights for one right (works for an orphaned SID). $false when the account does not hold it directly.',
    params: { Right: RIGHT, Sid: SID },
    returns: 'bool',
    errors: { 1313: 'no such right or privilege', 1337: 'a malformed SID string', 5: 'access denied' },
  },
};
