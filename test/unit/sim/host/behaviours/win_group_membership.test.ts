import { describe, expect, it } from 'vitest';
import { moduleAgent } from './module-agent.ts';

function withUsers() {
  const m = moduleAgent('win_group_membership');
  m.host.state.users.push({ name: 'svc_qlik', password: 'Qlik!123', enabled: true }, { name: 'CORP\\qliksvc', password: 'Corp!123', enabled: true });
  return m;
}

describe('win_group_membership behaviour', () => {
  it('check mode reports accurate added lists and touches nothing; apply adds; reapply is unchanged', () => {
    const { host, call, fingerprint } = withUsers();
    const args = { name: 'Administrators', members: ['.\\svc_qlik', 'CORP\\qliksvc', 'NT AUTHORITY\\NETWORK SERVICE'] };
    const untouched = fingerprint();
    const planned = call(args, { check: true });
    expect(planned).toEqual({
      changed: true,
      name: 'Administrators',
      added: ['WIN01\\svc_qlik', 'CORP\\qliksvc', 'NT AUTHORITY\\NETWORK SERVICE'],
      removed: [],
      members: ['WIN01\\Administrator', 'WIN01\\svc_qlik', 'CORP\\qliksvc', 'NT AUTHORITY\\NETWORK SERVICE'],
    });
    expect(fingerprint()).toBe(untouched);
    expect(call(args)).toEqual(planned);
    expect(host.state.groups.Administrators).toEqual(['WIN01\\Administrator', 'WIN01\\svc_qlik', 'CORP\\qliksvc', 'NT AUTHORITY\\NETWORK SERVICE']);
    expect(call({ ...args, members: ['svc_qlik', 'WIN01\\SVC_QLIK', 'network service'] })).toMatchObject({ changed: false, added: [] });
  });

  it('pure removes everyone not listed, with a diff; absent removes the listed', () => {
    const { host, call } = withUsers();
    call({ name: 'Users', members: ['svc_qlik', 'CORP\\qliksvc'] });
    expect(call({ name: 'Users', members: ['CORP\\qliksvc'], state: 'pure' }, { diff: true })).toEqual({
      changed: true, name: 'Users', added: [], removed: ['WIN01\\svc_qlik'], members: ['CORP\\qliksvc'],
      diff: { before: { name: 'Users', members: ['WIN01\\svc_qlik', 'CORP\\qliksvc'] }, after: { name: 'Users', members: ['CORP\\qliksvc'] } },
    });
    expect(call({ name: 'Users', members: ['CORP\\qliksvc'], state: 'pure' })).toMatchObject({ changed: false });
    expect(call({ name: 'Users', members: ['CORP\\qliksvc'], state: 'absent' })).toMatchObject({ changed: true, removed: ['CORP\\qliksvc'], members: [] });
    expect(host.state.groups.Users).toEqual([]);
  });

  it("fails a missing group and an unknown account in Windows' words", () => {
    const { call } = withUsers();
    expect(call({ name: 'NoSuchGroup', members: ['svc_qlik'] })).toEqual({ failed: true, msg: 'Could not find local group NoSuchGroup', name: 'NoSuchGroup', added: [], removed: [] });
    expect(call({ name: 'Users', members: ['CORP\\nobody'] })).toMatchObject({
      failed: true, msg: "Failed to translate the account 'CORP\\nobody' to a SID: No mapping between account names and security IDs was done.",
    });
  });
});
