import { describe, expect, it } from 'vitest';
import { findService } from '../../../../src/sim/host/services.ts';
import { AgentDriver, req, scriptFor } from './agent-io.ts';
import { newHost } from './run.ts';

function agent() {
  const host = newHost();
  const a = new AgentDriver(host);
  let n = 0;
  let sent = false;
  const call = (args: Record<string, unknown>, check = false) => {
    const r = a.call(req(String(++n), 'win_service', args, { check, ...(sent ? {} : { script: scriptFor('win_service') }) }));
    sent = true;
    return r;
  };
  return { host, call };
}

describe('win_service behaviour', () => {
  it('check mode reports the change, touches nothing; apply changes; reapply is unchanged', () => {
    const { host, call } = agent();
    const args = { name: 'W32Time', state: 'started', start_mode: 'auto' };
    const entries = () => host.log.entries().length;

    expect(call(args, true)).toMatchObject({ changed: true, state: 'running', start_mode: 'auto' });
    expect(findService(host.state, 'W32Time')).toMatchObject({ state: 'stopped', start_mode: 'manual' });
    expect(entries()).toBe(0);

    expect(call(args)).toMatchObject({ changed: true, state: 'running', start_mode: 'auto' });
    expect(findService(host.state, 'W32Time')).toMatchObject({ state: 'running', start_mode: 'auto' });
    expect(host.log.entries().map((e) => [e.what, e.account])).toEqual([
      ['service.set_start_mode', 'Administrator'],
      ['service.start', 'Administrator'],
    ]);

    expect(call(args)).toMatchObject({ changed: false });
    expect(entries()).toBe(2);
  });

  it("returns Ansible's fields", () => {
    const { call } = agent();
    expect(call({ name: 'Print Spooler' })).toEqual({
      changed: false,
      exists: true,
      name: 'Spooler',
      display_name: 'Print Spooler',
      state: 'running',
      start_mode: 'auto',
      username: 'LocalSystem',
      path: 'C:\\Windows\\System32\\spoolsv.exe',
      description: 'This service spools print jobs and handles interaction with the printer.',
      dependencies: ['RPCSS', 'http'],
      depended_by: [],
      can_pause_and_continue: false,
      desktop_interact: false,
    });
    expect(call({ name: 'RpcSs' })).toMatchObject({ username: 'NT AUTHORITY\\NETWORK SERVICE', depended_by: ['WinRM', 'Spooler', 'wuauserv'] });
  });

  it('fails for a missing service without path, with Ansible\'s message', () => {
    const { call } = agent();
    expect(call({ name: 'QlikSenseServiceDispatcher', state: 'started' })).toEqual({
      failed: true,
      msg: "Service 'QlikSenseServiceDispatcher' is not installed, need to set 'path' to create a new service",
    });
    expect(call({ name: 'nosuch' })).toEqual({ changed: false, exists: false });
  });

  it('creates a service with an account, grants it Log on as a service, and starts it', () => {
    const { host, call } = agent();
    host.state.users.push({ name: 'svc_qlik', password: 'Qlik!123', enabled: true });
    const args = { name: 'QlikSenseRepositoryService', path: 'C:\\Program Files\\Qlik\\Sense\\Repository\\Repository.exe', username: '.\\svc_qlik', password: 'Qlik!123', state: 'started' };
    expect(call(args)).toMatchObject({ changed: true, state: 'running', username: 'WIN01\\svc_qlik', logon_right_granted: true });
    expect(host.state.rights.SeServiceLogonRight).toContain('WIN01\\svc_qlik');
    expect(host.log.entries().map((e) => e.what)).toEqual(['service.create', 'service.set_account', 'right.grant', 'service.start']);
    expect(call(args)).toMatchObject({ changed: false, logon_right_granted: false });
    expect(JSON.stringify(host.log.entries())).not.toContain('Qlik!123');
  });

  it('still fails the start with 1069 when the password is wrong', () => {
    const { host, call } = agent();
    host.state.users.push({ name: 'svc_qlik', password: 'Qlik!123', enabled: true });
    const args = { name: 'QlikSenseRepositoryService', path: 'C:\\Qlik\\Repository.exe', username: '.\\svc_qlik', password: 'wrong', state: 'started' };
    expect(call(args)).toEqual({
      failed: true,
      msg: "Service 'QlikSenseRepositoryService' cannot be started: The service did not start due to a logon failure.",
    });
    expect(findService(host.state, 'QlikSenseRepositoryService')).toMatchObject({ state: 'stopped', account: '.\\svc_qlik' });
  });

  it('stops with dependents only when forced, and removes with state absent', () => {
    const { host, call } = agent();
    expect(call({ name: 'RpcSs', state: 'stopped' })).toEqual({
      failed: true,
      msg: "Service 'RpcSs' cannot be stopped: Cannot stop service RpcSs because it has dependent services.",
    });
    expect(call({ name: 'wuauserv', state: 'absent' }, true)).toEqual({ changed: true, exists: false });
    expect(findService(host.state, 'wuauserv')).toBeDefined();
    expect(call({ name: 'wuauserv', state: 'absent' })).toEqual({ changed: true, exists: false });
    expect(findService(host.state, 'wuauserv')).toBeUndefined();
    expect(call({ name: 'wuauserv', state: 'absent' })).toEqual({ changed: false, exists: false });
  });

  it('refuses to pause a service that cannot pause, in Ansible\'s words', () => {
    const { call } = agent();
    expect(call({ name: 'Spooler', state: 'paused' })).toEqual({
      failed: true,
      msg: 'failed to pause service Spooler: The service does not support pausing',
    });
  });
});
