import { describe, expect, it } from 'vitest';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import {
  createService, findService, pauseService, setServiceAccount, setStartMode, startService, stopService,
} from '../../../../src/sim/host/services.ts';
import { type HostState, defaultHostState, fromJSON, toJSON } from '../../../../src/sim/host/state.ts';
import { WindowsError } from '../../../../src/sim/host/windows-error.ts';

function setup(): { state: HostState; log: RehearsalLog; actor: { account: string; log: RehearsalLog } } {
  const state = defaultHostState('win01', { adminPassword: 'x' });
  const log = new RehearsalLog();
  return { state, log, actor: { account: 'WIN01\\Administrator', log } };
}

function code(f: () => unknown): number | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof WindowsError) return e.code;
    throw e;
  }
  return undefined;
}

describe('service control rules', () => {
  it('starts stopped dependencies first, in dependency order', () => {
    const { state, log, actor } = setup();
    for (const n of ['Spooler', 'WinRM', 'wuauserv', 'RpcSs', 'RpcEptMapper', 'DcomLaunch']) stopService(state, n, actor, { force: true });
    const before = log.entries().length;
    expect(startService(state, 'spooler', actor)).toBe(true);
    expect(log.entries().slice(before).map((e) => `${e.what} ${e.target}`)).toEqual([
      'service.start RpcEptMapper',
      'service.start DcomLaunch',
      'service.start RpcSs',
      'service.start Spooler',
    ]);
  });

  it('is a no-op to start a running service or stop a stopped one', () => {
    const { state, log, actor } = setup();
    expect(startService(state, 'Spooler', actor)).toBe(false);
    expect(stopService(state, 'W32Time', actor)).toBe(false);
    expect(log.entries()).toEqual([]);
  });

  it('refuses to start a disabled service with 1058 and Windows text', () => {
    const { state, actor } = setup();
    setStartMode(state, 'W32Time', 'disabled', actor);
    expect(() => startService(state, 'W32Time', actor)).toThrow(
      'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.',
    );
    expect(code(() => startService(state, 'W32Time', actor))).toBe(1058);
  });

  it('reports a dependency that cannot start as 1068 on the dependent', () => {
    const { state, actor } = setup();
    stopService(state, 'RpcSs', actor, { force: true });
    setStartMode(state, 'RpcSs', 'disabled', actor);
    expect(code(() => startService(state, 'wuauserv', actor))).toBe(1068);
  });

  it('refuses a logon without SeServiceLogonRight or with a wrong password (1069)', () => {
    const { state, actor } = setup();
    state.users.push({ name: 'svc_qlik', password: 'right', enabled: true });
    createService(state, { name: 'QlikSenseRepositoryService', path: 'C:\\q.exe' }, actor);
    setServiceAccount(state, 'QlikSenseRepositoryService', '.\\svc_qlik', 'right', actor);
    expect(() => startService(state, 'QlikSenseRepositoryService', actor)).toThrow('The service did not start due to a logon failure.');
    state.rights.SeServiceLogonRight?.push('.\\svc_qlik');
    setServiceAccount(state, 'QlikSenseRepositoryService', '.\\svc_qlik', 'wrong', actor);
    expect(code(() => startService(state, 'QlikSenseRepositoryService', actor))).toBe(1069);
    setServiceAccount(state, 'QlikSenseRepositoryService', '.\\svc_qlik', 'right', actor);
    expect(startService(state, 'QlikSenseRepositoryService', actor)).toBe(true);
  });

  it('needs no right or password for LocalSystem and the NT AUTHORITY accounts', () => {
    const { state, actor } = setup();
    setServiceAccount(state, 'W32Time', 'NT AUTHORITY\\NetworkService', undefined, actor);
    expect(startService(state, 'W32Time', actor)).toBe(true);
  });

  it('refuses an account Windows cannot resolve (1057)', () => {
    const { state, actor } = setup();
    expect(code(() => setServiceAccount(state, 'W32Time', '.\\nobody', 'x', actor))).toBe(1057);
  });

  it('refuses to stop a service with running dependents unless forced', () => {
    const { state, actor } = setup();
    expect(() => stopService(state, 'RpcSs', actor)).toThrow('A stop control has been sent to a service that other running services are dependent on.');
    expect(stopService(state, 'RpcSs', actor, { force: true })).toBe(true);
    expect(findService(state, 'Spooler')?.state).toBe('stopped');
    expect(findService(state, 'WinRM')?.state).toBe('stopped');
  });

  it('refuses to pause a service that does not accept pause', () => {
    const { state, actor } = setup();
    expect(code(() => pauseService(state, 'Spooler', actor))).toBe(1052);
  });

  it('round-trips the state through JSON', () => {
    const { state } = setup();
    expect(fromJSON(toJSON(state))).toEqual(state);
  });
});
