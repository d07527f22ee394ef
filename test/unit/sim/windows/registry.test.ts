/**
 * The registry, environment, system and network verbs' simulator handlers, called directly on a default host
 * (contract/registry.ts, environment.ts, system.ts, network.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { environmentVerbs as environmentSpecs } from '../../../../src/hostapi/contract/environment.ts';
import { networkVerbs as networkSpecs } from '../../../../src/hostapi/contract/network.ts';
import { registryVerbs as registrySpecs } from '../../../../src/hostapi/contract/registry.ts';
import { systemVerbs as systemSpecs } from '../../../../src/hostapi/contract/system.ts';
import { addHttpEndpoint } from '../../../../src/sim/host/http-endpoints.ts';
import { attachReboot, rebootPending, scheduleReboot } from '../../../../src/sim/host/reboot.ts';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { findService } from '../../../../src/sim/host/services.ts';
import { defaultHostState } from '../../../../src/sim/host/state.ts';
import { WindowsError } from '../../../../src/sim/host/windows-error.ts';
import { callVerb, simVerbNames, type VerbContext } from '../../../../src/sim/windows/index.ts';

function host(): VerbContext {
  return { state: defaultHostState('WIN01'), log: new RehearsalLog(), account: 'WIN01\\Administrator' };
}

function code(f: () => unknown): number | string {
  try {
    f();
  } catch (e) {
    return e instanceof WindowsError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
}

const KEY = 'HKLM:\\SOFTWARE\\Qlik\\Sense';

describe('registry verbs on the simulated registry', () => {
  it('New-WbRegistryKey creates parents once and never recreates an existing key (M2: values survive)', () => {
    const ctx = host();
    expect(callVerb(ctx, 'New-WbRegistryKey', { Path: KEY })).toBe(true);
    expect(callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'Marker1', Kind: 'String', String: 'a' })).toBe(true);
    expect(callVerb(ctx, 'New-WbRegistryKey', { Path: KEY })).toBe(false);
    expect(callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'Marker2', Kind: 'String', String: 'b' })).toBe(true);
    const k = callVerb(ctx, 'Get-WbRegistryKey', { Path: KEY }) as { Values: Array<{ Name: string }> };
    expect(k.Values.map((v) => v.Name)).toEqual(['Marker1', 'Marker2']);
    expect(ctx.log.entries().filter((e) => e.what === 'registry.key.create')).toHaveLength(1);
  });

  it('keeps data typed both ways: REG_MULTI_SZ arrays (one and zero items), REG_BINARY bytes, REG_EXPAND_SZ unexpanded (M5)', () => {
    const ctx = host();
    callVerb(ctx, 'New-WbRegistryKey', { Path: KEY });
    callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'One', Kind: 'MultiString', MultiString: ['only'] });
    callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'None', Kind: 'MultiString', MultiString: [] });
    callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'Bin', Kind: 'Binary', Binary: Buffer.from([0xde, 0xad, 0, 1]).toString('base64') });
    callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'Exp', Kind: 'ExpandString', String: '%ProgramData%\\Qlik' });
    const k = callVerb(ctx, 'Get-WbRegistryKey', { Path: KEY }) as { Exists: boolean; Name: string; Values: unknown[] };
    expect(k).toMatchObject({ Exists: true, Name: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Qlik\\Sense' });
    expect(k.Values).toEqual([
      { Name: 'One', Type: 'REG_MULTI_SZ', Data: ['only'] },
      { Name: 'None', Type: 'REG_MULTI_SZ', Data: [] },
      { Name: 'Bin', Type: 'REG_BINARY', Data: '3q0AAQ==' },
      { Name: 'Exp', Type: 'REG_EXPAND_SZ', Data: '%ProgramData%\\Qlik' },
    ]);
    expect(callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'one', Kind: 'MultiString', MultiString: ['only'] })).toBe(false);
    expect(callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'One', Kind: 'String', String: 'only' })).toBe(true);
  });

  it('stores DWORDs from 0x80000000 up and QWORDs with unchecked semantics (win_regedit.ps1:36-37)', () => {
    const ctx = host();
    callVerb(ctx, 'New-WbRegistryKey', { Path: KEY });
    callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'High', Kind: 'DWord', Number: 0xffffffff });
    expect(callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'High', Kind: 'DWord', Number: -1 })).toBe(false);
    callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'Q', Kind: 'QWord', Number: -1 });
    callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'Mid', Kind: 'DWord', Number: 0x80000000 });
    const values = (callVerb(ctx, 'Get-WbRegistryKey', { Path: KEY }) as { Values: Array<{ Name: string; Data: unknown }> }).Values;
    expect(Object.fromEntries(values.map((v) => [v.Name, v.Data]))).toEqual({ High: 4294967295, Q: '18446744073709551615', Mid: 2147483648 });
    expect(code(() => callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'X', Kind: 'DWord', Number: 0x100000000 }))).toBe('87: The parameter is incorrect.');
  });

  it('removes values and keys (sub-keys only with -Recurse), false when absent', () => {
    const ctx = host();
    callVerb(ctx, 'New-WbRegistryKey', { Path: `${KEY}\\Child` });
    callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: '', Kind: 'String', String: 'default' });
    expect(callVerb(ctx, 'Remove-WbRegistryValue', { Path: KEY, Name: '' })).toBe(true);
    expect(callVerb(ctx, 'Remove-WbRegistryValue', { Path: KEY, Name: '' })).toBe(false);
    expect(code(() => callVerb(ctx, 'Remove-WbRegistryKey', { Path: 'HKLM:\\SOFTWARE\\Qlik' }))).toMatch(/^1020: /);
    expect(callVerb(ctx, 'Remove-WbRegistryKey', { Path: 'HKLM:\\SOFTWARE\\Qlik', Recurse: true })).toBe(true);
    expect(callVerb(ctx, 'Remove-WbRegistryKey', { Path: 'HKLM:\\SOFTWARE\\Qlik', Recurse: true })).toBe(false);
    expect(callVerb(ctx, 'Get-WbRegistryKey', { Path: KEY })).toEqual({ Exists: false, Name: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Qlik\\Sense', Values: [], SubKeys: [] });
  });

  it('refuses in Windows\' words: SECURITY for everyone but SYSTEM, HKLM for non-administrators, a missing key, a bad path', () => {
    const ctx = host();
    expect(code(() => callVerb(ctx, 'New-WbRegistryKey', { Path: 'HKLM:\\SECURITY\\Policy\\Secrets' }))).toBe('5: Requested registry access is not allowed.');
    expect(code(() => callVerb(ctx, 'Set-WbRegistryValue', { Path: KEY, Name: 'a', Kind: 'String', String: 'x' }))).toBe('2: The system cannot find the file specified.');
    expect(code(() => callVerb(ctx, 'Get-WbRegistryKey', { Path: 'HKEY_LOCAL_MACHINE\\SOFTWARE' }))).toBe('87: The parameter is incorrect.');
    expect(code(() => callVerb(ctx, 'Set-WbRegistryValue', { Path: 'HKLM:\\SOFTWARE', Name: 'a', Kind: 'Link', String: 'x' }))).toBe('87: The parameter is incorrect.');
    ctx.state.users.push({ name: 'svc', password: 'x', enabled: true } as (typeof ctx.state.users)[number]);
    const user = { ...ctx, account: 'WIN01\\svc' };
    expect(code(() => callVerb(user, 'New-WbRegistryKey', { Path: KEY }))).toBe('5: Requested registry access is not allowed.');
    expect(callVerb(user, 'New-WbRegistryKey', { Path: 'HKCU:\\Software\\Winbook' })).toBe(true);
    expect(callVerb(user, 'Get-WbRegistryKey', { Path: 'HKCU:\\Software\\Winbook' })).toMatchObject({ Exists: true, Name: 'HKEY_CURRENT_USER\\Software\\Winbook' });
  });
});

describe('environment verbs', () => {
  it('reads unexpanded, keeps REG_EXPAND_SZ on a change, removes with no value, and says whether it changed', () => {
    const ctx = host();
    expect(callVerb(ctx, 'Get-WbEnvironmentVariable', { Name: 'path', Target: 'Machine' })).toMatch(/^%SystemRoot%\\system32;/);
    expect(callVerb(ctx, 'Set-WbEnvironmentVariable', { Name: 'Path', Value: '%SystemRoot%\\system32;C:\\Qlik', Target: 'Machine' })).toBe(true);
    const env = callVerb(ctx, 'Get-WbRegistryKey', { Path: 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment' }) as { Values: Array<{ Name: string; Type: string }> };
    expect(env.Values.find((v) => v.Name === 'Path')?.Type).toBe('REG_EXPAND_SZ');
    expect(callVerb(ctx, 'Set-WbEnvironmentVariable', { Name: 'Path', Value: '%SystemRoot%\\system32;C:\\Qlik', Target: 'Machine' })).toBe(false);
    expect(callVerb(ctx, 'Set-WbEnvironmentVariable', { Name: 'WB', Value: 'x', Target: 'Process' })).toBe(true);
    expect(callVerb(ctx, 'Get-WbEnvironmentVariable', { Name: 'wb', Target: 'Process' })).toBe('x');
    expect(callVerb(ctx, 'Set-WbEnvironmentVariable', { Name: 'WB', Target: 'Process' })).toBe(true);
    expect(callVerb(ctx, 'Get-WbEnvironmentVariable', { Name: 'WB', Target: 'Process' })).toBeNull();
    expect(callVerb(ctx, 'Set-WbEnvironmentVariable', { Name: 'WB', Value: '', Target: 'User' })).toBe(false);
    expect(code(() => callVerb(ctx, 'Get-WbEnvironmentVariable', { Name: 'WB', Target: 'Session' }))).toBe('87: The parameter is incorrect.');
  });
});

describe('system verbs', () => {
  it('Get-WbHostInfo: name, OS version and a boot time that moves at each boot', () => {
    const ctx = host();
    const info = callVerb(ctx, 'Get-WbHostInfo', {}) as { BootTime: number };
    expect(info).toMatchObject({ Hostname: 'WIN01', OsVersion: '10.0.17763' });
    ctx.state.boots = 1;
    expect((callVerb(ctx, 'Get-WbHostInfo', {}) as { BootTime: number }).BootTime).toBe(info.BootTime + 60);
  });

  it('Invoke-WbReboot refuses a second schedule with 1190; Stop-WbScheduledReboot aborts it (win_reboot.ps1:14-17)', () => {
    const ctx = host();
    attachReboot(ctx.state, { down: () => undefined, up: () => undefined, downMs: 10 });
    expect(scheduleReboot(ctx.state, 3600, { account: 'NT AUTHORITY\\SYSTEM', log: ctx.log })).toBe(true);
    expect(code(() => callVerb(ctx, 'Invoke-WbReboot', { DelaySeconds: 0 }))).toBe('1190: A system shutdown has already been scheduled.');
    expect(callVerb(ctx, 'Stop-WbScheduledReboot', {})).toBe(true);
    expect(callVerb(ctx, 'Stop-WbScheduledReboot', {})).toBe(false);
    expect(callVerb(ctx, 'Invoke-WbReboot', { DelaySeconds: 3600, Message: 'x' })).toBeUndefined();
    expect(rebootPending(ctx.state)).toBe(true);
    callVerb(ctx, 'Stop-WbScheduledReboot', {});
    expect(ctx.log.entries().map((e) => e.what)).toEqual(['host.reboot.scheduled', 'host.reboot.aborted', 'host.reboot.scheduled', 'host.reboot.aborted']);
    ctx.state.users.push({ name: 'svc', password: 'x', enabled: true } as (typeof ctx.state.users)[number]);
    expect(code(() => callVerb({ ...ctx, account: 'WIN01\\svc' }, 'Invoke-WbReboot', { DelaySeconds: 0 }))).toBe('5: Access is denied.');
  });
});

describe('network verbs', () => {
  it('a port is open while a running service listens on it, from this host only', () => {
    const ctx = host();
    expect(callVerb(ctx, 'Test-WbTcpPort', { HostName: 'localhost', Port: 5985, TimeoutMs: 1000 })).toBe(true);
    expect(callVerb(ctx, 'Test-WbTcpPort', { HostName: 'other.example', Port: 5985, TimeoutMs: 1000 })).toBe(false);
    expect(callVerb(ctx, 'Get-WbTcpListener', {})).toEqual(expect.arrayContaining([{ Address: '0.0.0.0', Port: 5985 }]));
    expect(callVerb(ctx, 'Get-WbTcpConnection', { LocalPort: 5985 })).toEqual([expect.objectContaining({ RemoteAddress: '127.0.0.1', State: 'Established' })]);
    expect(callVerb(ctx, 'Resolve-WbHostAddress', { Name: 'win01' })).toEqual(['127.0.0.1']);
    expect(code(() => callVerb(ctx, 'Resolve-WbHostAddress', { Name: 'nowhere.example' }))).toBe('11001: No such host is known.');
  });

  it('Invoke-WbHttpRequest reaches the host\'s endpoints; an untrusted certificate fails unless this request skips validation', () => {
    const ctx = host();
    const w32 = findService(ctx.state, 'W32Time')!;
    w32.listens = [4242];
    addHttpEndpoint(ctx.state, { port: 4242, prefix: '/qrs/', certificate: 'untrusted', handle: (r) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ m: r.method, h: r.headers }) }) });
    const url = 'https://localhost:4242/qrs/about';
    expect(code(() => callVerb(ctx, 'Invoke-WbHttpRequest', { Url: url, Method: 'GET' }))).toBe('10061: Unable to connect to the remote server');
    w32.state = 'running';
    expect(code(() => callVerb(ctx, 'Invoke-WbHttpRequest', { Url: url, Method: 'GET' }))).toMatch(/^-2146762487: The underlying connection was closed: Could not establish trust/);
    expect(callVerb(ctx, 'Invoke-WbHttpRequest', { Url: url, Method: 'GET', ValidateCerts: false, Headers: { 'X-Qlik-Xrfkey': 'abc' } })).toEqual({
      StatusCode: 200, StatusDescription: 'OK', Headers: { 'Content-Type': 'application/json' }, Content: '{"m":"GET","h":{"X-Qlik-Xrfkey":"abc"}}',
    });
    expect(code(() => callVerb(ctx, 'Invoke-WbHttpRequest', { Url: url, Method: 'GET' }))).toMatch(/^-2146762487/);
    expect(code(() => callVerb(ctx, 'Invoke-WbHttpRequest', { Url: 'localhost/x', Method: 'GET' }))).toBe('87: Invalid URI: The format of the URI could not be determined.');
    expect(code(() => callVerb(ctx, 'Invoke-WbHttpRequest', { Url: 'http://win02:5985/wsman', Method: 'POST' }))).toBe('10061: Unable to connect to the remote server');
  });
});

describe('the registry, environment, system and network contract on both sides', () => {
  const domains = { registry: registrySpecs, environment: environmentSpecs, system: systemSpecs, network: networkSpecs };
  it.each(Object.entries(domains))('%s: every verb has a simulator handler and a Windows function with the same parameters', (domain, specs) => {
    const ps1 = readFileSync(new URL(`../../../../src/hostapi/windows/${domain}.ps1`, import.meta.url), 'utf8');
    for (const [verb, spec] of Object.entries(specs)) {
      expect(simVerbNames()).toContain(verb);
      const body = new RegExp(`function ${verb} \\{\\s*\\[CmdletBinding\\(\\)\\]\\s*param\\(([\\s\\S]*?)\\)\\s*\\n`).exec(ps1)?.[1];
      expect(body, `${verb} in windows/${domain}.ps1`).toBeDefined();
      const declared = [...body!.matchAll(/\$(\w+)/g)].map((m) => m[1]).filter((n) => n !== 'true' && n !== 'false' && n !== 'null');
      expect(declared.sort(), verb).toEqual(Object.keys(spec.params).sort());
    }
  });
});
