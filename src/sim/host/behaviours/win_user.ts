/**
 * ansible.windows.win_user against the simulated SAM, in win_user.ps1's order: create (or password), flags and
 * descriptive fields, then group memberships. Like Ansible, a disabled or expired account gets its password set on
 * every run (it cannot be verified by a logon); the password policy is checked in check mode too, so a rehearsal
 * predicts the 2245 refusal.
 */
import { lookupAccount } from '../accounts.ts';
import {
  type UserFlags, addMember, checkPasswordPolicy, createUser, deleteUser, findGroupName, findLocalUser, removeMember,
  setPassword, updateUser,
} from '../sam.ts';
import type { Actor } from '../services.ts';
import type { HostState, User } from '../state.ts';
import { WindowsError } from '../windows-error.ts';
import { type Behaviour, ModuleFailure } from './types.ts';
import { type UserView, userResult, userView } from './win-user-view.ts';

interface Args {
  name: string;
  password?: string;
  update_password?: 'always' | 'on_create';
  state?: 'present' | 'absent' | 'query';
  fullname?: string;
  description?: string;
  groups?: string[];
  groups_action?: 'add' | 'remove' | 'replace';
  account_disabled?: boolean;
  account_locked?: boolean;
  password_never_expires?: boolean;
  password_expired?: boolean;
  user_cannot_change_password?: boolean;
}

export const winUser: Behaviour = (state, rawArgs, ctx) => {
  const a = rawArgs as unknown as Args;
  if (a.account_locked === true) throw new ModuleFailure("account_locked must be set to 'no' if provided");
  const user = findLocalUser(state, a.name);
  const before = user ? userView(state, user) : undefined;
  const diff = (after: UserView | undefined) => (ctx.diff ? { diff: { before: before ?? '', after: after ?? '' } } : {});
  const mode = a.state ?? 'present';
  if (mode === 'query') {
    return { changed: false, name: a.name, state: user ? 'present' : 'absent', msg: `Querying user '${a.name}'`, ...(before ? userResult(state, before) : {}), ...diff(before) };
  }
  const actor: Actor = { account: ctx.account, log: ctx.log };
  try {
    if (mode === 'absent') {
      if (user && !ctx.check) deleteUser(state, user, actor);
      return { changed: user !== undefined, name: a.name, state: 'absent', msg: user ? `User '${user.name}' deleted successfully` : `User '${a.name}' was not found`, ...diff(undefined) };
    }
    const plan = present(state, a, user, actor, ctx.check);
    const live = findLocalUser(state, a.name);
    const view = ctx.check || !live ? plan.after : userView(state, live);
    return { changed: plan.changed, name: a.name, state: 'present', ...userResult(state, view), ...diff(plan.after) };
  } catch (e) {
    if (e instanceof WindowsError) throw new ModuleFailure(`Failed to manage user '${a.name}': ${e.message}`);
    throw e;
  }
};

function present(state: HostState, a: Args, existing: User | undefined, actor: Actor, check: boolean): { changed: boolean; after: UserView } {
  let changed = false;
  let user = existing;
  const after: UserView = existing
    ? userView(state, existing)
    : { ...blankView(state, a.name), ...(a.password !== undefined ? { password: 'REDACTED' } : {}) };
  if (!existing) {
    changed = true;
    checkPasswordPolicy(a.name, a.password ?? '');
    if (!check) user = createUser(state, a.name, a.password ?? '', actor);
  } else if (a.password !== undefined && (a.update_password ?? 'always') === 'always') {
    // win_user cannot test a disabled or expired account's password, so it sets it every time.
    if (!existing.enabled || existing.password_expired || existing.password !== a.password) {
      changed = true;
      after.password = 'CHANGED REDACTED';
      checkPasswordPolicy(existing.name, a.password);
      if (!check) setPassword(state, existing, a.password, actor);
    }
  }
  const flags = wantedFlags(a);
  const viewKeys: Array<[keyof UserFlags, keyof UserView, (v: unknown) => unknown]> = [
    ['full_name', 'fullname', (v) => v], ['description', 'description', (v) => v], ['password_expired', 'password_expired', (v) => v],
    ['enabled', 'account_disabled', (v) => !v], ['password_never_expires', 'password_never_expires', (v) => v],
    ['user_cannot_change_password', 'user_cannot_change_password', (v) => v], ['locked', 'account_locked', (v) => v],
  ];
  for (const [flag, key, toView] of viewKeys) {
    const v = flags[flag];
    if (v === undefined || after[key] === toView(v)) continue;
    changed = true;
    (after as unknown as Record<string, unknown>)[key] = toView(v);
  }
  if (user && !check) updateUser(state, user, flags, actor);
  if (a.groups !== undefined) changed = groups(state, a, user, after, actor, check) || changed;
  return { changed, after };
}

function blankView(state: HostState, name: string): UserView {
  return {
    name, fullname: '', description: '', path: `WinNT://WORKGROUP/${state.hostname}/${name}`, password_expired: false, password_never_expires: false,
    user_cannot_change_password: false, account_disabled: false, account_locked: false, sid: '', groups: ['Users'],
  };
}

function wantedFlags(a: Args): UserFlags {
  return {
    full_name: a.fullname,
    description: a.description,
    password_expired: a.password_expired,
    enabled: a.account_disabled === undefined ? undefined : !a.account_disabled,
    password_never_expires: a.password_never_expires,
    user_cannot_change_password: a.user_cannot_change_password,
    // account_locked: false unlocks; true was refused above.
    locked: a.account_locked === false ? false : undefined,
  };
}

function groups(state: HostState, a: Args, user: User | undefined, after: UserView, actor: Actor, check: boolean): boolean {
  const wanted = (a.groups ?? []).map((g) => {
    const key = findGroupName(state, g);
    if (key === undefined) throw new ModuleFailure(`group '${g}' not found`);
    return key;
  });
  const have = after.groups;
  const action = a.groups_action ?? 'replace';
  const toAdd = action === 'remove' ? [] : wanted.filter((g) => !have.includes(g));
  const toRemove = action === 'remove' ? wanted.filter((g) => have.includes(g)) : action === 'replace' ? have.filter((g) => !wanted.includes(g)) : [];
  after.groups = [...have.filter((g) => !toRemove.includes(g)), ...toAdd.filter((g, i) => toAdd.indexOf(g) === i)];
  const account = user ? lookupAccount(state, user.name) : undefined;
  if (!check && account) {
    for (const g of toAdd) addMember(state, g, account, actor);
    for (const g of toRemove) removeMember(state, g, account, actor);
  }
  return toAdd.length + toRemove.length > 0;
}
