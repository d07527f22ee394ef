/**
 * The SCM modules' real PowerShell (win_service, win_service_info, qlik_services) through the real client (NTLM,
 * sealed WinRM, the persistent agent) against simulated hosts, on the host façade's service verbs: check mode
 * (changed, nothing touched) → apply (changed) → reapply (unchanged), diffs, and failures in Windows' words. Tests
 * named after an issue-13 finding fail on the scripts as they were before the façade.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentSession } from '../../src/agent/session.ts';
import { connectionSettings } from '../../src/inventory/index.ts';
import { findModule } from '../../src/modules/registry.ts';
import type { ModuleResult } from '../../src/modules/types.ts';
import { findService } from '../../src/sim/host/services.ts';
import type { HostState } from '../../src/sim/host/state.ts';
import { type QlikSite, startQlikSite } from '../../src/sim/site-qlik.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { useModuleHost } from '../helpers/module-host.ts';
import { engineArgs } from '../helpers/engine-args.ts';

describe('win_service_info on the façade', () => {
  const mh = useModuleHost(197);
  const { task, host, fingerprint } = mh;

  it('reads services by wildcard with ansible.windows\' values (started, win32_own_process), changing nothing', async () => {
    const untouched = fingerprint();
    const r = await task('win_service_info', { name: 'W*' }, { check: true });
    expect(r).toMatchObject({ changed: false, exists: true });
    const services = r.services as Array<Record<string, unknown>>;
    expect(services.map((s) => s.name)).toEqual(['W32Time', 'WinRM', 'wuauserv']);
    expect(services.find((s) => s.name === 'WinRM')).toMatchObject({
      display_name: 'Windows Remote Management (WS-Management)', state: 'started', start_mode: 'auto', service_type: 'win32_share_process',
      controls_accepted: ['stop'], desktop_interact: false, error_control: 'normal', win32_exit_code: 0,
    });
    expect(services.find((s) => s.name === 'wuauserv')).toMatchObject({ state: 'stopped', dependencies: ['rpcss'], controls_accepted: [] });
    expect((await task('win_service_info', { name: 'Spooler' })).services).toEqual([expect.objectContaining({ state: 'started', service_type: 'win32_own_process', username: 'LocalSystem' })]);
    expect(fingerprint()).toBe(untouched);
  });

  it('by display name; exists false and an empty list when nothing matches; every service without a name, drivers excluded', async () => {
    const rpc = await task('win_service_info', { name: 'Remote Procedure Call (RPC)' });
    expect(rpc.services).toEqual([expect.objectContaining({ name: 'RpcSs', service_type: 'win32_share_process', username: 'NT AUTHORITY\\NetworkService' })]);
    expect((rpc.services as Array<{ dependency_of: string[] }>)[0]!.dependency_of).toContain('wuauserv');
    expect(await task('win_service_info', { name: 'NoSuch*' })).toEqual({ changed: false, exists: false, services: [] });
    const all = (await task('win_service_info', {})).services as Array<{ name: string }>;
    expect(all.length).toBe(host().state.services.filter((s) => s.type !== 'kernel_driver').length);
    expect(all.map((s) => s.name)).not.toContain('HTTP');
  });

  it('reports the pending and paused states in Ansible\'s words', async () => {
    findService(host().state, 'Spooler')!.state = 'stop_pending';
    findService(host().state, 'W32Time')!.state = 'paused';
    const r = await task('win_service_info', { name: '[SW]*' });
    expect((r.services as Array<{ name: string; state: string }>).filter((s) => ['Spooler', 'W32Time'].includes(s.name)).map((s) => s.state)).toEqual(['stop_pending', 'paused']);
  });
});

describe('win_service on the façade', () => {
  const mh = useModuleHost(249);
  const { task, rehearse, host, fingerprint } = mh;
  const log = () => mh.site().log.entries();
  const addAccount = (name: string, password: string) => {
    if (!host().state.users.some((u) => u.name === name)) host().state.users.push({ name, password, enabled: true });
  };

  it('check → apply → reapply: start mode and state, logged as the agent\'s account', async () => {
    const n = log().length;
    const [check, apply] = await rehearse('win_service', { name: 'W32Time', state: 'started', start_mode: 'auto' });
    expect(check).toMatchObject({ state: 'running', start_mode: 'auto' });
    expect(apply).toMatchObject({ state: 'running', start_mode: 'auto', exists: true });
    expect(log().slice(n).map((e) => e.what)).toEqual(['service.set_start_mode', 'service.start']);
    expect(findService(host().state, 'W32Time')).toMatchObject({ state: 'running', start_mode: 'auto' });
  });

  it('returns ansible.windows.win_service\'s fields; a missing service without path is Ansible\'s failure', async () => {
    expect(await task('win_service', { name: 'Print Spooler' })).toEqual({
      changed: false, exists: true, name: 'Spooler', display_name: 'Print Spooler', state: 'running', start_mode: 'auto', username: 'LocalSystem',
      path: 'C:\\Windows\\System32\\spoolsv.exe', description: 'This service spools print jobs and handles interaction with the printer.',
      dependencies: ['RPCSS', 'http'], depended_by: [], can_pause_and_continue: false, desktop_interact: false,
    });
    expect(await task('win_service', { name: 'RpcSs' })).toMatchObject({ username: 'NT AUTHORITY\\NETWORK SERVICE', depended_by: ['WinRM', 'Spooler', 'wuauserv'] });
    expect(await task('win_service', { name: 'QlikSenseServiceDispatcher', state: 'started' })).toEqual({
      changed: false, failed: true, msg: "Service 'QlikSenseServiceDispatcher' is not installed, need to set 'path' to create a new service",
    });
    expect(await task('win_service', { name: 'nosuch' })).toEqual({ changed: false, exists: false });
  });

  it('creates a service under an account, grants Log on as a service, starts it; the password never reaches the log', async () => {
    addAccount('svc_qlik', 'Qlik!123');
    const n = log().length;
    const args = { name: 'QlikSenseRepositoryService', path: 'C:\\Program Files\\Qlik\\Sense\\Repository\\Repository.exe', username: '.\\svc_qlik', password: 'Qlik!123', state: 'started', dependencies: ['RpcSs'], start_mode: 'delayed' };
    const [check, apply] = await rehearse('win_service', args);
    expect(check).toMatchObject({ logon_right_granted: true, state: 'running', username: 'WIN01\\svc_qlik', start_mode: 'delayed' });
    // ansible.windows 1.14's diff: the state asked for, every SCM option, the password as a marker.
    expect(check.diff).toMatchObject({ before: '', after: { name: 'QlikSenseRepositoryService', state: 'started', dependencies: ['RpcSs'], password: 'CHANGED REDACTED', error_control: 'normal', failure_actions: [] } });
    expect(apply).toMatchObject({ logon_right_granted: true, state: 'running', username: 'WIN01\\svc_qlik', dependencies: ['RpcSs'], start_mode: 'delayed' });
    expect(log().slice(n).map((e) => e.what)).toEqual(['service.create', 'service.configure', 'service.set_account', 'right.grant', 'service.start']);
    expect(findService(host().state, 'QlikSenseRepositoryService')).toMatchObject({ account: '.\\svc_qlik', state: 'running' });
    expect(JSON.stringify(log())).not.toContain('Qlik!123');
  });

  it('M1: `dependencies: []` clears the dependencies (dependency_action set); add and remove change only the listed ones', async () => {
    const added = await task('win_service', { name: 'wuauserv', dependencies: ['W32Time'], dependency_action: 'add' }, { diff: true });
    expect(added).toMatchObject({ changed: true, dependencies: ['rpcss', 'W32Time'] });
    expect(added.diff).toMatchObject({ before: { dependencies: ['rpcss'] }, after: { dependencies: ['rpcss', 'W32Time'] } });
    expect(await task('win_service', { name: 'wuauserv', dependencies: ['W32Time'], dependency_action: 'add' })).toMatchObject({ changed: false });
    expect(await task('win_service', { name: 'wuauserv', dependencies: ['rpcss'], dependency_action: 'remove' })).toMatchObject({ changed: true, dependencies: ['W32Time'] });
    const [, cleared] = await rehearse('win_service', { name: 'wuauserv', dependencies: [] });
    expect(cleared).toMatchObject({ dependencies: [] });
    expect(findService(host().state, 'wuauserv')?.dependencies).toEqual([]);
  });

  it('update_password always sets the password every run; on_create only with a new account', async () => {
    addAccount('svc_two', 'Two!2345');
    await task('win_service', { name: 'Dnscache', username: 'svc_two', password: 'old' });
    expect(await task('win_service', { name: 'Dnscache', username: 'svc_two', password: 'Two!2345' })).toMatchObject({ changed: false });
    expect(findService(host().state, 'Dnscache')?.password).toBe('old');
    expect(await task('win_service', { name: 'Dnscache', username: 'svc_two', password: 'Two!2345', update_password: 'always' })).toMatchObject({ changed: true });
    expect(findService(host().state, 'Dnscache')?.password).toBe('Two!2345');
  });

  it('grants nothing to built-in accounts or when a group the account is in holds the right', async () => {
    expect(await task('win_service', { name: 'W32Time', username: 'NT AUTHORITY\\NETWORK SERVICE' })).toMatchObject({ changed: true, logon_right_granted: false, username: 'NT AUTHORITY\\NETWORK SERVICE' });
    addAccount('svc_grp', 'Grp!2345');
    host().state.groups['Backup Operators'] = [...(host().state.groups['Backup Operators'] ?? []), 'WIN01\\svc_grp'];
    host().state.rights.SeServiceLogonRight = [...(host().state.rights.SeServiceLogonRight ?? []), 'BUILTIN\\Backup Operators'];
    expect(await task('win_service', { name: 'W32Time', username: 'svc_grp', password: 'Grp!2345', state: 'restarted' })).toMatchObject({ changed: true, logon_right_granted: false, state: 'running' });
  });

  it('M3: a start the SCM refuses with 1069 says which cause it is', async () => {
    addAccount('svc_bad', 'Right!2345');
    const r = await task('win_service', { name: 'BadLogon', path: 'C:\\bad.exe', username: '.\\svc_bad', password: 'wrong', state: 'started' });
    expect(r).toEqual({
      changed: true, failed: true,
      msg: "Service 'BadLogon' cannot be started: The service did not start due to a logon failure. Cause: the password given for .\\svc_bad is not the account's password (event 7038).",
    });
    expect(findService(host().state, 'BadLogon')).toMatchObject({ state: 'stopped', account: '.\\svc_bad' });
    // The right taken away (as a GPO refresh would): the other cause.
    host().state.rights.SeServiceLogonRight = (host().state.rights.SeServiceLogonRight ?? []).filter((a) => !a.toLowerCase().endsWith('svc_bad'));
    const r2 = await task('win_service', { name: 'BadLogon', username: '.\\svc_bad', password: 'Right!2345', update_password: 'always', state: 'started' });
    expect(r2).toMatchObject({ changed: true, logon_right_granted: true, state: 'running' });
    // No username given, so nothing grants the right back; without a password to try, both causes are named.
    host().state.rights.SeServiceLogonRight = (host().state.rights.SeServiceLogonRight ?? []).filter((a) => !a.toLowerCase().endsWith('svc_bad'));
    findService(host().state, 'BadLogon')!.state = 'stopped';
    expect(await task('win_service', { name: 'BadLogon', state: 'started' })).toEqual({
      failed: true,
      msg: "Service 'BadLogon' cannot be started: The service did not start due to a logon failure. Cause: the password stored for .\\svc_bad is wrong, or .\\svc_bad does not hold \"Log on as a service\" (SeServiceLogonRight).",
    });
    // A password needs its username, as Ansible.Basic's required_by says it.
    await expect(task('win_service', { name: 'BadLogon', password: 'Right!2345', state: 'started' })).rejects.toThrow("missing parameter(s) required by 'password': username");
  });

  it('stops with dependents only when forced; pauses only what can pause; removes with state absent', async () => {
    expect(await task('win_service', { name: 'RpcSs', state: 'stopped' })).toEqual({
      failed: true, msg: "Service 'RpcSs' cannot be stopped: A stop control has been sent to a service that other running services are dependent on.",
    });
    expect(await task('win_service', { name: 'Spooler', state: 'paused' })).toEqual({ failed: true, msg: 'failed to pause service Spooler: The service does not support pausing' });
    const [check, apply] = await rehearse('win_service', { name: 'BadLogon', state: 'absent' });
    expect([check, apply]).toEqual([{ changed: true, exists: false, diff: expect.anything() }, { changed: true, exists: false, diff: expect.anything() }]);
    expect(findService(host().state, 'BadLogon')).toBeUndefined();
  });

  it('fails an unknown account and a protected service in Windows\' words, touching nothing', async () => {
    const untouched = fingerprint();
    expect(await task('win_service', { name: 'W32Time', username: 'CORP\\nobody', password: 'x' })).toEqual({
      changed: false, failed: true, msg: "Failed to translate the account 'CORP\\nobody' to a SID: No mapping between account names and security IDs was done.",
    });
    expect(fingerprint()).toBe(untouched);
    host().state.services.push({ ...findService(host().state, 'W32Time')!, name: 'WinDefend', display_name: 'Windows Defender Antivirus Service', protected: true, state: 'stopped' });
    expect(await task('win_service', { name: 'WinDefend', start_mode: 'disabled' })).toEqual({ failed: true, msg: "Service 'WinDefend' cannot be configured: Access is denied." });
    expect(await task('win_service', { name: 'WinDefend', state: 'started' })).toEqual({ failed: true, msg: "Service 'WinDefend' cannot be started: Access is denied." });
  });
});

/** The real client against node 1 (the central node) of a Qlik site. */
function useQlikNode(block: number) {
  let site: QlikSite;
  let transport: WinrmTransport;
  let agent: AgentSession;
  const task = async (args: Record<string, unknown>, opts: { check?: boolean } = {}): Promise<ModuleResult> => {
    const def = findModule('qlik_services')!;
    return agent.invoke(def, engineArgs(def, args), { check: opts.check ?? false, diff: false });
  };
  beforeAll(async () => {
    site = await startQlikSite({ baseAddress: loopbackBlock(block), rims: 1, newRims: 0 });
    const h = site.sim.hosts[0]!;
    transport = new WinrmTransport(connectionSettings(h.host.state.hostname, { ansible_host: h.address, ansible_user: site.sim.adminUser, ansible_password: site.sim.adminPassword }));
    await transport.open();
    agent = new AgentSession(transport);
    await agent.start();
  });
  afterAll(async () => {
    await agent?.close();
    await transport?.close();
    await site?.close();
  });
  const state = (): HostState => site.sim.hosts[0]!.host.state;
  return { task, state, site: () => site };
}

