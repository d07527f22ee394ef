import { describe, expect, it } from 'vitest';
import { findService } from '../../../../../src/sim/host/services.ts';
import { moduleAgent } from './module-agent.ts';

function withAccount() {
  const m = moduleAgent('win_service');
  m.host.state.users.push({ name: 'svc_qlik', password: 'Qlik!123', enabled: true });
  return m;
}

describe('win_service behaviour: accounts, rights, dependencies', () => {
  it('setting an account grants SeServiceLogonRight: check mode says so and touches nothing, apply grants, reapply is quiet', () => {
    const { host, call, fingerprint } = withAccount();
    const args = { name: 'W32Time', username: '.\\svc_qlik', password: 'Qlik!123', state: 'started' };
    const untouched = fingerprint();
    expect(call(args, { check: true })).toMatchObject({ changed: true, logon_right_granted: true, username: 'WIN01\\svc_qlik', state: 'running' });
    expect(fingerprint()).toBe(untouched);
    expect(call(args)).toMatchObject({ changed: true, logon_right_granted: true, state: 'running' });
    expect(host.log.entries().map((e) => e.what)).toEqual(['service.set_account', 'right.grant', 'service.start']);
    expect(call(args)).toMatchObject({ changed: false, logon_right_granted: false });
  });

  it('grants nothing to built-in accounts or when a group already holds the right', () => {
    const { host, call } = withAccount();
    expect(call({ name: 'W32Time', username: 'NT AUTHORITY\\NETWORK SERVICE' })).toMatchObject({ changed: true, logon_right_granted: false });
    host.state.groups.Users = ['WIN01\\svc_qlik'];
    host.state.rights.SeServiceLogonRight = ['BUILTIN\\Users'];
    expect(call({ name: 'W32Time', username: 'svc_qlik', password: 'Qlik!123', state: 'started' })).toMatchObject({ changed: true, logon_right_granted: false, state: 'running' });
  });

  it('update_password always sets the password every run; on_create only with the account', () => {
    const { host, call } = withAccount();
    call({ name: 'W32Time', username: 'svc_qlik', password: 'old' });
    expect(call({ name: 'W32Time', username: 'svc_qlik', password: 'Qlik!123' })).toMatchObject({ changed: false });
    expect(findService(host.state, 'W32Time')?.password).toBe('old');
    expect(call({ name: 'W32Time', username: 'svc_qlik', password: 'Qlik!123', update_password: 'always', state: 'started' })).toMatchObject({ changed: true, state: 'running' });
    expect(findService(host.state, 'W32Time')?.password).toBe('Qlik!123');
  });

  it('dependency_action add and remove change only the listed dependencies, with a diff', () => {
    const { call } = withAccount();
    const added = call({ name: 'wuauserv', dependencies: ['W32Time'], dependency_action: 'add' }, { diff: true });
    expect(added).toMatchObject({ changed: true, dependencies: ['rpcss', 'W32Time'] });
    expect(added.diff).toMatchObject({ before: { dependencies: ['rpcss'] }, after: { dependencies: ['rpcss', 'W32Time'] } });
    expect(call({ name: 'wuauserv', dependencies: ['W32Time'], dependency_action: 'add' })).toMatchObject({ changed: false });
    expect(call({ name: 'wuauserv', dependencies: ['rpcss'], dependency_action: 'remove' })).toMatchObject({ changed: true, dependencies: ['W32Time'] });
    expect(call({ name: 'wuauserv', dependencies: ['W32Time'], dependency_action: 'set' })).toMatchObject({ changed: false });
  });

  it("fails an unknown account and a protected service in Windows' words", () => {
    const { host, call, fingerprint } = withAccount();
    const untouched = fingerprint();
    expect(call({ name: 'W32Time', username: 'CORP\\nobody', password: 'x' })).toEqual({
      failed: true,
      msg: "Failed to translate the account 'CORP\\nobody' to a SID: No mapping between account names and security IDs was done.",
    });
    expect(fingerprint()).toBe(untouched);
    host.state.services.push({ ...findService(host.state, 'W32Time')!, name: 'WinDefend', display_name: 'Windows Defender Antivirus Service', protected: true });
    expect(call({ name: 'WinDefend', start_mode: 'disabled' })).toEqual({ failed: true, msg: "Service 'WinDefend' cannot be configured: Access is denied." });
    expect(call({ name: 'WinDefend', state: 'started' })).toEqual({ failed: true, msg: "Service 'WinDefend' cannot be started: Access is denied." });
  });
});
