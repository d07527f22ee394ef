/**
 * Local accounts (the SAM): resolve a name or SID, read/create/change/remove local users and local groups, list and
 * change a group's members by SID, and test a password with a logon.
 *
 * Windows side (src/hostapi/windows/accounts.ps1): LookupAccountNameW/LookupAccountSidW (P/Invoke) for names and
 * SIDs, the WinNT ADSI provider for users (UserFlags, PasswordExpired, IsAccountLocked: Get-LocalUser shows neither
 * the lock-out nor "must change password"), NetLocalGroupGetInfo/Add/SetInfo/Del for groups, NetLocalGroupGetMembers/
 * NetLocalGroupAddMembers/NetLocalGroupDelMembers by SID for membership (Get-LocalGroupMember fails on a group that
 * holds an orphaned SID: issue 13, `qlik_service_account.ps1:44`), LogonUserW for logon tests.
 *
 * Names: every verb taking an account name accepts `user`, `.\user`, `HOST\user`, `DOMAIN\user`, `BUILTIN\group`,
 * well-known names (`NT AUTHORITY\NETWORK SERVICE`, `LocalSystem`) and SID strings where it says so; `.\` and the
 * host's own name are normalised to the local machine (issue 13, `win_acl.ps1:21`). Built-in groups can be named by
 * their well-known SID (S-1-5-32-558 is "Performance Monitor Users" in English, another name elsewhere: issue 13,
 * `qlik_service_account.ps1:12`). Secrets (passwords) never appear in a result or an error message.
 */
import type { VerbTable } from './types.ts';

const ACCOUNT_SHAPE: Record<string, string> = {
  Sid: 'the SID string (S-1-5-21-…-1001, S-1-5-32-544)',
  Name: 'LookupAccountSid\'s DOMAIN\\name (WIN01\\svc, BUILTIN\\Administrators, NT AUTHORITY\\NETWORK SERVICE, Everyone)',
  Type: 'SID_NAME_USE name: User, Group (a domain group), Alias (a local or BUILTIN group), WellKnownGroup, Computer',
};

const USER_SHAPE: Record<string, string> = {
  Name: 'the short name as stored (svc_qlik)',
  FullName: "the full name ('' when none)",
  Description: "the description ('' when none)",
  HomeDirectory: "the home folder (usri3_home_dir, '' when none)",
  LoginScript: "the logon script path (usri3_script_path, '' when none)",
  Profile: "the roaming profile path (usri3_profile, '' when none)",
  Sid: 'the SID string',
  Enabled: 'bool: not ADS_UF_ACCOUNTDISABLE',
  PasswordNeverExpires: 'bool: ADS_UF_DONT_EXPIRE_PASSWD',
  UserMayNotChangePassword: 'bool: ADS_UF_PASSWD_CANT_CHANGE',
  PasswordExpired: 'bool: the user must change the password at next logon',
  AccountLocked: 'bool: locked out by the lockout policy',
  AccountExpires: "ISO 8601 date-time the account expires, or $null (never)",
  LastLogon: 'ISO 8601 date-time of the last logon, or $null (never)',
};

const GROUP_SHAPE: Record<string, string> = {
  Name: 'the short name as the SAM stores it (localised for BUILTIN groups: Administrators, Administratoren, …)',
  Sid: 'the SID string (S-1-5-32-558 for a BUILTIN group)',
  Description: "the description ('' when none)",
};

const LOCAL_USER = { type: 'string', required: true, doc: 'the local user: user, .\\user or HOST\\user' } as const;
const LOCAL_GROUP = {
  type: 'string',
  required: true,
  doc: 'the local group: its name (group, .\\group, HOST\\group, BUILTIN\\group) or its SID string (S-1-5-32-558)',
} as const;

