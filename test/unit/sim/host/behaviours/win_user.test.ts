import { describe, expect, it } from 'vitest';
import { findUser } from '../../../../../src/sim/host/accounts.ts';
import { moduleAgent } from './module-agent.ts';

describe('win_user behaviour', () => {
  it('check mode reports the creation and touches nothing; apply creates; reapply is unchanged', () => {
    const { host, call, fingerprint } = moduleAgent('win_user');
    const args = { name: 'svc_qlik', password: 'Qlik!2345', fullname: 'Qlik service', password_never_expires: true, groups: ['Administrators'], groups_action: 'add' };
    const untouched = fingerprint();
    expect(call(args, { check: true })).toMatchObject({ changed: true, state: 'present', password_never_expires: true, groups: [{ name: 'Users' }, { name: 'Administrators' }] });
    expect(fingerprint()).toBe(untouched);
    const created = call(args);
    expect(created).toMatchObject({ changed: true, name: 'svc_qlik', fullname: 'Qlik service', account_disabled: false, password_never_expires: true });
    expect(created.groups).toEqual([
      { name: 'Administrators', path: 'WinNT://WORKGROUP/WIN01/Administrators' },
      { name: 'Users', path: 'WinNT://WORKGROUP/WIN01/Users' },
    ]);
    expect(created.sid).toMatch(/^S-1-5-21-\d+-\d+-\d+-1001$/);
    expect(call(args)).toMatchObject({ changed: false });
    expect(host.log.entries().map((e) => e.what)).toEqual(['user.create', 'user.update', 'group.add_member']);
    expect(JSON.stringify(host.log.entries())).not.toContain('Qlik!2345');
  });

  it('changes a differing password and flags, with REDACTED markers in the diff', () => {
    const { host, call } = moduleAgent('win_user');
    call({ name: 'svc_qlik', password: 'Qlik!2345' });
    const r = call({ name: 'svc_qlik', password: 'New!Pass99', account_disabled: true, description: 'Qlik' }, { diff: true });
    expect(r).toMatchObject({ changed: true, account_disabled: true, description: 'Qlik' });
    expect(r.diff).toMatchObject({ before: { account_disabled: false, description: '' }, after: { account_disabled: true, password: 'CHANGED REDACTED' } });
    expect(findUser(host.state, 'svc_qlik')).toMatchObject({ password: 'New!Pass99', enabled: false });
    expect(JSON.stringify(r)).not.toContain('New!Pass99');
  });

  it('replace leaves unlisted groups; query and absent report as Ansible does', () => {
    const { host, call } = moduleAgent('win_user');
    call({ name: 'op', password: 'Op!23456', groups: ['Administrators'], groups_action: 'add' });
    expect(call({ name: 'op', groups: ['Administrators'] })).toMatchObject({ changed: true, groups: [{ name: 'Administrators' }] });
    expect(host.state.groups.Users).toEqual([]);
    expect(call({ name: 'op', state: 'query' })).toMatchObject({ changed: false, state: 'present', msg: "Querying user 'op'" });
    expect(call({ name: 'op', state: 'absent' }, { check: true })).toMatchObject({ changed: true });
    expect(findUser(host.state, 'op')).toBeDefined();
    expect(call({ name: 'op', state: 'absent' })).toEqual({ changed: true, name: 'op', state: 'absent', msg: "User 'op' deleted successfully" });
    expect(call({ name: 'op', state: 'absent' })).toEqual({ changed: false, name: 'op', state: 'absent', msg: "User 'op' was not found" });
    expect(host.state.groups.Administrators).toEqual(['WIN01\\Administrator']);
  });

  it('unlocks with account_locked false and refuses true', () => {
    const { host, call } = moduleAgent('win_user');
    call({ name: 'op', password: 'Op!23456' });
    findUser(host.state, 'op')!.locked = true;
    expect(call({ name: 'op', account_locked: false })).toMatchObject({ changed: true, account_locked: false });
    expect(call({ name: 'op', account_locked: true })).toEqual({ failed: true, msg: "account_locked must be set to 'no' if provided" });
  });

  it("fails in Windows' words: password policy, missing group, built-in account", () => {
    const { host, call } = moduleAgent('win_user');
    const policy = 'The password does not meet the password policy requirements. Check the minimum password length, password complexity and password history requirements.';
    expect(call({ name: 'weak', password: 'password' }, { check: true })).toEqual({ failed: true, msg: `Failed to manage user 'weak': ${policy}` });
    expect(findUser(host.state, 'weak')).toBeUndefined();
    expect(call({ name: 'op', password: 'Op!23456', groups: ['Qlik Admins'] })).toEqual({ failed: true, msg: "group 'Qlik Admins' not found" });
    expect(call({ name: 'Administrator', state: 'absent' })).toEqual({
      failed: true, msg: "Failed to manage user 'Administrator': Cannot perform this operation on built-in accounts.",
    });
  });
});
