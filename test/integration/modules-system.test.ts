/**
 * The system modules through the real client (NTLM, sealed WinRM, the persistent agent) against a simulated
 * host: win_environment and win_regedit check → apply → reapply with diffs, win_wait_for and win_uri from the
 * host's own view with their failures in the module's words, and win_reboot in a playbook run: the host goes
 * away, comes back with its automatic services, and the next task runs on a new connection.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EventBus } from '../../src/engine/events.ts';
import type { RunEvent } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import { findModule } from '../../src/modules/registry.ts';
import { writeFile as writeHostFile } from '../../src/sim/host/fs.ts';
import { addHttpEndpoint } from '../../src/sim/host/http-endpoints.ts';
import { rebootPending, scheduleReboot } from '../../src/sim/host/reboot.ts';
import { getValue, openKey, regPath } from '../../src/sim/host/registry-hive.ts';
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

  it('win_regedit creates a key and a dword, shows 1.14\'s dict diff, and reports a type change', async () => {
    const path = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319';
    const args = { path, name: 'SchUseStrongCrypto', data: 1, type: 'dword' };
    const [check, apply] = await rehearse('win_regedit', args);
    // 1.14 (Set-StatePresent): a key check mode did not create has no value to show; the run that creates it does.
    expect(check.diff).toEqual({ before: {}, after: { [path]: {} } });
    expect(apply.diff).toEqual({ before: {}, after: { [path]: { SchUseStrongCrypto: { type: 'DWord', value: '0x00000001' } } } });
    const [retypedCheck, retyped] = await rehearse('win_regedit', { ...args, data: '1', type: 'string' });
    expect(retyped).toMatchObject({ data_changed: false, data_type_changed: true });
    expect(retypedCheck.diff).toEqual({ before: { [path]: { SchUseStrongCrypto: { type: 'DWord', value: '0x00000001' } } }, after: { [path]: { SchUseStrongCrypto: { type: 'String', value: '1' } } } });
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

  /** The stored value, read from the host model (not through the module under test). */
  const stored = (path: string, name: string) => {
    const state = host().state;
    const key = openKey(state, regPath(state, path, 'Administrator')!, 'Administrator');
    return key ? getValue(key, name) : undefined;
  };

  it('win_regedit writes a one-item REG_MULTI_SZ and REG_BINARY bytes, idempotently (M5)', async () => {
    // M5: the old script returned [string[]]/[byte[]] from a function, which 5.1 unrolls: ['C:\Qlik'] became a
    // string and SetValue(…, MultiString) threw; bytes became object[]. The façade takes typed parameters.
    const key = 'HKLM:\\SOFTWARE\\Qlik\\Paths';
    await rehearse('win_regedit', { path: key, name: 'Roots', data: ['C:\\Qlik'], type: 'multistring' });
    expect(stored(key, 'Roots')).toEqual({ name: 'Roots', type: 'multistring', data: ['C:\\Qlik'] });
    await rehearse('win_regedit', { path: key, name: 'Empty', data: [], type: 'multistring' });
    expect(stored(key, 'Empty')).toMatchObject({ type: 'multistring', data: [] });
    const [check] = await rehearse('win_regedit', { path: key, name: 'Blob', data: [0xde, 0xad, 0, 1], type: 'binary' });
    expect(check.diff).toEqual({ before: { [key]: {} }, after: { [key]: { Blob: { type: 'Binary', value: ['0xde', '0xad', '0x00', '0x01'] } } } });
    expect(stored(key, 'Blob')).toMatchObject({ type: 'binary', data: [0xde, 0xad, 0, 1] });
    expect(await task('win_regedit', { path: key, name: 'Blob', data: '0xde,0xad,0x00,0x01', type: 'binary' })).toMatchObject({ changed: false });
    // M2's rule at the façade: setting another value never recreates the key, so the earlier values survive.
    expect(stored(key, 'Roots')).toBeDefined();
  });

  // 1.14's Get-DiffValue and the shapes of Set-StatePresent/Set-StateAbsent: the path and name as given, '' for the
  // default value, "" on both sides when there was nothing to compare.
  it('win_regedit diffs as 1.14: hex for dword, qword and binary, lists for multistring, each state\'s shape', async () => {
    const key = 'HKLM:\\SOFTWARE\\Qlik\\DiffShapes';
    const diff = async (args: Record<string, unknown>) => (await task('win_regedit', { path: key, ...args }, { diff: true })).diff;
    expect(await diff({})).toEqual({ before: {}, after: { [key]: {} } });
    expect(await diff({})).toEqual({ before: { [key]: {} }, after: { [key]: {} } });
    expect(await diff({ name: 'One', data: 1, type: 'qword' })).toEqual({ before: { [key]: {} }, after: { [key]: { One: { type: 'QWord', value: '0x0000000000000001' } } } });
    expect(await diff({ name: 'Neg', data: '0xfffffffe', type: 'dword' })).toEqual({ before: { [key]: {} }, after: { [key]: { Neg: { type: 'DWord', value: '0xfffffffe' } } } });
    expect(await diff({ name: 'Neg', data: '0xfffffffe', type: 'dword' })).toEqual({ before: { [key]: { Neg: { type: 'DWord', value: '0xfffffffe' } } }, after: { [key]: { Neg: { type: 'DWord', value: '0xfffffffe' } } } });
    expect(await diff({ name: 'Roots', data: ['C:\\Qlik'], type: 'multistring' })).toEqual({ before: { [key]: {} }, after: { [key]: { Roots: { type: 'MultiString', value: ['C:\\Qlik'] } } } });
    expect(await diff({ name: 'Byte', data: [7], type: 'binary' })).toEqual({ before: { [key]: {} }, after: { [key]: { Byte: { type: 'Binary', value: ['0x07'] } } } });
    expect(await diff({ name: 'Home', data: '%SystemRoot%\\x', type: 'expandstring' })).toEqual({ before: { [key]: {} }, after: { [key]: { Home: { type: 'ExpandString', value: '%SystemRoot%\\x' } } } });
    expect(await diff({ name: '', data: 'default' })).toEqual({ before: { [key]: {} }, after: { [key]: { '': { type: 'String', value: 'default' } } } });
    expect(await diff({ name: 'Roots', state: 'absent' })).toEqual({ before: { [key]: { Roots: { type: 'MultiString', value: ['C:\\Qlik'] } } }, after: { [key]: {} } });
    expect(await diff({ name: 'Roots', state: 'absent' })).toEqual({ before: '', after: '' });
    expect(await diff({ state: 'absent', delete_key: false })).toEqual({ before: { [key]: { '': { type: 'String', value: 'default' } } }, after: { [key]: {} } });
    expect(await diff({ state: 'absent' })).toEqual({ before: { [key]: {} }, after: {} });
    expect(await diff({ state: 'absent' })).toEqual({ before: '', after: '' });
  });

  // win_regedit.ps1 (1.14): `$null -eq $name -and $type -ne "string"` warns and converts; name "" becomes $null after
  // that check; Set-StatePresent returns before writing when $Data is $null (a string (Default) without data), and
  // dword/qword/binary/none/multistring data default to 0/empty first; Set-StateAbsent deletes the key when -not $Name.
  it('win_regedit without a name sets the (Default) value from data as 1.14 does, and name "" is the same', async () => {
    const key = 'HKLM:\\SOFTWARE\\Qlik\\NoName';
    const [, set] = await rehearse('win_regedit', { path: key, data: 'C:\\Qlik' });
    expect(set).toMatchObject({ changed: true });
    expect(stored(key, '')).toMatchObject({ data: 'C:\\Qlik' });
    const converted = await task('win_regedit', { path: key, data: '7', type: 'dword' });
    expect(converted).toMatchObject({ changed: true, warnings: ["the data type when name is not specified can only be 'string', the type has automatically been converted"] });
    expect(stored(key, '')).toMatchObject({ type: 'string', data: '7' });
    const blank = 'HKLM:\\SOFTWARE\\Qlik\\BlankName';
    await rehearse('win_regedit', { path: blank, name: '' });
    expect(stored(blank, '')).toBeUndefined();
    await rehearse('win_regedit', { path: blank, name: '', type: 'dword' });
    expect(stored(blank, '')).toMatchObject({ type: 'dword', data: 0 });
    await task('win_regedit', { path: blank, name: 'Keep', data: 'k' });
    expect(await task('win_regedit', { path: blank, name: '', state: 'absent' })).toMatchObject({ changed: true });
    expect(stored(blank, 'Keep')).toBeUndefined();
  });

  // win_regedit.ps1 (1.14): a path whose only separators are '/' is read with '\\' ($registry_path.Replace('/', '\\'))
  // after $module.Deprecate(msg, 2021-07-01); the diff keeps the path as written; a '/' beside a '\\' names a key.
  it("win_regedit reads HKLM:\\SOFTWARE/Qlik/Slash as HKLM:\\SOFTWARE\\Qlik\\Slash, with 1.14's '/' deprecation", async () => {
    const written = 'HKLM:\\SOFTWARE/Qlik/Slash';
    const deprecation = { msg: "path is not using '\\' as a separator, support for '/' as a separator will be removed in a future Ansible version", date: '2021-07-01', collection_name: null };
    const [check, apply, again] = await rehearse('win_regedit', { path: written, name: 'Port', data: 4242, type: 'dword' });
    for (const r of [check, apply, again]) expect(r.deprecations).toEqual([deprecation]);
    expect(apply.changed).toBe(true);
    expect(stored('HKLM:\\SOFTWARE\\Qlik\\Slash', 'Port')).toMatchObject({ type: 'dword', data: 4242 });
    expect((await task('win_regedit', { path: written, name: 'Port', data: 4242, type: 'dword' }, { diff: true })).diff).toEqual({
      before: { [written]: { Port: { type: 'DWord', value: '0x00001092' } } }, after: { [written]: { Port: { type: 'DWord', value: '0x00001092' } } },
    });
    const mixed = await task('win_regedit', { path: 'HKLM:\\SOFTWARE\\Qlik/Mixed', name: 'X', data: 'y' });
    expect(mixed.deprecations).toBeUndefined();
    expect(stored('HKLM:\\SOFTWARE\\Qlik/Mixed', 'X')).toMatchObject({ data: 'y' });
    expect(stored('HKLM:\\SOFTWARE\\Qlik\\Mixed', 'X')).toBeUndefined();
  });

  it('win_regedit with delete_key false clears only the (Default) value', async () => {
    const key = 'HKLM:\\SOFTWARE\\Qlik\\Defaults';
    await task('win_regedit', { path: key, name: '', data: 'default' });
    await task('win_regedit', { path: key, name: 'Keep', data: 'k' });
    await rehearse('win_regedit', { path: key, state: 'absent', delete_key: false });
    expect(stored(key, '')).toBeUndefined();
    expect(stored(key, 'Keep')).toMatchObject({ data: 'k' });
  });

  it('win_regedit stores DWORDs from 0x80000000 up and QWORDs above 2^63 (win_regedit.ps1:36-37)', async () => {
    // win_regedit.ps1:36-37: [int][uint32] threw "Value was either too large or too small for an Int32" for these.
    const key = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';
    await rehearse('win_regedit', { path: key, name: 'AllOnes', data: '0xffffffff', type: 'dword' });
    expect(stored(key, 'AllOnes')).toMatchObject({ type: 'dword', data: 4294967295 });
    await rehearse('win_regedit', { path: key, name: 'High', data: 2147483648, type: 'dword' });
    await rehearse('win_regedit', { path: key, name: 'Big', data: '0x8000000000000000', type: 'qword' });
    expect(stored(key, 'Big')).toMatchObject({ type: 'qword', data: -(2 ** 63) });
    expect(await task('win_regedit', { path: key, name: 'Over', data: 4294967296, type: 'dword' })).toMatchObject({
      failed: true, msg: 'data cannot be larger than 0xffffffff when type is dword',
    });
  });

  it('win_environment takes name or variables, not both (the module\'s mutually_exclusive)', () => {
    expect(() => findModule('win_environment')!.schema.parse({ name: 'A', variables: { B: 'c' }, level: 'machine' })).toThrow('mutually exclusive');
  });

  it('win_environment sets several user variables at once and warns about a value given with state absent', async () => {
    const [, apply] = await rehearse('win_environment', { variables: { QLIK_A: 'a', QLIK_B: '%USERPROFILE%\\b' }, level: 'user' });
    expect(apply.values).toEqual({ QLIK_A: { changed: true, before: null, after: 'a' }, QLIK_B: { changed: true, before: null, after: '%USERPROFILE%\\b' } });
    expect(stored('HKCU:\\Environment', 'QLIK_B')).toMatchObject({ type: 'expandstring' });
    expect(await task('win_environment', { name: 'QLIK_A', value: 'a', state: 'absent', level: 'user' })).toMatchObject({
      changed: true, warnings: ["When removing environment variable 'QLIK_A' it should not have a value 'a' set"],
    });
  });

  it('win_wait_for finds a regex in a file and sees the controller\'s connection until it is excluded', async () => {
    writeHostFile(host().state, 'C:\\Windows\\Temp\\qlik-ready.log', Buffer.from('starting\r\nRepository ready\r\n'), { account: 'SYSTEM', log: mh.site().log });
    expect(await task('win_wait_for', { path: 'C:\\Windows\\Temp\\qlik-ready.log', regex: 'repository READY' })).toMatchObject({ changed: false, wait_attempts: 1 });
    expect(await task('win_wait_for', { path: 'C:\\Windows\\Temp\\qlik-ready.log', regex: 'stopped', state: 'absent' })).toMatchObject({ changed: false, wait_attempts: 1 });
    expect(await task('win_wait_for', { port: 5985, state: 'drained', timeout: 1 })).toMatchObject({ failed: true, msg: 'timeout while waiting for 127.0.0.1:5985 to drain' });
    expect(await task('win_wait_for', { port: 5985, state: 'drained', exclude_hosts: ['localhost'] })).toMatchObject({ changed: false, wait_attempts: 1 });
    expect(await task('win_wait_for', { port: 5985, search_regex: 'ready' })).toMatchObject({ failed: true, msg: 'regex should by used when checking a string in a file in the win_wait_for module' });
  });

  it('win_uri: validate_certs false accepts an untrusted certificate for that request only (win_uri.ps1:19)', async () => {
    // win_uri.ps1:19 set ServicePointManager.ServerCertificateValidationCallback, which stayed on for the agent's
    // life: the second request below would have been accepted too.
    const svc = findService(host().state, 'Spooler')!;
    svc.listens = [4243];
    addHttpEndpoint(host().state, { port: 4243, prefix: '/', certificate: 'untrusted', handle: (r) => ({ status: 200, headers: { 'Content-Type': 'text/plain', 'X-Request-Id': '7' }, body: `hello ${r.method}` }) });
    const url = 'https://localhost:4243/health';
    expect(await task('win_uri', { url, validate_certs: false, return_content: true })).toMatchObject({
      status_code: 200, content: 'hello GET', content_length: 9, x_request_id: '7',
    });
    expect(await task('win_uri', { url })).toMatchObject({
      failed: true, msg: 'Unhandled exception occurred when sending web request. Exception: The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.',
    });
    expect(await task('win_uri', { url: 'http://win02:5985/wsman' })).toMatchObject({
      failed: true, msg: 'Unhandled exception occurred when sending web request. Exception: Unable to connect to the remote server',
    });
    expect(await task('win_uri', { url: 'http://127.0.0.1:5985/nothing', status_code: 404 })).toMatchObject({ status_code: 404, status_description: 'Not Found' });
  });

  it('win_uri hands credentials and a JSON body to the endpoint and fails an unexpected status in the module\'s words', async () => {
    findService(host().state, 'Spooler')!.listens = [4243, 8080];
    addHttpEndpoint(host().state, { port: 8080, prefix: '/', handle: (r) => (r.user === 'u' && r.password === 'p' ? { status: 201, headers: { 'X-Request-Id': '7' }, body: r.body } : { status: 401 }) });
    expect(await task('win_uri', { url: 'http://localhost:8080/x', method: 'POST', body: { a: 1 }, url_username: 'u', url_password: 'p', status_code: 201, return_content: true })).toMatchObject({
      status_code: 201, x_request_id: '7', content: '{"a":1}',
    });
    expect(await task('win_uri', { url: 'http://localhost:8080/x' })).toMatchObject({
      failed: true, status_code: 401, msg: "Status code of request '401' is not in list of valid status codes 200 : Unauthorized'.",
    });
  });

  it('win_ping echoes data, and data: crash fails as Ansible\'s does', async () => {
    expect(await task('win_ping', { data: 'hello' })).toEqual({ changed: false, ping: 'hello' });
    // module_wrapper.ps1's text for an exception that escapes the module; exception: the error and its stack trace.
    const crash = await task('win_ping', { data: 'crash' });
    expect(crash).toMatchObject({ failed: true, msg: 'Unhandled exception while executing module: boom' });
    // Where the text comes from: 1.14's win_ping throws "boom" for data: crash, and ansible-core 2.14's
    // module_wrapper.ps1 / exec_wrapper.ps1 (Write-AnsibleError) write the message, ': ' and the exception's.
    const core = '/usr/lib/python3/dist-packages/ansible/executor/powershell/';
    if (existsSync(core)) {
      expect(readFileSync('/usr/lib/python3/dist-packages/ansible_collections/ansible/windows/plugins/modules/win_ping.ps1', 'utf8')).toContain('throw "boom"');
      expect(readFileSync(`${core}module_wrapper.ps1`, 'utf8')).toContain('Message = "Unhandled exception while executing module"');
      expect(readFileSync(`${core}exec_wrapper.ps1`, 'utf8')).toContain('$result.msg += ": $($ErrorRecord.Exception.Message)"');
    }
    expect(String(crash.exception)).toMatch(/^boom\r\nat <ScriptBlock>, <No file>: line \d+/);
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

  it('a shutdown already scheduled on the host is cancelled and the reboot scheduled instead (win_reboot.ps1:14-17)', async () => {
    // win_reboot.ps1:14-17: with `2>&1` under ErrorActionPreference Stop, shutdown.exe's 1190 ("A system shutdown
    // has already been scheduled.") was a terminating error, so the abort-and-retry branch never ran.
    const state = site.hosts[0]!.host.state;
    await writeFile(join(dir, 'again.yml'), stringify([{ hosts: 'windows', gather_facts: false, tasks: [{ name: 'restart again', win_reboot: { pre_reboot_delay: 0, reboot_timeout: 60 } }] }]));
    expect(scheduleReboot(state, 3600, { account: 'NT AUTHORITY\\SYSTEM', log: site.log })).toBe(true);
    const bus = new EventBus();
    const results: Array<Record<string, unknown>> = [];
    bus.on((e) => void (e.type === 'host.result' && results.push(e.result)));
    const from = site.log.entries().length;
    const summary = await run({ playbook: join(dir, 'again.yml'), inventory: [join(dir, 'inventory.yml')], bus });
    expect(results[0]).toMatchObject({ changed: true, rebooted: true });
    expect(summary.exitCode).toBe(0);
    const whats = site.log.entries().slice(from).map((e) => [e.what, e.account]);
    expect(whats.slice(0, 2)).toEqual([['host.reboot.aborted', site.adminUser], ['host.reboot.scheduled', site.adminUser]]);
    expect(site.log.entries().slice(from).find((e) => e.what === 'host.reboot.aborted')?.detail).toEqual({ scheduled_by: 'NT AUTHORITY\\SYSTEM' });
    expect(rebootPending(state)).toBe(false);
  }, 60_000);
});
