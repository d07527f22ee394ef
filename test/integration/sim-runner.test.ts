/**
 * The simulator runs the real agent bootstrap and real module scripts in pwsh (src/sim/runner): through the real
 * WinRM client, a module's own PowerShell executes in a restricted runspace and reaches the host model only through
 * façade verbs.
 */
import { describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/registry.ts';
import type { ModuleDef } from '../../src/modules/types.ts';
import { startSimSite } from '../../src/sim/site.ts';
import { pwshWorker } from '../../src/sim/runner/pwsh-worker.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { useSiteAgent } from '../helpers/site-agent.ts';

describe('simulated agents run the real bootstrap and module scripts in pwsh', () => {
  const on = useSiteAgent(() => startSimSite({ hosts: 1, baseAddress: loopbackBlock(61) }), (s) => s);
  const site = () => on.site();
  const ping = findModule('win_ping') as ModuleDef;
  // A module of the test's own: a fresh name each time, since an agent keeps a module's script for the session.
  let n = 0;
  const scripted = (script: string): ModuleDef => {
    const name = `test_module_${++n}`;
    return { ...ping, name, script };
  };
  const run = (def: ModuleDef, args: unknown = {}, environment?: Record<string, string>) =>
    on.agent().invoke(def, args, { check: false, diff: false, ...(environment ? { environment } : {}) });


  it('win_ping\'s own script answers, and its documented crash is a failed result with the exception text', async () => {
    expect(await run(ping, { data: 'hello' })).toEqual({ changed: false, ping: 'hello' });
    const crash = await run(ping, { data: 'crash' });
    expect(crash).toMatchObject({ failed: true, msg: 'Unhandled exception while executing module: boom' });
  });

  it('a module that bypasses the façade fails as not recognized: no Windows cmdlet, provider or program exists', async () => {
    // The user layer's cmdlets, aliases and helpers (user-layer.ts) are only in runspaces the module creates for a user's script.
    for (const call of ['Get-Service -Name Spooler', 'New-LocalUser -Name x -NoPassword', 'Get-CimInstance Win32_Service', 'gsv', '1 | % { $_ }', "__WbSimCall 'User.Users'", 'Get-Content C:\\x.txt', 'Test-Path C:\\', 'sc.exe query', 'hostname']) {
      const r = await run(scripted(`${call}\n@{ changed = $false }`));
      expect(r, call).toMatchObject({ failed: true });
      // A bare program name makes pwsh look for a file first: no file system provider here either.
      expect(String(r.msg), call).toMatch(/is not recognized|Cannot find a provider with the name 'Microsoft.PowerShell.Core\\FileSystem'/);
    }
  });

  it('a module\'s own runspace has no provider, while the session state it reports (what a user script\'s runspace is made from) carries the user layer', async () => {
    for (const call of ['Get-ChildItem env:', 'Set-Location C:\\', 'Get-ItemProperty HKLM:\\SOFTWARE']) {
      const r = await run(scripted(`$v = ${call}\n@{ changed = $false; v = [string]$v }`));
      expect(r, call).toMatchObject({ failed: true, msg: expect.stringMatching(/is not recognized/) });
    }
    // With no env: drive, a variable path reads as $null (PowerShell's rule), never the host's value.
    expect(await run(scripted('@{ changed = $false; v = ($null -eq $env:USERNAME) }'))).toMatchObject({ v: true });
    const r = await run(scripted([
      '$iss = [runspace]::DefaultRunspace.InitialSessionState',
      '$rs = [runspacefactory]::CreateRunspace($iss); $rs.Open()',
      '$ps = [powershell]::Create(); $ps.Runspace = $rs',
      "$out = $ps.AddScript('(Test-Path C:\\Windows), $env:USERNAME, (Get-Location).Drive.Name').Invoke()",
      '$rs.Dispose()',
      '@{ changed = $false; providers = @($iss.Providers | ForEach-Object { $_.Name }); out = @($out | ForEach-Object { [string]$_ }) }',
    ].join('\n')));
    expect(r).toMatchObject({ providers: ['FileSystem', 'Registry', 'Environment'], out: ['True', 'Administrator', 'C'] });
  });

  it('façade verbs reach the host model: the task environment is set for the module\'s run and restored', async () => {
    const before = pwshWorker().calls;
    const r = await run(scripted("@{ changed = $false; foo = (Get-WbProcessEnvironment -Name WINBOOK_T) }"), {}, { WINBOOK_T: 'one' });
    expect(r.foo).toBe('one');
    expect(pwshWorker().calls - before).toBeGreaterThanOrEqual(3);
    expect(site().hosts[0]!.host.state.process_env?.WINBOOK_T).toBeUndefined();
  });

  it('a Windows refusal reaches the module as a Win32Exception with the code and Windows\' text', async () => {
    const r = await run(scripted("try { Add-WbStagedChunk -Key 'NOT-HEX' -Data '' ; @{ changed = $false } } catch { @{ changed = $false; type = $_.Exception.GetType().FullName; code = $_.Exception.NativeErrorCode; text = $_.Exception.Message } }"));
    expect(r).toMatchObject({ type: 'System.ComponentModel.Win32Exception', code: 123, text: 'The filename, directory name, or volume label syntax is incorrect.' });
  });

  it('a script error names the module\'s line; an unreadable request is reported on stderr, and the agent goes on', async () => {
    const r = await run(scripted("Set-StrictMode -Version 2.0\n$x = $undefinedVariable\n@{ changed = $false }"));
    expect(r).toMatchObject({ failed: true });
    expect(String(r.msg)).toMatch(/undefinedVariable/);
    expect(await run(ping, {})).toEqual({ changed: false, ping: 'pong' });
  });
});

describe('Windows PowerShell 5.1 behaviours the simulated agent keeps', () => {
  const on = useSiteAgent(() => startSimSite({ hosts: 1, baseAddress: loopbackBlock(62) }), (s) => s);
  const ping = findModule('win_ping') as ModuleDef;
  let n = 0;
  const run = (script: string, args: unknown = {}) => {
    const name = `test_ps51_${++n}`;
    return on.agent().invoke({ ...ping, name, script }, args, { check: false, diff: false });
  };


  it('an ISO date in the arguments stays a string (PowerShell 7 would make it a DateTime)', async () => {
    const r = await run("@{ changed = $false; type = $ModuleArgs.when.GetType().Name }", { when: '2026-12-31T00:00:00Z' });
    expect(r).toMatchObject({ type: 'String' });
  });

  it('a string decorated with note properties (as Get-Content returns) in a result fails, as 5.1 would hang or bloat on it', async () => {
    const r = await run("$line = 'text' | Add-Member -NotePropertyName PSPath -NotePropertyValue 'C:\\x' -PassThru\n@{ changed = $false; lines = @($line) }");
    expect(r).toMatchObject({ failed: true });
    expect(String(r.msg)).toMatch(/result is not convertible to JSON: Windows PowerShell 5.1 would serialise this string as an object with its note properties \(PSPath\)/);
  });

  it('PowerShell 7-only parameters of the JSON cmdlets are refused as 5.1 refuses them', async () => {
    const r = await run("$h = ConvertFrom-Json -InputObject '{}' -AsHashtable\n@{ changed = $false }");
    expect(r).toMatchObject({ failed: true });
    expect(String(r.msg)).toMatch(/A parameter cannot be found that matches parameter name 'AsHashtable'/);
  });
});