export const accountsVerbs: VerbTable = {
  'Resolve-WbAccount': {
    domain: 'accounts',
    doc:
      'LookupAccountName (or, for a SID string, LookupAccountSid): any account form to its SID, canonical name and type. ' +
      '`.\\x` and `HOST\\x` mean the local machine; LocalSystem/LocalService/NetworkService are the NT AUTHORITY accounts. ' +
      'A SID string that no longer maps (an orphan) is still returned, with Name and Type $null.',
    params: { Name: { type: 'string', required: true, doc: 'an account name in any form, or a SID string' } },
    returns: 'object',
    shape: ACCOUNT_SHAPE,
    errors: { 1332: 'the name does not map to an account ("No mapping between account names and security IDs was done.")', 1337: 'a malformed SID string' },
  },
  'Get-WbAccountName': {
    domain: 'accounts',
    doc: "LookupAccountSid: DOMAIN\\name for a SID string; $null for an orphaned SID (a deleted account), as secpol.msc shows the bare SID.",
    params: { Sid: { type: 'string', required: true, doc: 'a SID string' } },
    returns: 'string',
    errors: { 1337: 'a malformed SID string' },
  },
  'Get-WbLocalUser': {
    domain: 'accounts',
    doc: 'One local user through the WinNT provider (WinNT://HOST/name,user); $null when there is none.',
    params: { Name: LOCAL_USER },
    returns: 'object-or-null',
    shape: USER_SHAPE,
  },
  'Get-WbLocalUserGroup': {
    domain: 'accounts',
    doc: 'The local groups a local user is a direct member of (NetUserGetLocalGroups, flags 0), in the SAM\'s order.',
    params: { Name: LOCAL_USER },
    returns: 'list',
    shape: GROUP_SHAPE,
    errors: { 2221: 'no such user' },
  },
  'New-WbLocalUser': {
    domain: 'accounts',
    doc: 'NetUserAdd (level 1, UF_SCRIPT|UF_NORMAL_ACCOUNT): a new enabled local user, which the SAM puts in Users. Returns the user.',
    params: {
      Name: { type: 'string', required: true, doc: 'the short name (up to 20 characters; none of " / \\ [ ] : ; | = , + * ? < >)' },
      Password: { type: 'string', secret: true, doc: "the password; absent or '' for none (the password policy usually refuses that)" },
      FullName: { type: 'string', doc: 'full name' },
      Description: { type: 'string', doc: 'description' },
    },
    returns: 'object',
    shape: USER_SHAPE,
    errors: {
      2224: 'a user or group with that name exists ("The account already exists.")',
      2245: 'the password does not meet the password policy',
      2202: 'the name is not valid (NERR_BadUsername: too long, or one of " / \\ [ ] : ; | = , + * ? < >)',
      5: 'access denied',
    },
  },
  'Set-WbLocalUser': {
    domain: 'accounts',
    doc: 'NetUserSetInfo for the given fields only (through the WinNT provider\'s UserFlags, FullName, Description, HomeDirectory, LoginScript, Profile, PasswordExpired, IsAccountLocked). Returns $true when something differed.',
    params: {
      Name: LOCAL_USER,
      FullName: { type: 'string', doc: 'new full name' },
      Description: { type: 'string', doc: 'new description' },
      HomeDirectory: { type: 'string', doc: 'new home folder (the WinNT provider\'s HomeDirectory)' },
      LoginScript: { type: 'string', doc: 'new logon script path (LoginScript)' },
      Profile: { type: 'string', doc: 'new profile path (Profile)' },
      Enabled: { type: 'bool', doc: 'enable ($true) or disable ($false)' },
      PasswordNeverExpires: { type: 'bool', doc: 'ADS_UF_DONT_EXPIRE_PASSWD' },
      UserMayNotChangePassword: { type: 'bool', doc: 'ADS_UF_PASSWD_CANT_CHANGE' },
      PasswordExpired: { type: 'bool', doc: 'the user must change the password at next logon' },
      Unlock: { type: 'switch', doc: 'clear a lock-out (an account cannot be locked on purpose)' },
    },
    returns: 'bool',
    errors: { 2221: 'no such user', 5: 'access denied' },
  },
  'Set-WbLocalUserPassword': {
    domain: 'accounts',
    doc: 'NetUserSetInfo level 1003 (IADsUser.SetPassword): set the password as an administrator (no old password); clears "must change password".',
    params: { Name: LOCAL_USER, Password: { type: 'string', required: true, secret: true, doc: 'the new password' } },
    returns: 'none',
    errors: { 2221: 'no such user', 2245: 'the password does not meet the password policy' },
  },
  'Test-WbPassword': {
    domain: 'accounts',
    doc:
      'LogonUserW(LOGON32_LOGON_NETWORK): whether the password is right. Returns the Win32 code, never throws for a logon failure: ' +
      '0 logged on; 1326 wrong user name or password; 1327 account restriction; 1330 password expired; 1331 account disabled; ' +
      '1907 the password must be changed at next logon; 1909 locked out; 1385 logon type not granted. A wrong password counts towards the lockout policy.',
    params: {
      Name: { type: 'string', required: true, doc: 'user, .\\user, HOST\\user or DOMAIN\\user (a bare name is a local account)' },
      Password: { type: 'string', required: true, secret: true, doc: 'the password to test' },
    },
    returns: 'int',
  },
  'Test-WbServiceLogon': {
    domain: 'accounts',
    doc:
      'LogonUserW(LOGON32_LOGON_SERVICE): whether a service could log on as the account with this password, before any service is touched. ' +
      'Returns the Win32 code: 0 ok; 1326 wrong user name or password; 1385 the account lacks SeServiceLogonRight (or holds SeDenyServiceLogonRight); ' +
      '1331 disabled; 1330/1907 password expired or must change; 1909 locked out.',
    params: {
      Name: { type: 'string', required: true, doc: 'user, .\\user, HOST\\user or DOMAIN\\user (a bare name is a local account)' },
      Password: { type: 'string', required: true, secret: true, doc: 'the password to test' },
    },
    returns: 'int',
  },
  'Remove-WbLocalUser': {
    domain: 'accounts',
    doc: 'NetUserDel. Its local group memberships go with it; user rights granted to it stay behind as orphaned SIDs, as on Windows.',
    params: { Name: LOCAL_USER },
    returns: 'none',
    errors: { 2221: 'no such user', 1371: 'a built-in account (Administrator)' },
  },
  'Get-WbLocalGroup': {
    domain: 'accounts',
    doc: 'One local group by name or by SID (LookupAccountSid, then NetLocalGroupGetInfo level 1); $null when there is none.',
    params: { Name: LOCAL_GROUP },
    returns: 'object-or-null',
    shape: GROUP_SHAPE,
  },
  'New-WbLocalGroup': {
    domain: 'accounts',
    doc: 'NetLocalGroupAdd (level 1): a new, empty local group. Returns the group.',
    params: { Name: { type: 'string', required: true, doc: 'the group name' }, Description: { type: 'string', doc: 'description' } },
    returns: 'object',
    shape: GROUP_SHAPE,
    errors: { 1379: 'a local group with that name exists', 2224: 'a user with that name exists', 1315: 'the name is not valid' },
  },
  'Set-WbLocalGroup': {
    domain: 'accounts',
    doc: "NetLocalGroupSetInfo level 1002. Returns $true when the description differed.",
    params: { Name: LOCAL_GROUP, Description: { type: 'string', required: true, doc: "the description ('' clears it)" } },
    returns: 'bool',
    errors: { 1376: 'no such local group' },
  },
  'Remove-WbLocalGroup': {
    domain: 'accounts',
    doc: 'NetLocalGroupDel.',
    params: { Name: LOCAL_GROUP },
    returns: 'none',
    errors: { 1376: 'no such local group', 1371: 'a BUILTIN group' },
  },
  'Get-WbLocalGroupMember': {
    domain: 'accounts',
    doc:
      'NetLocalGroupGetMembers (level 0: SIDs), each SID through LookupAccountSid. Never fails on an orphaned SID (a deleted ' +
      'domain account): it is listed with Name and Type $null (Get-LocalGroupMember throws there instead).',
    params: { Name: LOCAL_GROUP },
    returns: 'list',
    shape: ACCOUNT_SHAPE,
    errors: { 1376: 'no such local group' },
  },
  'Add-WbLocalGroupMember': {
    domain: 'accounts',
    doc: 'NetLocalGroupAddMembers (level 0) by SID. $false when it is a member already (ERROR_MEMBER_IN_ALIAS).',
    params: { Name: LOCAL_GROUP, Sid: { type: 'string', required: true, doc: "the member's SID (Resolve-WbAccount first)" } },
    returns: 'bool',
    errors: { 1376: 'no such local group', 1387: 'the SID names no account (an orphan cannot be added)', 1388: 'that account type cannot be a member (e.g. the group itself)' },
  },
  'Remove-WbLocalGroupMember': {
    domain: 'accounts',
    doc: 'NetLocalGroupDelMembers (level 0) by SID: works for an orphaned SID too. $false when it is not a member (ERROR_MEMBER_NOT_IN_ALIAS).',
    params: { Name: LOCAL_GROUP, Sid: { type: 'string', required: true, doc: "the member's SID" } },
    returns: 'bool',
    errors: { 1376: 'no such local group' },
  },
};
