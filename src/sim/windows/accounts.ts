/**
 * The local accounts verbs (contract/accounts.ts) on the host model: names and SIDs (accounts.ts lookupAccount),
 * users and groups (sam.ts), members by SID (sid-entries.ts), logon tests (logon.ts). The model keeps Windows'
 * rules and writes the rehearsal log; these handlers only translate parameters and shapes.
 */
import { lookupAccount, NO_MAPPING } from '../host/accounts.ts';
import { logonUser } from '../host/logon.ts';
import {
  SAM_ERRORS, createGroup, createUser, deleteGroup, deleteUser, findGroupName, findLocalUser, groupDescription, setGroupDescription,
  setPassword, updateUser,
} from '../host/sam.ts';
import type { Actor } from '../host/services.ts';
import {
  accountType, addGroupMemberBySid, groupMemberEntries, invalidSid, isSidString, removeGroupMemberBySid, storedEntry,
} from '../host/sid-entries.ts';
import type { HostState, User } from '../host/state.ts';
import { WindowsError } from '../host/windows-error.ts';
import { type SimVerbTable, type VerbContext, bool, reqStr, str } from './types.ts';

function actor(ctx: VerbContext): Actor {
  return { account: ctx.account, log: ctx.log };
}

function noMapping(): WindowsError {
  return new WindowsError(1332, NO_MAPPING);
}

function userObject(state: HostState, u: User): Record<string, unknown> {
  const short = u.name.replace(/^[^\\]*\\/, '');
  return {
    Name: short,
    FullName: u.full_name ?? '',
    Description: u.description ?? '',
    HomeDirectory: u.home_directory ?? '',
    LoginScript: u.login_script ?? '',
    Profile: u.profile ?? '',
    Sid: lookupAccount(state, u.name)?.sid ?? null,
    Enabled: u.enabled,
    PasswordNeverExpires: u.password_never_expires ?? false,
    UserMayNotChangePassword: u.user_cannot_change_password ?? false,
    PasswordExpired: u.password_expired ?? false,
    AccountLocked: u.locked ?? false,
    AccountExpires: null,
    LastLogon: null,
  };
}

export function groupObject(state: HostState, key: string): Record<string, unknown> {
  return { Name: key, Sid: lookupAccount(state, key)?.sid ?? null, Description: groupDescription(state, key) };
}

export function userOrThrow(state: HostState, name: string): User {
  const u = findLocalUser(state, name);
  if (!u) throw SAM_ERRORS.noUser();
  return u;
}

export function groupOrThrow(state: HostState, name: string): string {
  const key = findGroupName(state, name);
  if (key === undefined) throw SAM_ERRORS.noGroup();
  return key;
}

export const accountsVerbs: SimVerbTable = {
  'Resolve-WbAccount': (ctx, args) => {
    const name = reqStr(args, 'Name').trim();
    if (isSidString(name)) {
      const e = storedEntry(ctx.state, name);
      return { Sid: e.sid, Name: e.name, Type: e.type };
    }
    if (/^S-1-/i.test(name)) throw invalidSid();
    const acc = lookupAccount(ctx.state, name);
    if (!acc) throw noMapping();
    return { Sid: acc.sid, Name: acc.name, Type: accountType(acc) };
  },
  'Get-WbAccountName': (ctx, args) => {
    const sid = reqStr(args, 'Sid').trim();
    if (!isSidString(sid)) throw invalidSid();
    return lookupAccount(ctx.state, sid)?.name ?? null;
  },
  'Get-WbLocalUser': (ctx, args) => {
    const u = findLocalUser(ctx.state, reqStr(args, 'Name'));
    return u ? userObject(ctx.state, u) : null;
  },
  'Get-WbLocalUserGroup': (ctx, args) => {
    const u = userOrThrow(ctx.state, reqStr(args, 'Name'));
    const sid = lookupAccount(ctx.state, u.name)?.sid;
    return Object.keys(ctx.state.groups)
      .filter((g) => groupMemberEntries(ctx.state, g).some((e) => e.sid === sid))
      .map((g) => groupObject(ctx.state, g));
  },
  'New-WbLocalUser': (ctx, args) => {
    const u = createUser(ctx.state, reqStr(args, 'Name'), str(args, 'Password') ?? '', actor(ctx));
    const fullName = str(args, 'FullName');
    const description = str(args, 'Description');
    if (fullName !== undefined || description !== undefined) updateUser(ctx.state, u, { full_name: fullName, description }, actor(ctx));
    return userObject(ctx.state, u);
  },
  'Set-WbLocalUser': (ctx, args) => {
    const u = userOrThrow(ctx.state, reqStr(args, 'Name'));
    return updateUser(
      ctx.state,
      u,
      {
        full_name: str(args, 'FullName'),
        description: str(args, 'Description'),
        home_directory: str(args, 'HomeDirectory'),
        login_script: str(args, 'LoginScript'),
        profile: str(args, 'Profile'),
        enabled: bool(args, 'Enabled'),
        password_never_expires: bool(args, 'PasswordNeverExpires'),
        user_cannot_change_password: bool(args, 'UserMayNotChangePassword'),
        password_expired: bool(args, 'PasswordExpired'),
        locked: bool(args, 'Unlock') === true ? false : undefined,
      },
      actor(ctx),
    );
  },
  'Set-WbLocalUserPassword': (ctx, args) => {
    setPassword(ctx.state, userOrThrow(ctx.state, reqStr(args, 'Name')), reqStr(args, 'Password'), actor(ctx));
    return undefined;
  },
  'Test-WbPassword': (ctx, args) => logonUser(ctx.state, reqStr(args, 'Name'), reqStr(args, 'Password'), 'network'),
  'Test-WbServiceLogon': (ctx, args) => logonUser(ctx.state, reqStr(args, 'Name'), reqStr(args, 'Password'), 'service'),
  'Remove-WbLocalUser': (ctx, args) => {
    deleteUser(ctx.state, userOrThrow(ctx.state, reqStr(args, 'Name')), actor(ctx));
    return undefined;
  },
  'Get-WbLocalGroup': (ctx, args) => {
    const key = findGroupName(ctx.state, reqStr(args, 'Name'));
    return key === undefined ? null : groupObject(ctx.state, key);
  },
  'New-WbLocalGroup': (ctx, args) => {
    const name = reqStr(args, 'Name');
    createGroup(ctx.state, name, str(args, 'Description'), actor(ctx));
    return groupObject(ctx.state, groupOrThrow(ctx.state, name));
  },
  'Set-WbLocalGroup': (ctx, args) => setGroupDescription(ctx.state, groupOrThrow(ctx.state, reqStr(args, 'Name')), str(args, 'Description') ?? '', actor(ctx)),
  'Remove-WbLocalGroup': (ctx, args) => {
    deleteGroup(ctx.state, groupOrThrow(ctx.state, reqStr(args, 'Name')), actor(ctx));
    return undefined;
  },
  'Get-WbLocalGroupMember': (ctx, args) =>
    groupMemberEntries(ctx.state, groupOrThrow(ctx.state, reqStr(args, 'Name'))).map((e) => ({ Sid: e.sid, Name: e.name, Type: e.type })),
  'Add-WbLocalGroupMember': (ctx, args) => addGroupMemberBySid(ctx.state, groupOrThrow(ctx.state, reqStr(args, 'Name')), reqStr(args, 'Sid'), actor(ctx)),
  'Remove-WbLocalGroupMember': (ctx, args) => removeGroupMemberBySid(ctx.state, groupOrThrow(ctx.state, reqStr(args, 'Name')), reqStr(args, 'Sid'), actor(ctx)),
};