describe('qlik_services on the façade', () => {
  const { task, state, site } = useQlikNode(248);
  const qlik = () => state().services.filter((s) => s.name.startsWith('QlikSense')).map((s) => `${s.name}:${s.state}`);
  const STOP = ['Printing', 'Scheduler', 'Engine', 'Proxy', 'Repository'].map((s) => `stop QlikSense${s}Service`).concat('stop QlikSenseServiceDispatcher');

  it('check mode plans the stop in reverse order and touches nothing; apply stops, keeping the Repository Database; reapply is unchanged', async () => {
    const before = JSON.stringify([state(), site().log.entries()]);
    const check = await task({ state: 'stopped' }, { check: true });
    expect(check).toMatchObject({ changed: true, order: STOP });
    expect(JSON.stringify([state(), site().log.entries()])).toBe(before);
    const apply = await task({ state: 'stopped' });
    expect(apply).toMatchObject({ changed: true, order: STOP });
    expect(findService(state(), 'QlikSenseRepositoryDatabase')?.state).toBe('running');
    expect(await task({ state: 'stopped' })).toMatchObject({ changed: false, order: [] });
    // Each stop is in the rehearsal log, by the agent's account.
    expect(site().log.entries().filter((e) => e.what === 'service.stop').map((e) => e.target)).toEqual(STOP.map((s) => s.slice(5)));
  });

  it('starts the Service Dispatcher first, then the Repository, then the rest', async () => {
    const r = await task({ state: 'started' });
    expect((r.order as string[]).slice(0, 2)).toEqual(['start QlikSenseServiceDispatcher', 'start QlikSenseRepositoryService']);
    expect(r.services).toContainEqual(expect.objectContaining({ name: 'QlikSenseProxyService', state: 'running' }));
    expect(qlik().every((s) => s.endsWith(':running'))).toBe(true);
    expect(await task({ state: 'started' })).toMatchObject({ changed: false, order: [] });
  });

  it('M1: `services: []` means no services, never all of them', async () => {
    const before = JSON.stringify(state());
    expect(await task({ state: 'stopped', services: [] })).toEqual({ changed: false, order: [], services: [] });
    expect(JSON.stringify(state())).toBe(before);
  });

  it('a Repository start without the Service Dispatcher fails as the node does: 1067, the process ended while starting', async () => {
    await task({ state: 'stopped' });
    expect(await task({ state: 'started', services: ['QlikSenseRepositoryService'] })).toMatchObject({
      failed: true, failed_service: 'QlikSenseRepositoryService',
      msg: "Service 'QlikSenseRepositoryService' (Qlik Sense Repository Service) did not start: 1067: The process terminated unexpectedly.",
    });
    expect(await task({ state: 'started' })).toMatchObject({ changed: true });
  });

  it('a missing service fails in Windows\' words; a start the host refuses names the service and the code', async () => {
    expect(await task({ state: 'started', services: ['QlikSenseNoSuchService'] })).toMatchObject({
      failed: true, msg: "Service 'QlikSenseNoSuchService' was not found: The specified service does not exist as an installed service.",
    });
    const engine = findService(state(), 'QlikSenseEngineService')!;
    engine.state = 'stopped';
    engine.password = 'not-the-password';
    const r = await task({ state: 'started', services: ['QlikSenseEngineService'] });
    // M3: the 1069 reaches the module as a Win32Exception with its code, however deep Windows wraps it.
    expect(r).toMatchObject({
      failed: true, failed_service: 'QlikSenseEngineService', order: ['start QlikSenseEngineService'],
      msg: "Service 'QlikSenseEngineService' (Qlik Sense Engine Service) did not start: 1069: The service did not start due to a logon failure.",
    });
  });

  it('"services.ps1:20": a service that never finishes stopping fails with 1053 after the timeout instead of waiting for ever', async () => {
    findService(state(), 'QlikSensePrintingService')!.hung = true;
    const r = await task({ state: 'stopped', timeout: 5 });
    expect(r).toMatchObject({
      failed: true, failed_service: 'QlikSensePrintingService',
      msg: "Service 'QlikSensePrintingService' (Qlik Sense Printing Service) did not stop: 1053: The service did not respond to the start or control request in a timely fashion.",
    });
  });
});
