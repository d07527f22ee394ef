/**
 * The LSA policy's user rights (LsaAddAccountRights / LsaRemoveAccountRights / LsaEnumerateAccountsWithUserRight)
 * as pure operations on HostState. Holders are stored by their LookupAccountSid name and compared by SID.
 */
import { type Account, lookupAccount } from './accounts.ts';
import type { Actor } from './services.ts';
import type { HostState } from './state.ts';
import { WindowsError } from './windows-error.ts';

/** The logon rights and privileges LSA knows (winnt.h / ntsecapi.h constants). */
export const KNOWN_RIGHTS = new Set([
  'SeServiceLogonRight', 'SeBatchLogonRight', 'SeInteractiveLogonRight', 'SeNetworkLogonRight', 'SeRemoteInteractiveLogonRight',
  'SeDenyServiceLogonRight', 'SeDenyBatchLogonRight', 'SeDenyInteractiveLogonRight', 'SeDenyNetworkLogonRight', 'SeDenyRemoteInteractiveLogonRight',
  'SeAssignPrimaryTokenPrivilege', 'SeAuditPrivilege', 'SeBackupPrivilege', 'SeChangeNotifyPrivilege', 'SeCreateGlobalPrivilege',
  'SeCreatePagefilePrivilege', 'SeCreatePermanentPrivilege', 'SeCreateSymbolicLinkPrivilege', 'SeCreateTokenPrivilege', 'SeDebugPrivilege',
  'SeDelegateSessionUserImpersonatePrivilege', 'SeEnableDelegationPrivilege', 'SeImpersonatePrivilege', 'SeIncreaseBasePriorityPrivilege',
  'SeIncreaseQuotaPrivilege', 'SeIncreaseWorkingSetPrivilege', 'SeLoadDriverPrivilege', 'SeLockMemoryPrivilege', 'SeMachineAccountPrivilege',
  'SeManageVolumePrivilege', 'SeProfileSingleProcessPrivilege', 'SeRelabelPrivilege', 'SeRemoteShutdownPrivilege', 'SeRestorePrivilege',
  'SeSecurityPrivilege', 'SeShutdownPrivilege', 'SeSyncAgentPrivilege', 'SeSystemEnvironmentPrivilege', 'SeSystemProfilePrivilege',
  'SeSystemtimePrivilege', 'SeTakeOwnershipPrivilege', 'SeTcbPrivilege', 'SeTimeZonePrivilege', 'SeTrustedCredManAccessPrivilege', 'SeUndockPrivilege',
]);

/** The canonical constant for a right name (LSA compares them case-insensitively), or undefined. */
export function canonicalRight(name: string): string | undefined {
  const n = name.toLowerCase();
  return [...KNOWN_RIGHTS].find((r) => r.toLowerCase() === n);
}

/** STATUS_NO_SUCH_PRIVILEGE as LsaNtStatusToWinError shows it. */
export function noSuchPrivilege(): WindowsError {
  return new WindowsError(1313, 'A specified privilege does not exist.');
}

function record(state: HostState, actor: Actor, what: string, right: string, account: string): void {
  actor.log.append({ host: state.hostname, account: actor.account, what, target: right, detail: { account } });
}

/** Holders of a right as LookupAccountSid names (an unresolvable one keeps its stored text). */
export function rightHolders(state: HostState, right: string): string[] {
  return (state.rights[right] ?? []).map((h) => lookupAccount(state, h)?.name ?? h);
}

export function holdsDirectly(state: HostState, right: string, account: Account): boolean {
  return (state.rights[right] ?? []).some((h) => lookupAccount(state, h)?.sid === account.sid);
}

export function grantRight(state: HostState, right: string, account: Account, actor: Actor): boolean {
  if (!KNOWN_RIGHTS.has(right)) throw noSuchPrivilege();
  if (holdsDirectly(state, right, account)) return false;
  (state.rights[right] ??= []).push(account.name);
  record(state, actor, 'right.grant', right, account.name);
  return true;
}

export function revokeRight(state: HostState, right: string, holder: Account, actor: Actor): boolean {
  if (!KNOWN_RIGHTS.has(right)) throw noSuchPrivilege();
  const list = state.rights[right] ?? [];
  const i = list.findIndex((h) => lookupAccount(state, h)?.sid === holder.sid);
  if (i < 0) return false;
  list.splice(i, 1);
  record(state, actor, 'right.revoke', right, holder.name);
  return true;
}
