/** The accounts and rights verbs' simulator handlers, called directly on a default host (contract/accounts.ts, contract/rights.ts). */
import { describe, expect, it } from 'vitest';
import { lookupAccount } from '../../../../src/sim/host/accounts.ts';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { defaultHostState } from '../../../../src/sim/host/state.ts';
import { WindowsError } from '../../../../src/sim/host/windows-error.ts';
import { callVerb, type VerbContext } from '../../../../src/sim/windows/index.ts';

function host(): VerbContext {
  return { state: defaultHostState('WIN01'), log: new RehearsalLog(), account: 'WIN01\\Administrator' };
}

function code(f: () => unknown): number | string {
  try {
    f();
  } catch (e) {
    return e instanceof WindowsError ? e.code : String(e);
  }
  return 'no error';
}

const PASSWORD = 'Qlik!2345';

function withUser(): VerbContext {
  const ctx = host();
  callVerb(ctx, 'New-WbLocalUser', { Name: 'svc_qlik', Password: PASSWORD });
  return ctx;
}

describe('accounts verbs on the simulated SAM', () => {
  it('Resolve-WbAccount normalises .\\user and HOST\\user to the local account, and resolves well-known names and SIDs', () => {
    const ctx = withUser();
    const local = callVerb(ctx, 'Resolve-WbAccount', { Name: 'svc_qlik' }) as { Sid: string };
    expect(local).toMatchObject({ Name: 'WIN01\\svc_qlik', Type: 'User', Sid: expect.stringMatching(/^S-1-5-21-/) });
    for (const form of ['.\\svc_qlik', 'WIN01\\svc_qlik', 'win01\\SVC_QLIK', local.Sid]) {
      expect(callVerb(ctx, 'Resolve-WbAccount', { Name: form })).toEqual(local);
    }
    expect(callVerb(ctx, 'Resolve-WbAccount', { Name: 'LocalSystem' })).toEqual({ Sid: 'S-1-5-18', Name: 'NT AUTHORITY\\SYSTEM', Type: 'WellKnownGroup' });
    expect(callVerb(ctx, 'Resolve-WbAccount', { Name: 'S-1-5-32-558' })).toEqual({ Sid: 'S-1-5-32-558', Name: 'BUILTIN\\Performance Monitor Users', Type: 'Alias' });
    expect(code(() => callVerb(ctx, 'Resolve-WbAccount', { Name: 'CORP\\nobody' }))).toBe(1332);
    expect(code(() => callVerb(ctx, 'Resolve-WbAccount', { Name: 'S-1-x' }))).toBe(1337);
    // An orphaned SID still resolves to itself, without a name.
    expect(callVerb(ctx, 'Resolve-WbAccount', { Name: 'S-1-5-21-1-2-3-1234' })).toEqual({ Sid: 'S-1-5-21-1-2-3-1234', Name: null, Type: null });
    expect(callVerb(ctx, 'Get-WbAccountName', { Sid: 'S-1-5-21-1-2-3-1234' })).toBeNull();
    expect(callVerb(ctx, 'Get-WbAccountName', { Sid: 'S-1-5-32-544' })).toBe('BUILTIN\\Administrators');
  });

  it('New/Get/Set-WbLocalUser: a new user is enabled and in Users; Set reports whether anything differed', () => {
    const ctx = host();
    expect(callVerb(ctx, 'Get-WbLocalUser', { Name: 'svc_qlik' })).toBeNull();
    const u = callVerb(ctx, 'New-WbLocalUser', { Name: 'svc_qlik', Password: PASSWORD, FullName: 'Qlik service' });
    expect(u).toMatchObject({ Name: 'svc_qlik', FullName: 'Qlik service', Enabled: true, PasswordNeverExpires: false, AccountLocked: false, AccountExpires: null });
    expect(callVerb(ctx, 'Get-WbLocalUser', { Name: '.\\svc_qlik' })).toEqual(u);
    expect((callVerb(ctx, 'Get-WbLocalUserGroup', { Name: 'svc_qlik' }) as Array<{ Name: string }>).map((g) => g.Name)).toEqual(['Users']);
    expect(callVerb(ctx, 'Set-WbLocalUser', { Name: 'svc_qlik', PasswordNeverExpires: true, UserMayNotChangePassword: true })).toBe(true);
    expect(callVerb(ctx, 'Set-WbLocalUser', { Name: 'svc_qlik', PasswordNeverExpires: true })).toBe(false);
    expect(callVerb(ctx, 'Get-WbLocalUser', { Name: 'svc_qlik' })).toMatchObject({ PasswordNeverExpires: true, UserMayNotChangePassword: true });
    expect(code(() => callVerb(ctx, 'New-WbLocalUser', { Name: 'svc_qlik', Password: PASSWORD }))).toBe(2224);
    expect(code(() => callVerb(ctx, 'New-WbLocalUser', { Name: 'weak', Password: 'qlik' }))).toBe(2245);
    expect(code(() => callVerb(ctx, 'Set-WbLocalUser', { Name: 'nobody', Enabled: false }))).toBe(2221);
    expect(code(() => callVerb(ctx, 'Remove-WbLocalUser', { Name: 'Administrator' }))).toBe(1371);
    callVerb(ctx, 'Remove-WbLocalUser', { Name: 'WIN01\\svc_qlik' });
    expect(callVerb(ctx, 'Get-WbLocalUser', { Name: 'svc_qlik' })).toBeNull();
  });

  it('passwords never reach the rehearsal log', () => {
    const ctx = withUser();
    callVerb(ctx, 'Set-WbLocalUserPassword', { Name: 'svc_qlik', Password: 'Other!2345' });
    expect(JSON.stringify(ctx.log.entries())).not.toMatch(/Qlik!2345|Other!2345/);
    expect(ctx.log.entries().map((e) => e.what)).toEqual(['user.create', 'user.set_password']);
  });

  it('Test-WbPassword and Test-WbServiceLogon return LogonUser\'s code: 1326 wrong password, 1385 missing right, 1331 disabled, 1909 locked', () => {
    const ctx = withUser();
    expect(callVerb(ctx, 'Test-WbPassword', { Name: '.\\svc_qlik', Password: PASSWORD })).toBe(0);
    expect(callVerb(ctx, 'Test-WbPassword', { Name: 'svc_qlik', Password: 'wrong' })).toBe(1326);
    expect(callVerb(ctx, 'Test-WbPassword', { Name: 'nobody', Password: PASSWORD })).toBe(1326);
    expect(callVerb(ctx, 'Test-WbServiceLogon', { Name: 'WIN01\\svc_qlik', Password: PASSWORD })).toBe(1385);
    const sid = (callVerb(ctx, 'Resolve-WbAccount', { Name: 'svc_qlik' }) as { Sid: string }).Sid;
    expect(callVerb(ctx, 'Grant-WbRight', { Right: 'SeServiceLogonRight', Sid: sid })).toBe(true);
    expect(callVerb(ctx, 'Test-WbServiceLogon', { Name: 'svc_qlik', Password: PASSWORD })).toBe(0);
    expect(callVerb(ctx, 'Test-WbServiceLogon', { Name: 'svc_qlik', Password: 'wrong' })).toBe(1326);
    // A deny right wins over the grant, as LSA evaluates logon rights.
    expect(callVerb(ctx, 'Grant-WbRight', { Right: 'SeDenyServiceLogonRight', Sid: 'S-1-5-32-545' })).toBe(true);
    expect(callVerb(ctx, 'Test-WbServiceLogon', { Name: 'svc_qlik', Password: PASSWORD })).toBe(1385);
    expect(callVerb(ctx, 'Revoke-WbRight', { Right: 'SeDenyServiceLogonRight', Sid: 'S-1-5-32-545' })).toBe(true);
    expect(callVerb(ctx, 'Grant-WbRight', { Right: 'SeDenyNetworkLogonRight', Sid: sid })).toBe(true);
    expect(callVerb(ctx, 'Test-WbPassword', { Name: 'svc_qlik', Password: PASSWORD })).toBe(1385);
    expect(callVerb(ctx, 'Revoke-WbRight', { Right: 'SeDenyNetworkLogonRight', Sid: sid })).toBe(true);
    callVerb(ctx, 'Set-WbLocalUser', { Name: 'svc_qlik', PasswordExpired: true });
    expect(callVerb(ctx, 'Test-WbPassword', { Name: 'svc_qlik', Password: PASSWORD })).toBe(1907);
    callVerb(ctx, 'Set-WbLocalUser', { Name: 'svc_qlik', Enabled: false, PasswordExpired: false });
    expect(callVerb(ctx, 'Test-WbPassword', { Name: 'svc_qlik', Password: PASSWORD })).toBe(1331);
    ctx.state.users.find((u) => u.name === 'svc_qlik')!.locked = true;
    expect(callVerb(ctx, 'Test-WbPassword', { Name: 'svc_qlik', Password: PASSWORD })).toBe(1909);
    expect(callVerb(ctx, 'Set-WbLocalUser', { Name: 'svc_qlik', Unlock: true })).toBe(true);
    expect(callVerb(ctx, 'Get-WbLocalUser', { Name: 'svc_qlik' })).toMatchObject({ AccountLocked: false });
  });

  it('Get-WbLocalGroup by name or by well-known SID (S-1-5-32-558); create, describe, remove', () => {
    const ctx = host();
    expect(callVerb(ctx, 'Get-WbLocalGroup', { Name: 'S-1-5-32-558' })).toMatchObject({ Name: 'Performance Monitor Users', Sid: 'S-1-5-32-558' });
    expect(callVerb(ctx, 'Get-WbLocalGroup', { Name: 'BUILTIN\\Administrators' })).toMatchObject({ Name: 'Administrators', Sid: 'S-1-5-32-544' });
    expect(callVerb(ctx, 'Get-WbLocalGroup', { Name: 'QlikAdmins' })).toBeNull();
    expect(callVerb(ctx, 'New-WbLocalGroup', { Name: 'QlikAdmins', Description: 'Qlik' })).toMatchObject({ Name: 'QlikAdmins', Description: 'Qlik' });
    expect(code(() => callVerb(ctx, 'New-WbLocalGroup', { Name: 'qlikadmins' }))).toBe(1379);
    expect(callVerb(ctx, 'Set-WbLocalGroup', { Name: '.\\QlikAdmins', Description: 'Qlik Sense' })).toBe(true);
    expect(callVerb(ctx, 'Set-WbLocalGroup', { Name: 'QlikAdmins', Description: 'Qlik Sense' })).toBe(false);
    expect(code(() => callVerb(ctx, 'Remove-WbLocalGroup', { Name: 'S-1-5-32-558' }))).toBe(1371);
    callVerb(ctx, 'Remove-WbLocalGroup', { Name: 'QlikAdmins' });
    expect(code(() => callVerb(ctx, 'Remove-WbLocalGroup', { Name: 'QlikAdmins' }))).toBe(1376);
  });

  it('group members by SID: orphaned SIDs are listed with a null name, never fail, and can be removed', () => {
    const ctx = withUser();
    const sid = (callVerb(ctx, 'Resolve-WbAccount', { Name: 'svc_qlik' }) as { Sid: string }).Sid;
    ctx.state.groups['Performance Monitor Users'] = ['S-1-5-21-9-9-9-1107'];
    expect(callVerb(ctx, 'Add-WbLocalGroupMember', { Name: 'S-1-5-32-558', Sid: sid })).toBe(true);
    expect(callVerb(ctx, 'Add-WbLocalGroupMember', { Name: 'S-1-5-32-558', Sid: sid })).toBe(false);
    expect(callVerb(ctx, 'Get-WbLocalGroupMember', { Name: 'Performance Monitor Users' })).toEqual([
      { Sid: 'S-1-5-21-9-9-9-1107', Name: null, Type: null },
      { Sid: sid, Name: 'WIN01\\svc_qlik', Type: 'User' },
    ]);
    expect(code(() => callVerb(ctx, 'Add-WbLocalGroupMember', { Name: 'Users', Sid: 'S-1-5-21-9-9-9-1108' }))).toBe(1387);
    expect(code(() => callVerb(ctx, 'Add-WbLocalGroupMember', { Name: 'Users', Sid: 'S-1-5-32-544' }))).toBe(1388);
    expect(code(() => callVerb(ctx, 'Get-WbLocalGroupMember', { Name: 'Nope' }))).toBe(1376);
    expect(callVerb(ctx, 'Remove-WbLocalGroupMember', { Name: 'S-1-5-32-558', Sid: 'S-1-5-21-9-9-9-1107' })).toBe(true);
    expect(callVerb(ctx, 'Remove-WbLocalGroupMember', { Name: 'S-1-5-32-558', Sid: 'S-1-5-21-9-9-9-1107' })).toBe(false);
    expect(ctx.log.entries().slice(-2).map((e) => [e.what, e.target, e.detail])).toEqual([
      ['group.add_member', 'Performance Monitor Users', { member: 'WIN01\\svc_qlik' }],
      ['group.remove_member', 'Performance Monitor Users', { member: 'S-1-5-21-9-9-9-1107' }],
    ]);
    expect(lookupAccount(ctx.state, sid)?.name).toBe('WIN01\\svc_qlik');
  });
});

