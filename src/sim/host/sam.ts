/**
 * The local Security Accounts Manager as pure operations on HostState: users, local groups and their members.
 * Each raises Windows' own error where Windows refuses (the NetUser and NetLocalGroup codes and texts) and logs every
 * change to the rehearsal log with the acting account. Passwords never reach the log.
 */
import { badGroupName, badUserName, checkGroupName, checkUserName } from './account-names.ts';
import { type Account, findUser, lookupAccount, qualify } from './accounts.ts';
import { BUILTIN_LOCAL_GROUPS } from './builtin-accounts.ts';
import type { Actor } from './services.ts';
import type { HostState, User } from './state.ts';
import { WindowsError } from './windows-error.ts';

/** NetUser and NetLocalGroup errors used here, with `net helpmsg` texts (Windows Server 2019, en-US). */
export const SAM_ERRORS = {
  accessDenied: () => new WindowsError(5, 'Access is denied.'),
  builtin: () => new WindowsError(1371, 'Cannot perform this operation on built-in accounts.'),
  userExists: () => new WindowsError(2224, 'The account already exists.'),
  groupExists: () => new WindowsError(1379, 'The specified local group already exists.'),
  noGroup: () => new WindowsError(1376, 'The specified local group does not exist.'),
  noUser: () => new WindowsError(2221, 'The user name could not be found.'),
  /** NERR_BadUsername: a user name NetUserAdd refuses (account-names.ts). */
  badUserName,
  /** ERROR_INVALID_ACCOUNT_NAME: a local group name NetLocalGroupAdd refuses (account-names.ts). */
  badGroupName,
  passwordPolicy: () =>
    new WindowsError(2245, 'The password does not meet the password policy requirements. Check the minimum password length, password complexity and password history requirements.'),
} as const;

/**
 * The local policy's "Password must meet complexity requirements" (on by default on Windows Server): three of
 * upper case, lower case, digits and other characters, at least 6 long, and not containing the account name.
 */
export function checkPasswordPolicy(name: string, password: string): void {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const containsName = name.length > 2 && password.toLowerCase().includes(name.toLowerCase());
  if (password.length < 6 || classes < 3 || containsName) throw SAM_ERRORS.passwordPolicy();
}

/** The built-in groups (builtin-accounts.ts) and accounts (RID below 1000) resist deletion; names are en-US here. */
const BUILTIN_GROUP_NAMES = new Set(BUILTIN_LOCAL_GROUPS.map((g) => g.name.toLowerCase()));

/** The RID of a local account as LookupAccountName gives it (Administrator 500 when the state has no rid). */
function ridOf(state: HostState, user: User): number {
  const sid = lookupAccount(state, qualify(state, user.name))?.sid ?? '';
  return user.rid ?? Number(sid.slice(sid.lastIndexOf('-') + 1));
}

function record(state: HostState, actor: Actor, what: string, target: string, detail?: Record<string, unknown>): void {
  actor.log.append({ host: state.hostname, account: actor.account, what, target, ...(detail ? { detail } : {}) });
}

/** Whether a local user with this (unqualified or `.\`/`HOST\`) name exists. */
export function findLocalUser(state: HostState, name: string): User | undefined {
  const u = findUser(state, name);
  return u && qualify(state, u.name).startsWith(`${state.hostname}\\`) ? u : undefined;
}

/**
 * NetUserAdd: the name must be valid (2202), unused by any user or group (2224), the password within policy (2245).
 * `passwordNotRequired` is UF_PASSWD_NOTREQD (New-LocalUser -NoPassword): the empty password is not checked.
 */
export function createUser(state: HostState, name: string, password: string, actor: Actor, opts: { passwordNotRequired?: boolean } = {}): User {
  checkUserName(name);
  if (findLocalUser(state, name) || findGroupName(state, name)) throw SAM_ERRORS.userExists();
  if (!opts.passwordNotRequired) checkPasswordPolicy(name, password);
  const rid = Math.max(1000, ...state.users.map((u) => u.rid ?? 0)) + 1;
  const user: User = { name, password, enabled: true, rid, ...(opts.passwordNotRequired ? { password_not_required: true } : {}) };
  state.users.push(user);
  // New local accounts join Users, as NetUserAdd does.
  (state.groups.Users ??= []).push(`${state.hostname}\\${name}`);
  record(state, actor, 'user.create', `${state.hostname}\\${name}`);
  return user;
}

export function deleteUser(state: HostState, user: User, actor: Actor): void {
  // Administrator, Guest, DefaultAccount, WDAGUtilityAccount: SAM refuses to delete any account below RID 1000.
  if (ridOf(state, user) < 1000 || user.name.toLowerCase() === 'administrator') throw SAM_ERRORS.builtin();
  const q = qualify(state, user.name).toLowerCase();
  state.users = state.users.filter((u) => u !== user);
  // Windows leaves orphaned SIDs in rights; local group membership goes with the account.
  for (const [g, members] of Object.entries(state.groups)) state.groups[g] = members.filter((m) => qualify(state, m).toLowerCase() !== q);
  record(state, actor, 'user.delete', qualify(state, user.name));
}

