import { describe, expect, it } from 'vitest';
import { moduleAgent } from './module-agent.ts';

function withUser() {
  const m = moduleAgent('win_user_right');
  m.host.state.users.push({ name: 'svc_qlik', password: 'Qlik!123', enabled: true });
  return m;
}

describe('win_user_right behaviour', () => {
  it('check mode reports the grant and touches nothing; apply grants; reapply is unchanged', () => {
    const { host, call, fingerprint } = withUser();
    const args = { name: 'SeServiceLogonRight', users: ['.\\svc_qlik'], action: 'add' };
    const untouched = fingerprint();
    expect(call(args, { check: true })).toEqual({ changed: true, added: ['WIN01\\svc_qlik'], removed: [] });
    expect(fingerprint()).toBe(untouched);
    expect(call(args)).toEqual({ changed: true, added: ['WIN01\\svc_qlik'], removed: [] });
    expect(host.state.rights.SeServiceLogonRight).toEqual(['NT SERVICE\\ALL SERVICES', 'WIN01\\svc_qlik']);
    expect(host.log.entries().map((e) => [e.what, e.target, e.detail])).toEqual([['right.grant', 'SeServiceLogonRight', { account: 'WIN01\\svc_qlik' }]]);
    // Same account by another spelling: compared by SID.
    expect(call({ ...args, users: ['WIN01\\SVC_QLIK', 'svc_qlik'] })).toEqual({ changed: false, added: [], removed: [] });
  });

  it('set replaces every other holder and shows it in the diff; remove revokes', () => {
    const { host, call } = withUser();
    const set = { name: 'SeServiceLogonRight', users: ['svc_qlik'], action: 'set' };
    expect(call(set, { diff: true })).toEqual({
      changed: true,
      added: ['WIN01\\svc_qlik'],
      removed: ['NT SERVICE\\ALL SERVICES'],
      diff: { before: { SeServiceLogonRight: ['NT SERVICE\\ALL SERVICES'] }, after: { SeServiceLogonRight: ['WIN01\\svc_qlik'] } },
    });
    expect(call(set)).toMatchObject({ changed: false });
    expect(call({ name: 'SeServiceLogonRight', users: ['svc_qlik'], action: 'remove' })).toEqual({ changed: true, added: [], removed: ['WIN01\\svc_qlik'] });
    expect(host.state.rights.SeServiceLogonRight).toEqual([]);
  });

  it('takes well-known accounts and groups', () => {
    const { call } = withUser();
    expect(call({ name: 'SeBatchLogonRight', users: ['NT AUTHORITY\\NETWORK SERVICE', 'Administrators', 'S-1-5-32-545'], action: 'add' })).toMatchObject({
      added: ['NT AUTHORITY\\NETWORK SERVICE', 'BUILTIN\\Administrators', 'BUILTIN\\Users'],
    });
  });

  it("fails an unknown account and an unknown right in Windows' words", () => {
    const { call } = withUser();
    expect(call({ name: 'SeServiceLogonRight', users: ['CORP\\nobody'], action: 'add' })).toEqual({
      failed: true,
      msg: "Failed to translate the account 'CORP\\nobody' to a SID: No mapping between account names and security IDs was done.",
    });
    expect(call({ name: 'SeServiceLogonRigth', users: ['svc_qlik'], action: 'add' })).toEqual({
      failed: true,
      msg: 'the specified right SeServiceLogonRigth is not a valid right: A specified privilege does not exist.',
    });
  });
});