describe('rights verbs on the simulated LSA policy', () => {
  it('lists holders by SID, grants and revokes (changed or not), orphans included; 1313 for an unknown right', () => {
    const ctx = withUser();
    const sid = (callVerb(ctx, 'Resolve-WbAccount', { Name: 'svc_qlik' }) as { Sid: string }).Sid;
    expect(callVerb(ctx, 'Get-WbRightHolder', { Right: 'SeServiceLogonRight' })).toEqual([{ Sid: 'S-1-5-80-0', Name: 'NT SERVICE\\ALL SERVICES' }]);
    expect(callVerb(ctx, 'Grant-WbRight', { Right: 'SeBatchLogonRight', Sid: sid })).toBe(true);
    expect(callVerb(ctx, 'Grant-WbRight', { Right: 'SeBatchLogonRight', Sid: sid })).toBe(false);
    ctx.state.rights.SeBatchLogonRight!.push('*S-1-5-21-9-9-9-1107');
    expect(callVerb(ctx, 'Get-WbRightHolder', { Right: 'sebatchlogonright' })).toEqual([
      { Sid: sid, Name: 'WIN01\\svc_qlik' },
      { Sid: 'S-1-5-21-9-9-9-1107', Name: null },
    ]);
    expect(callVerb(ctx, 'Revoke-WbRight', { Right: 'SeBatchLogonRight', Sid: 'S-1-5-21-9-9-9-1107' })).toBe(true);
    expect(callVerb(ctx, 'Revoke-WbRight', { Right: 'SeBatchLogonRight', Sid: sid })).toBe(true);
    expect(callVerb(ctx, 'Revoke-WbRight', { Right: 'SeBatchLogonRight', Sid: sid })).toBe(false);
    expect(code(() => callVerb(ctx, 'Get-WbRightHolder', { Right: 'SeNoSuchRight' }))).toBe(1313);
    expect(code(() => callVerb(ctx, 'Grant-WbRight', { Right: 'SeBatchLogonRight', Sid: 'svc_qlik' }))).toBe(1337);
    expect(ctx.log.entries().filter((e) => e.target === 'SeBatchLogonRight').map((e) => e.what)).toEqual(['right.grant', 'right.revoke', 'right.revoke']);
  });
});