export type UserFlags = Partial<
  Pick<User, 'enabled' | 'locked' | 'full_name' | 'description' | 'home_directory' | 'login_script' | 'profile' | 'password_never_expires' | 'user_cannot_change_password' | 'password_expired'>
>;

/** NetUserSetInfo for the flags and descriptive fields; logs only what differs. */
export function updateUser(state: HostState, user: User, flags: UserFlags, actor: Actor): boolean {
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flags) as Array<[keyof UserFlags, unknown]>) {
    if (v === undefined || (user[k] ?? defaultFlag(k)) === v) continue;
    (user as unknown as Record<string, unknown>)[k] = v;
    changed[k] = v;
  }
  if (Object.keys(changed).length === 0) return false;
  record(state, actor, 'user.update', qualify(state, user.name), changed);
  return true;
}

function defaultFlag(k: keyof UserFlags): unknown {
  if (k === 'full_name' || k === 'description' || k === 'home_directory' || k === 'login_script' || k === 'profile') return '';
  return k === 'enabled';
}

export function setPassword(state: HostState, user: User, password: string, actor: Actor): void {
  checkPasswordPolicy(user.name, password);
  user.password = password;
  user.password_expired = false;
  record(state, actor, 'user.set_password', qualify(state, user.name), { credentials: 'password changed' });
}

export function findGroupName(state: HostState, name: string): string | undefined {
  const a = lookupAccount(state, name);
  return a?.kind === 'group' ? a.group : undefined;
}

/** NetLocalGroupAdd: the name must be valid (1315) and unused by any group or user (1379). */
export function createGroup(state: HostState, name: string, description: string | undefined, actor: Actor): void {
  checkGroupName(name);
  if (findGroupName(state, name) || findLocalUser(state, name)) throw SAM_ERRORS.groupExists();
  state.groups[name] = [];
  if (description !== undefined) (state.group_descriptions ??= {})[name] = description;
  record(state, actor, 'group.create', name, description !== undefined ? { description } : undefined);
}

export function deleteGroup(state: HostState, group: string, actor: Actor): void {
  if (BUILTIN_GROUP_NAMES.has(group.toLowerCase())) throw SAM_ERRORS.builtin();
  delete state.groups[group];
  if (state.group_descriptions) delete state.group_descriptions[group];
  record(state, actor, 'group.delete', group);
}

/**
 * The SID string of a local group named `name` (`Performance Monitor Users`, `BUILTIN\\Users`, a SID string, any
 * case): `S-1-5-32-RID` for the built-in ones, the machine's domain SID plus a RID for created ones. Undefined
 * when the host has no such group.
 */
export function groupSid(state: HostState, name: string): string | undefined {
  const a = lookupAccount(state, name);
  return a?.kind === 'group' ? a.sid : undefined;
}

/** The HostState.groups key of the local group with this SID string (`S-1-5-32-558` → `Performance Monitor Users`). */
export function findGroupBySid(state: HostState, sid: string): string | undefined {
  const s = sid.trim();
  if (!/^S-1-(\d+-)*\d+$/i.test(s)) return undefined;
  const a = lookupAccount(state, s);
  return a?.kind === 'group' ? a.group : undefined;
}

export function groupDescription(state: HostState, group: string): string {
  return state.group_descriptions?.[group] ?? '';
}

export function setGroupDescription(state: HostState, group: string, description: string, actor: Actor): boolean {
  if (groupDescription(state, group) === description) return false;
  (state.group_descriptions ??= {})[group] = description;
  record(state, actor, 'group.set_description', group, { description });
  return true;
}

/** Members as LookupAccountSid names; a member that no longer resolves keeps its stored name (an orphaned SID). */
export function groupMembers(state: HostState, group: string): string[] {
  return (state.groups[group] ?? []).map((m) => lookupAccount(state, m)?.name ?? m);
}

function memberIndex(state: HostState, group: string, account: Account): number {
  return (state.groups[group] ?? []).findIndex((m) => lookupAccount(state, m)?.sid === account.sid);
}

export function isMember(state: HostState, group: string, account: Account): boolean {
  return memberIndex(state, group, account) >= 0;
}

/** NetLocalGroupAddMembers; a group cannot hold itself, as on Windows. Returns false when already a member. */
export function addMember(state: HostState, group: string, account: Account, actor: Actor): boolean {
  if (isMember(state, group, account)) return false;
  if (account.kind === 'group' && account.group === group) throw new WindowsError(1387, 'A new member could not be added to or removed from the local group because the member does not exist.');
  (state.groups[group] ??= []).push(account.name);
  record(state, actor, 'group.add_member', group, { member: account.name });
  return true;
}

export function removeMember(state: HostState, group: string, account: Account, actor: Actor): boolean {
  const i = memberIndex(state, group, account);
  if (i < 0) return false;
  state.groups[group]?.splice(i, 1);
  record(state, actor, 'group.remove_member', group, { member: account.name });
  return true;
}
