/**
 * The system modules through the real client (NTLM, sealed WinRM, the persistent agent) against a simulated
 * host: win_environment and win_regedit check → apply → reapply with diffs, win_wait_for and win_uri from the
 * host's own view with their failures in the module's words, and win_reboot in a playbook run: the host goes
 * away, comes back with its automatic services, and the next task runs on a new connection.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EventBus } from '../../src/engine/events.ts';
import type { RunEvent } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import { addHttpEndpoint } from '../../src/sim/host/http-endpoints.ts';
import { findService } from '../../src/sim/host/services.ts';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { useModuleHost } from '../helpers/module-host.ts';

describe('environment, registry, wait and HTTP modules over WinRM against the simulator', () => {
  const mh = useModuleHost(130);
  const { task, rehearse, host, costs } = mh;

  it('win_environment sets a machine variable with a per-level diff, and refuses an empty value', async () => {
    const [check, apply] = await rehearse('win_environment', { name: 'QLIK_SHARE', value: '\\\\fs01\\QlikShare', level: 'machine' });
    expect(check).toMatchObject({ before_value: null, value: '\\\\fs01\\QlikShare', diff: { before: { machine: {} }, after: { machine: { QLIK_SHARE: '\\\\fs01\\QlikShare' } } } });
    expect(apply.values).toEqual({ QLIK_SHARE: { changed: true, before: null, after: '\\\\fs01\\QlikShare' } });
    expect(await task('win_environment', { name: 'QLIK_SHARE', value: '', state: 'present', level: 'machine' })).toMatchObject({
      failed: true, msg: 'When state=present, value must be defined and not an empty string, if you wish to remove the envvar, set state=absent',
    });
  });

  it('win_environment keeps Path a REG_EXPAND_SZ when it changes it (the .NET trap), and removes with state absent', async () => {
    const path = '%SystemRoot%\\system32;%SystemRoot%;C:\\Qlik\\bin';
    await rehearse('win_environment', { name: 'Path', value: path, level: 'machine' });
    const key = await task('win_regedit', { path: 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment', name: 'Path', data: path, type: 'expandstring' });
    expect(key).toMatchObject({ changed: false, data_changed: false, data_type_changed: false });
    const [, removed] = await rehearse('win_environment', { name: 'QLIK_SHARE', state: 'absent', level: 'machine' });
    expect(removed).toMatchObject({ before_value: '\\\\fs01\\QlikShare', value: null });
  });

  it('win_regedit creates a key and a dword, shows .reg text in the diff, and reports a type change', async () => {
    const args = { path: 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319', name: 'SchUseStrongCrypto', data: 1, type: 'dword' };
    const [check] = await rehearse('win_regedit', args);
    expect(check.diff).toEqual({ before: '', after: '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]\r\n"SchUseStrongCrypto"=dword:00000001\r\n' });
    const [, retyped] = await rehearse('win_regedit', { ...args, data: '1', type: 'string' });
    expect(retyped).toMatchObject({ data_changed: false, data_type_changed: true });
    expect(mh.site().log.entries().map((e) => e.what)).toEqual(expect.arrayContaining(['registry.key.create', 'registry.value.set']));
  });

  it('win_regedit deletes a key, reads the OS identity, and fails in Windows\' words', async () => {
    await rehearse('win_regedit', { path: 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework', state: 'absent' });
    expect(await task('win_regedit', { path: 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', name: 'ProductName', data: 'Windows Server 2019 Standard' })).toMatchObject({ changed: false });
    expect(await task('win_regedit', { path: 'HKLM:\\SECURITY\\Policy\\Secrets', state: 'present' })).toMatchObject({ failed: true, msg: 'Requested registry access is not allowed.' });
    expect(await task('win_regedit', { path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X' })).toMatchObject({ failed: true, msg: 'path: HKEY_LOCAL_MACHINE\\SOFTWARE\\X is not a valid powershell path, see module documentation for examples.' });
  });

  it('win_wait_for sees WinRM listening on 5985 and fails with the module\'s message for a closed port', async () => {
    expect(await task('win_wait_for', { port: 5985, timeout: 5 })).toMatchObject({ changed: false, wait_attempts: 1 });
    expect(await task('win_wait_for', { port: 4242, timeout: 3, sleep: 1 }, { check: true })).toMatchObject({
      failed: true, msg: 'timeout while waiting for 127.0.0.1:4242 to start listening', elapsed: expect.closeTo(3, 0), wait_attempts: 3,
    });
    expect(await task('win_wait_for', { port: 4242, state: 'stopped' })).toMatchObject({ changed: false, wait_attempts: 1 });
    expect(await task('win_wait_for', { path: 'C:\\Windows', port: 1 })).toMatchObject({ failed: true, msg: 'port and path parameter can not both be passed to win_wait_for' });
    expect(await task('win_wait_for', { path: 'C:\\Windows\\never.txt', timeout: 2 })).toMatchObject({ failed: true, msg: 'timeout while waiting for file C:\\Windows\\never.txt to be present' });
  });

  it('win_uri reaches an endpoint on the host only while its service runs, and checks the status', async () => {
    const repo = findService(host().state, 'W32Time')!;
    repo.listens = [4242];
    addHttpEndpoint(host().state, { port: 4242, prefix: '/qrs/', handle: () => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"buildVersion":"14.0"}' }) });
    expect(await task('win_uri', { url: 'http://localhost:4242/qrs/about' })).toMatchObject({
      failed: true, msg: 'Unhandled exception occurred when sending web request. Exception: Unable to connect to the remote server',
    });
    await task('win_service', { name: 'W32Time', state: 'started' });
    expect(await task('win_uri', { url: 'http://localhost:4242/qrs/about', return_content: true })).toMatchObject({
      changed: false, status_code: 200, status_description: 'OK', content_type: 'application/json', json: { buildVersion: '14.0' },
    });
    expect(await task('win_uri', { url: 'http://localhost:5985/wsman' })).toMatchObject({
      failed: true, status_code: 405, msg: "Status code of request '405' is not in list of valid status codes 200 : MethodNotAllowed'.",
    });
    expect(await task('win_uri', { url: 'http://localhost:4242/qrs/app', method: 'POST', body: { name: 'x' } }, { check: true })).toMatchObject({ skipped: true, changed: false });
  });

  it('costs at most 2 HTTP requests per task after the first', () => {
    expect(costs.length).toBeGreaterThan(10);
    expect(Math.max(...costs.slice(1))).toBeLessThanOrEqual(2);
  });
});

describe('win_reboot in a playbook run against the simulator', () => {
  let site: SimSite;
  let dir: string;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(131) });
    dir = await mkdtemp(join(tmpdir(), 'winbook-reboot-'));
    await writeFile(join(dir, 'inventory.yml'), site.inventory());
    const tasks = [
      { name: 'stop the spooler before', win_service: { name: 'Spooler', state: 'stopped' } },
      { name: 'process variable', win_environment: { name: 'WB_RUN', value: 'set', level: 'process' } },
      { name: 'restart', win_reboot: { pre_reboot_delay: 0, reboot_timeout: 60 } },
      { name: 'after the reboot', win_service_info: { name: 'Spooler' } },
      { name: 'the process variable is gone', win_environment: { name: 'WB_RUN', state: 'absent', level: 'process' } },
    ];
    await writeFile(join(dir, 'play.yml'), stringify([{ hosts: 'windows', gather_facts: false, tasks }]));
  });
  afterAll(async () => {
    await site?.close();
  });

  it('the host goes away and comes back with its automatic services, and the run continues on it', async () => {
    const bus = new EventBus();
    const events: RunEvent[] = [];
    bus.on((e) => events.push(e));
    const checkBus = new EventBus();
    const checkFailures: string[] = [];
    checkBus.on((e) => void (e.type === 'host.result' && e.status === 'failed' && checkFailures.push(`${e.task}: ${String(e.result.msg)}`)));
    const check = await run({ playbook: join(dir, 'play.yml'), inventory: [join(dir, 'inventory.yml')], bus: checkBus, check: true });
    expect(checkFailures).toEqual([]);
    expect(check.exitCode).toBe(0);
    expect(site.log.entries().some((e) => e.what.startsWith('host.'))).toBe(false);

    const summary = await run({ playbook: join(dir, 'play.yml'), inventory: [join(dir, 'inventory.yml')], bus });
    const results = events.flatMap((e) => (e.type === 'host.result' ? [[e.task, e.status, e.result] as const] : []));
    expect(summary.exitCode).toBe(0);
    expect(results.find(([t]) => t === 'restart')?.[2]).toMatchObject({ changed: true, rebooted: true });
    // Spooler is automatic: stopped before, running again after the boot.
    expect(findService(site.hosts[0]!.host.state, 'Spooler')).toMatchObject({ state: 'running' });
    expect(results.find(([t]) => t === 'the process variable is gone')?.[2]).toMatchObject({ changed: false, before_value: null });
    const whats = site.log.entries().map((e) => e.what);
    expect(whats).toEqual(expect.arrayContaining(['host.reboot.scheduled', 'host.shutdown', 'host.reboot']));
    const boot = site.log.entries().find((e) => e.what === 'host.reboot');
    expect(boot?.detail).toMatchObject({ boot: 1, started: expect.arrayContaining(['WinRM', 'Spooler', 'RpcSs', 'HTTP']) });
    expect((boot?.detail?.started as string[]).includes('W32Time')).toBe(false);
    expect(site.hosts[0]!.listener.shellCount).toBeLessThanOrEqual(1);
  }, 60_000);
});
