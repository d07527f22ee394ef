/**
 * LogonUser as the local security authority answers it, for the simulated host: the Win32 code a logon of the given
 * type would end with (0 when it succeeds). Used by the façade's logon tests (Test-WbPassword, Test-WbServiceLogon)
 * and by anything that needs to tell a wrong password (1326) from a missing logon right (1385).
 */
import { findUser, holdsRight, qualify } from './accounts.ts';
import type { HostState } from './state.ts';

export type LogonType = 'network' | 'service';

/** FormatMessage texts (en-US) of the codes logonUser returns. */
export const LOGON_MESSAGES: Record<number, string> = {
  1326: 'The user name or password is incorrect.',
  1327: 'Account restrictions are preventing this user from signing in. For example: blank passwords aren\'t allowed, sign-in times are limited, or a policy restriction has been enforced.',
  1330: 'The password for this account has expired.',
  1331: 'This user can\'t sign in because this account is currently disabled.',
  1385: 'Logon failure: the user has not been granted the requested logon type at this computer.',
  1907: 'The user\'s password must be changed before signing in.',
  1909: 'The referenced account is currently locked out and may not be logged on to.',
};

const LOGON_RIGHT: Record<LogonType, { grant?: string; deny: string }> = {
  // SeNetworkLogonRight is held by Everyone by default; only the deny right is modelled for network logons.
  network: { deny: 'SeDenyNetworkLogonRight' },
  service: { grant: 'SeServiceLogonRight', deny: 'SeDenyServiceLogonRight' },
};

/**
 * The Win32 code of LogonUser(name, password, type): `user`, `.\user`, `HOST\user` or `DOMAIN\user` (a domain
 * account the host knows). A locked-out account is refused before its password is checked, as the SAM does; a blank
 * password is refused for a network logon (LimitBlankPasswordUse).
 */
export function logonUser(state: HostState, name: string, password: string, type: LogonType): number {
  const user = findUser(state, name);
  if (!user) return 1326;
  if (user.locked) return 1909;
  if (user.password !== password) return 1326;
  if (password === '' && type === 'network') return 1327;
  if (!user.enabled) return 1331;
  if (user.password_expired) return 1907;
  const principal = qualify(state, user.name);
  const rights = LOGON_RIGHT[type];
  if (holdsRight(state, principal, rights.deny)) return 1385;
  if (rights.grant !== undefined && !holdsRight(state, principal, rights.grant)) return 1385;
  return 0;
}
