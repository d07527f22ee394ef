/**
 * The Node half of the user layer's local accounts cmdlets (src/sim/runner/user-cmdlets/local-accounts.ps1): what
 * Microsoft.PowerShell.LocalAccounts' Sam class asks of the SAM, on the host model (src/sim/host/sam.ts keeps
 * Windows' rules and writes the rehearsal log). Sim-only verbs: a user's script reaches them, a module's own script
 * cannot. Reads are open to every account (SAM grants enumeration to Everyone); every change needs an
 * administrator, as the SAM's DACL has it: another account gets 5.
 */
import { isAdmin, lookupAccount, qualify } from '../host/accounts.ts';
import {
  SAM_ERRORS, createGroup, createUser, deleteGroup, deleteUser, findGroupName, findLocalUser, setGroupDescription, setPassword,
  updateUser,
} from '../host/sam.ts';
import type { Actor } from '../host/services.ts';
import { addGroupMemberBySid, removeGroupMemberBySid } from '../host/sid-entries.ts';
import type { HostState, User } from '../host/state.ts';
import { WindowsError } from '../host/windows-error.ts';
import { groupObject, groupOrThrow, userOrThrow } from './accounts.ts';
import { type SimVerbTable, type VerbContext, bool, reqStr, str } from './types.ts';

function actorOf(ctx: VerbContext): Actor {
  return { account: ctx.account, log: ctx.log };
}

function requireAdmin(ctx: VerbContext): void {
  if (!isAdmin(ctx.state, qualify(ctx.state, ctx.account))) throw SAM_ERRORS.accessDenied();
}

/** NERR_GroupExists: the SAM's STATUS_GROUP_EXISTS, which LocalAccounts reports as NameInUse. */
const nameInUseByGroup = () => new WindowsError(2223, 'The group already exists.');

/** A LocalUser's fields as Sam.MakeLocalUserObject fills them from USER_ALL_INFORMATION. */
function userRow(state: HostState, u: User): Record<string, unknown> {
  return {
    Name: u.name.replace(/^[^\\]*\\/, ''),
    Sid: lookupAccount(state, u.name)?.sid ?? null,
    Enabled: u.enabled,
    FullName: u.full_name ?? '',
    Description: u.description ?? '',
    PasswordNeverExpires: u.password_never_expires ?? false,
    UserMayChangePassword: !(u.user_cannot_change_password ?? false),
    PasswordRequired: !(u.password_not_required ?? false),
  };
}

export const userAccountVerbs: SimVerbTable = {
  /** SamEnumerateUsersInDomain: the local users, in RID order (Administrator 500 first), as Get-LocalUser lists them. */
  'User.Users': (ctx) =>
    ctx.state.users
      .filter((u) => findLocalUser(ctx.state, u.name) === u)
      .map((u) => userRow(ctx.state, u))
      .sort((a, b) => Number(String(a.Sid).split('-').pop()) - Number(String(b.Sid).split('-').pop())),
  /** SamEnumerateAliasesInDomain over the account and builtin domains, as Get-LocalGroup lists them (by name). */
  'User.Groups': (ctx) =>
    Object.keys(ctx.state.groups)
      .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
      .map((g) => groupObject(ctx.state, g)),
  /** SamCreateUser2InDomain, then SamSetInformationUser: the password (unless NoPassword, UF_PASSWD_NOTREQD) and flags. */
  'User.UserCreate': (ctx, args) => {
    requireAdmin(ctx);
    const name = reqStr(args, 'Name');
    if (findGroupName(ctx.state, name) !== undefined && !findLocalUser(ctx.state, name)) throw nameInUseByGroup();
    const noPassword = bool(args, 'NoPassword') ?? false;
    const actor = actorOf(ctx);
    const u = createUser(ctx.state, name, str(args, 'Password') ?? '', actor, { passwordNotRequired: noPassword });
    updateUser(
      ctx.state,
      u,
      {
        full_name: str(args, 'FullName'),
        description: str(args, 'Description'),
        enabled: bool(args, 'Disabled') === true ? false : undefined,
        password_never_expires: bool(args, 'PasswordNeverExpires') === true ? true : undefined,
        user_cannot_change_password: bool(args, 'UserMayNotChangePassword') === true ? true : undefined,
      },
      actor,
    );
    return userRow(ctx.state, u);
  },
  /** SamSetInformationUser with what Set-LocalUser / Enable- / Disable-LocalUser were given; true when anything differed. */
  'User.UserSet': (ctx, args) => {
    const u = userOrThrow(ctx.state, reqStr(args, 'Name'));
    requireAdmin(ctx);
    const actor = actorOf(ctx);
    const password = str(args, 'Password');
    if (password !== undefined) setPassword(ctx.state, u, password, actor);
    const changed = updateUser(
      ctx.state,
      u,
      {
        full_name: str(args, 'FullName'),
        description: str(args, 'Description'),
        enabled: bool(args, 'Enabled'),
        password_never_expires: bool(args, 'PasswordNeverExpires'),
        user_cannot_change_password: bool(args, 'UserMayChangePassword') === undefined ? undefined : !bool(args, 'UserMayChangePassword'),
      },
      actor,
    );
    return changed || password !== undefined;
  },
  'User.UserRemove': (ctx, args) => {
    const u = userOrThrow(ctx.state, reqStr(args, 'Name'));
    requireAdmin(ctx);
    deleteUser(ctx.state, u, actorOf(ctx));
    return undefined;
  },
  /** SamCreateAliasInDomain (NetLocalGroupAdd's rules: a name a user has is in use). */
  'User.GroupCreate': (ctx, args) => {
    requireAdmin(ctx);
    const name = reqStr(args, 'Name');
    if (findLocalUser(ctx.state, name) && findGroupName(ctx.state, name) === undefined) throw SAM_ERRORS.userExists();
    createGroup(ctx.state, name, str(args, 'Description'), actorOf(ctx));
    return groupObject(ctx.state, groupOrThrow(ctx.state, name));
  },
  'User.GroupSet': (ctx, args) => {
    const g = groupOrThrow(ctx.state, reqStr(args, 'Name'));
    requireAdmin(ctx);
    return setGroupDescription(ctx.state, g, str(args, 'Description') ?? '', actorOf(ctx));
  },
  'User.GroupRemove': (ctx, args) => {
    const g = groupOrThrow(ctx.state, reqStr(args, 'Name'));
    requireAdmin(ctx);
    deleteGroup(ctx.state, g, actorOf(ctx));
    return undefined;
  },
  /** SamAddMemberToAlias / SamRemoveMemberFromAlias by SID: false when the member already is (or is not) one. */
  'User.GroupMember': (ctx, args) => {
    const g = groupOrThrow(ctx.state, reqStr(args, 'Name'));
    requireAdmin(ctx);
    const sid = reqStr(args, 'Sid');
    return reqStr(args, 'Action') === 'add' ? addGroupMemberBySid(ctx.state, g, sid, actorOf(ctx)) : removeGroupMemberBySid(ctx.state, g, sid, actorOf(ctx));
  },
};
