/** win_user's return values and diff view of a simulated local user, as ansible.windows.win_user computes them. */
import { lookupAccount } from '../accounts.ts';
import { groupMembers } from '../sam.ts';
import type { HostState, User } from '../state.ts';

export interface UserView {
  name: string;
  fullname: string;
  description: string;
  path: string;
  password_expired: boolean;
  password_never_expires: boolean;
  user_cannot_change_password: boolean;
  account_disabled: boolean;
  account_locked: boolean;
  sid: string;
  groups: string[];
  password?: string;
}

/** Local groups the user is a direct member of, in the host's group order. */
export function userGroups(state: HostState, user: User): string[] {
  const sid = lookupAccount(state, user.name)?.sid;
  return Object.keys(state.groups).filter((g) => groupMembers(state, g).some((m) => lookupAccount(state, m)?.sid === sid));
}

export function userView(state: HostState, user: User): UserView {
  return {
    name: user.name,
    fullname: user.full_name ?? '',
    description: user.description ?? '',
    path: `WinNT://WORKGROUP/${state.hostname}/${user.name}`,
    password_expired: user.password_expired ?? false,
    password_never_expires: user.password_never_expires ?? false,
    user_cannot_change_password: user.user_cannot_change_password ?? false,
    account_disabled: !user.enabled,
    account_locked: user.locked ?? false,
    sid: lookupAccount(state, user.name)?.sid ?? '',
    groups: userGroups(state, user),
  };
}

/** The module's result fields: groups as `{ name, path }`, the password marker dropped. */
export function userResult(state: HostState, view: UserView): Record<string, unknown> {
  const { groups, password: _password, ...rest } = view;
  return { ...rest, groups: groups.map((g) => ({ name: g, path: `WinNT://WORKGROUP/${state.hostname}/${g}` })) };
}
