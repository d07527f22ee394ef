/**
 * A user's script reaches Windows in the simulator (issue 14): win_powershell's `script` runs, as on a host, in a
 * runspace made from the agent's reported session state, which carries the FileSystem, Registry and Environment
 * providers over the host model and Windows PowerShell's item, content and property cmdlets (src/sim/runner/
 * user-layer). Through the real client and the real module: a role-style script's check → apply → reapply, a
 * registry value set idempotently (read back by win_reg_stat), environment reads, the real cmdlets' error records,
 * and the same operations compared with pwsh's own FileSystem provider on a real temp folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/registry.ts';
import type { ModuleDef } from '../../src/modules/types.ts';
import { getNode, makeDirectory, setAcl } from '../../src/sim/host/fs.ts';
import { findPowerShellSync } from '../../src/sim/runner/find-pwsh.ts';
import { useModuleHost } from '../helpers/module-host.ts';

interface ErrorOut { output: string; fully_qualified_error_id: string; category_info: { category: string; reason: string }; exception: { message: string; type: string } }

/** A role's "make sure the folder and its settings file exist" step, honouring -WhatIf in check mode. */
const ENSURE = `[CmdletBinding(SupportsShouldProcess)]
param([string]$Root, [string]$Port)
$Ansible.Changed = $false
if (-not (Test-Path -LiteralPath $Root -PathType Container)) {
    New-Item -ItemType Directory -Path $Root | Out-Null
    $Ansible.Changed = $true
}
$file = Join-Path $Root 'settings.ini'
$want = "port=$Port"
if (-not (Test-Path -LiteralPath $file -PathType Leaf) -or (Get-Content -LiteralPath $file) -ne $want) {
    Set-Content -LiteralPath $file -Value $want
    $Ansible.Changed = $true
}
$Ansible.Result = @{ exists = (Test-Path $file); location = (Get-Location).Path }
`;

const REGISTRY = `param([int]$Port)
$key = 'HKLM:\\SOFTWARE\\Acme\\Service'
$Ansible.Changed = $false
if (-not (Test-Path $key)) { New-Item -Path $key -Force | Out-Null; $Ansible.Changed = $true }
$have = Get-ItemProperty -Path $key -Name Port -ErrorAction SilentlyContinue
if ($null -eq $have -or $have.Port -ne $Port) {
    New-ItemProperty -Path $key -Name Port -Value $Port -PropertyType DWord -Force | Out-Null
    $Ansible.Changed = $true
}
$item = Get-Item $key
$Ansible.Result = @{ port = (Get-ItemPropertyValue $key -Name Port); type = $item.GetValueKind('Port').ToString(); property = @($item.Property) }
`;

describe('user scripts reach the simulated host through the FileSystem, Registry and Environment providers', () => {
  const mh = useModuleHost(4);
  const { task, host } = mh;
  const tmpEntries = ['dir.create', 'dir.remove'];
  const changesSince = (n: number) => mh.site().log.entries().slice(n).filter((e) => !/ansible-moduletmp-/.test(e.target));

  it('win_powershell: check changes nothing, apply creates the folder and file as the account, reapply is unchanged', async () => {
    const args = { script: ENSURE, parameters: { Root: 'C:\\ProgramData\\Acme', Port: '8080' } };
    const before = mh.site().log.entries().length;
    const check = await task('win_powershell', args, { check: true });
    expect(check).toMatchObject({ changed: true, error: [] });
    expect(check.failed ?? false).toBe(false);
    expect(getNode(host().state, 'C:\\ProgramData\\Acme')).toBeUndefined();
    // Only the module's own tmpdir came and went.
    expect(mh.site().log.entries().slice(before).map((e) => e.what)).toEqual(tmpEntries);

    const mark = mh.site().log.entries().length;
    const apply = await task('win_powershell', args);
    expect(apply).toMatchObject({ changed: true, error: [], result: { exists: true, location: expect.stringMatching(/^C:.Users.Administrator$/) } });
    expect(changesSince(mark).map((e) => [e.what, e.target, e.account])).toEqual([
      ['dir.create', 'C:\\ProgramData\\Acme', 'Administrator'],
      ['file.write', 'C:\\ProgramData\\Acme\\settings.ini', 'Administrator'],
    ]);
    // Windows PowerShell 5.1's Set-Content: ANSI, CRLF.
    expect(Buffer.from(getNode(host().state, 'C:\\ProgramData\\Acme\\settings.ini')!.content!, 'base64').toString('latin1')).toBe('port=8080\r\n');

    const again = mh.site().log.entries().length;
    expect(await task('win_powershell', args)).toMatchObject({ changed: false, error: [] });
    expect(changesSince(again)).toEqual([]);
    // A changed value is a change again, and only the file is rewritten: Set-Content truncates it (Clear-Content's
    // step), then writes it, two writes as on Windows.
    const third = mh.site().log.entries().length;
    expect(await task('win_powershell', { ...args, parameters: { ...args.parameters, Port: '9090' } })).toMatchObject({ changed: true });
    expect(changesSince(third).map((e) => [e.what, e.detail?.size])).toEqual([['file.write', 0], ['file.write', 11]]);
  });

  it('win_powershell: a registry value set idempotently, with Windows\' types, as win_reg_stat reads it back', async () => {
    const first = await task('win_powershell', { script: REGISTRY, parameters: { Port: 4242 } });
    expect(first).toMatchObject({ changed: true, error: [], result: { port: 4242, type: 'DWord', property: ['Port'] } });
    expect(await task('win_powershell', { script: REGISTRY, parameters: { Port: 4242 } })).toMatchObject({ changed: false, error: [] });
    const stat = await task('win_reg_stat', { path: 'HKLM:\\SOFTWARE\\Acme\\Service', name: 'Port' });
    expect(stat).toMatchObject({ exists: true, type: 'REG_DWORD', value: 4242 });
    const types = await task('win_powershell', {
      script: [
        "$k = 'HKLM:\\SOFTWARE\\Acme\\Service'",
        "New-ItemProperty $k -Name Big -Value 5000000000 -PropertyType QWord | Out-Null",
        "New-ItemProperty $k -Name Dirs -Value @('a','b') -PropertyType MultiString | Out-Null",
        "New-ItemProperty $k -Name Home -Value '%SystemRoot%\\x' -PropertyType ExpandString | Out-Null",
        "New-ItemProperty $k -Name Blob -Value ([byte[]](1,2,255)) -PropertyType Binary | Out-Null",
        "Set-ItemProperty $k -Name Port -Value '4343'",
        "$p = Get-ItemProperty $k",
        "$p.Big.GetType().Name; $p.Dirs -join ','; $p.Home; $p.Blob -join ','; $p.Port.GetType().Name; $p.Port",
        "Remove-ItemProperty $k -Name Blob; Test-Path Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme\\Service",
        "(Get-ChildItem HKLM:\\SOFTWARE\\Acme | ForEach-Object { $_.PSChildName }) -join ','",
      ].join('\n'),
    });
    expect(types).toMatchObject({ error: [], output: ['Int64', 'a,b', 'C:\\Windows\\x', '1,2,255', 'Int32', 4343, true, 'Service'] });
  });

  it('win_powershell: $env: reads the agent process\'s block and the task environment, and writes it', async () => {
    const r = await task('win_powershell', {
      script: '$env:COMPUTERNAME; $env:USERNAME; $env:ProgramData; $env:ROLE_STAGE; $env:WB_SET = "x"; $env:WB_SET; Test-Path env:WB_SET; $null -eq $env:NOT_THERE',
    }, { environment: { ROLE_STAGE: 'blue' } });
    expect(r).toMatchObject({ error: [], output: [host().state.hostname, 'Administrator', 'C:\\ProgramData', 'blue', 'x', true, true] });
    expect(await task('win_powershell', { script: '$env:ROLE_STAGE' })).toMatchObject({ output: [null] });
    // 5.1's preference variables, as a script on a host reads them.
    expect(await task('win_powershell', { script: '"$WhatIfPreference $VerbosePreference $ProgressPreference $ConfirmPreference $ErrorView"' })).toMatchObject({ output: ['False SilentlyContinue Continue High NormalView'] });
  });

  it('win_powershell: failures are the real cmdlets\' error records, as the module returns them', async () => {
    const actor = { account: 'Administrator', log: mh.site().log };
    makeDirectory(host().state, 'C:\\Locked', actor);
    setAcl(host().state, 'C:\\Locked', { owner: 'NT AUTHORITY\\SYSTEM', protected: true, aces: [{ identity: 'NT AUTHORITY\\SYSTEM', rights: 0x1f01ff, type: 'allow', inherit: ['ContainerInherit', 'ObjectInherit'], propagation: 'None', inherited: false }] }, actor, 'acl.set');
    const r = await task('win_powershell', {
      script: 'Get-Item C:\\Nowhere\nGet-ChildItem C:\\Locked\nSet-Content C:\\Locked\\x.txt "no"\nNew-Item -ItemType File C:\\ProgramData\\Acme\\settings.ini\nGet-ItemProperty HKLM:\\SOFTWARE\\Acme\\Service -Name Nope\n"done"',
    });
    expect(r).toMatchObject({ output: ['done'] });
    expect(r.failed ?? false).toBe(false);
    const errors = r.error as ErrorOut[];
    expect(errors.map((e) => [e.fully_qualified_error_id, e.category_info.category, e.exception.type])).toEqual([
      ['PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand', 'ObjectNotFound', 'System.Management.Automation.ItemNotFoundException'],
      ['DirUnauthorizedAccessError,Microsoft.PowerShell.Commands.GetChildItemCommand', 'PermissionDenied', 'System.UnauthorizedAccessException'],
      ['GetContentWriterUnauthorizedAccessError,Microsoft.PowerShell.Commands.SetContentCommand', 'PermissionDenied', 'System.UnauthorizedAccessException'],
      ['NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand', 'WriteError', 'System.IO.IOException'],
      ['System.Management.Automation.PSArgumentException,Microsoft.PowerShell.Commands.GetItemPropertyCommand', 'InvalidArgument', 'System.Management.Automation.PSArgumentException'],
    ]);
    // pwsh on Linux joins the paths PowerShell itself builds with '/' (docs/simulator.md); the provider's own are Windows'.
    expect(errors.map((e) => e.exception.message)).toEqual([
      expect.stringMatching(/^Cannot find path 'C:[\\/]Nowhere' because it does not exist\.$/),
      "Access to the path 'C:\\Locked' is denied.",
      "Access to the path 'C:\\Locked\\x.txt' is denied.",
      "The file 'C:\\ProgramData\\Acme\\settings.ini' already exists.",
      'Property Nope does not exist at path HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme\\Service.',
    ]);
    expect(errors[0]!.output).toMatch(/^Get-Item : Cannot find path/);
    expect(await task('win_powershell', { script: 'Get-Item C:\\Nowhere\n"not reached"', error_action: 'stop' })).toMatchObject({ failed: true, output: [] });
  });

  it('content cmdlets, Out-File and > keep Windows PowerShell 5.1\'s encodings and refuse 7\'s names', async () => {
    const r = await task('win_powershell', {
      script: [
        "Set-Content C:\\ProgramData\\Acme\\u8.txt 'é' -Encoding UTF8",
        "Set-Content C:\\ProgramData\\Acme\\u16.txt 'é' -Encoding Unicode",
        "Set-Content C:\\ProgramData\\Acme\\ansi.txt 'é'",
        "Add-Content C:\\ProgramData\\Acme\\ansi.txt 'second'",
        "Get-Content C:\\ProgramData\\Acme\\u8.txt; Get-Content C:\\ProgramData\\Acme\\u16.txt; (Get-Content C:\\ProgramData\\Acme\\ansi.txt) -join '|'",
        "(Get-Item C:\\ProgramData\\Acme\\u16.txt).Length",
        "Set-Content C:\\ProgramData\\Acme\\x.txt 'x' -Encoding utf8NoBOM",
        // Out-File and the redirections write UTF-16 LE with a BOM in 5.1; >> appends.
        "'a', 'b' | Out-File C:\\ProgramData\\Acme\\out.txt",
        "'c' > C:\\ProgramData\\Acme\\redirect.txt; 'd' >> C:\\ProgramData\\Acme\\redirect.txt",
        "Get-Content C:\\ProgramData\\Acme\\redirect.txt",
      ].join('\n'),
    });
    const bytes = (name: string) => Buffer.from(getNode(host().state, `C:\\ProgramData\\Acme\\${name}`)!.content!, 'base64').toString('hex');
    expect(bytes('u8.txt')).toBe('efbbbfc3a90d0a');
    expect(bytes('u16.txt')).toBe('fffee9000d000a00');
    expect(bytes('ansi.txt')).toBe('e90d0a7365636f6e640d0a');
    expect(bytes('out.txt')).toBe('fffe61000d000a0062000d000a00');
    expect(bytes('redirect.txt')).toBe('fffe63000d000a0064000d000a00');
    expect(r.output).toEqual(['é', 'é', 'é|second', 8, 'c', 'd']);
    expect((r.error as ErrorOut[]).map((e) => e.fully_qualified_error_id)).toEqual(['CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands.SetContentCommand']);
  });

  it('a module\'s own runspace still has no provider: Test-Path and $env: fail there as on the agent', async () => {
    const ping = findModule('win_ping') as ModuleDef;
    const def: ModuleDef = { ...ping, name: 'test_agent_has_no_provider', script: 'Test-Path C:\\\n@{ changed = $false }' };
    const r = await mh.agent().invoke(def, {}, { check: false, diff: false });
    expect(r).toMatchObject({ failed: true, msg: expect.stringMatching(/The term 'Test-Path' is not recognized/) });
  });

  // The oracle: the same operations through pwsh's own FileSystem provider on a real folder, compared by what does
  // not depend on the platform (names, order, types, error ids, content lines). A recursive listing is compared as
  // a set: pwsh 7 walks sub-folders with a stack, Windows PowerShell 5.1 (the simulator) one after the other.
  it('matches pwsh\'s own FileSystem provider on a real folder for the same operations', async () => {
    const body = `
$out = New-Object System.Collections.ArrayList
function Rel($p) { $p.Substring($Root.Length).Replace('/', '\\') }
function Tree { (Get-ChildItem $Root -Recurse @args | ForEach-Object { Rel $_.FullName } | Sort-Object) -join ',' }
function Err($sb) { try { & $sb; [void]$out.Add('ok') } catch { [void]$out.Add($_.FullyQualifiedErrorId + '|' + $_.CategoryInfo.Category) } }
New-Item -ItemType Directory -Path (Join-Path $Root 'b\\sub') | Out-Null
New-Item -ItemType Directory -Path (Join-Path $Root 'a') | Out-Null
Set-Content -Path (Join-Path $Root 'z.txt') -Value 'one','two'
Set-Content -Path (Join-Path $Root 'a\\m.log') -Value 'log'
New-Item -ItemType File -Path (Join-Path $Root 'b\\sub\\deep.txt') -Value 'deep' | Out-Null
Add-Content -Path (Join-Path $Root 'z.txt') -Value 'three'
[void]$out.Add(((Get-ChildItem $Root | ForEach-Object { $_.Name + ':' + $_.PSIsContainer }) -join ','))
[void]$out.Add((Tree))
[void]$out.Add((Tree -File))
[void]$out.Add(((Get-ChildItem $Root -Recurse -Directory | ForEach-Object { $_.Name }) -join ','))
[void]$out.Add(((Get-ChildItem $Root -Recurse -Filter '*.txt' | ForEach-Object { $_.Name }) -join ','))
[void]$out.Add(((Get-ChildItem (Join-Path $Root '*.txt') | ForEach-Object { $_.Name }) -join ','))
[void]$out.Add((Get-Content (Join-Path $Root 'z.txt')) -join '|')
[void]$out.Add((Get-Content (Join-Path $Root 'b\\sub\\deep.txt') -Raw))
[void]$out.Add((Test-Path (Join-Path $Root 'a') -PathType Container))
[void]$out.Add((Test-Path (Join-Path $Root 'a') -PathType Leaf))
[void]$out.Add((Test-Path (Join-Path $Root 'nothing')))
$f = Get-Item (Join-Path $Root 'z.txt')
[void]$out.Add(($f.Name, $f.Extension, $f.BaseName, $f.PSIsContainer, $f.Exists, ($f.LastWriteTime -is [datetime])) -join ',')
$d = Get-Item (Join-Path $Root 'a')
[void]$out.Add(($d.Name, $d.PSIsContainer, $d.Mode.Substring(0, 1), (Rel $d.Parent.FullName), $f.Directory.Name, (Rel $f.DirectoryName)) -join ',')
Copy-Item (Join-Path $Root 'z.txt') (Join-Path $Root 'a')
Copy-Item (Join-Path $Root 'b') (Join-Path $Root 'c') -Recurse
Move-Item (Join-Path $Root 'a\\m.log') (Join-Path $Root 'moved.log')
Rename-Item (Join-Path $Root 'moved.log') 'renamed.log'
[void]$out.Add((Tree))
Err { Get-Item (Join-Path $Root 'nothing') -ErrorAction Stop }
Err { New-Item -ItemType File -Path (Join-Path $Root 'z.txt') -ErrorAction Stop }
Err { New-Item -ItemType Directory -Path (Join-Path $Root 'a') -ErrorAction Stop }
Err { Remove-Item (Join-Path $Root 'nothing') -ErrorAction Stop }
Err { Get-Content (Join-Path $Root 'nothing') -ErrorAction Stop }
New-Item -ItemType Directory -Path (Join-Path $Root 'a') -Force | Out-Null
Remove-Item (Join-Path $Root 'c') -Recurse
Clear-Content (Join-Path $Root 'z.txt')
[void]$out.Add((Get-Item (Join-Path $Root 'z.txt')).Length)
[void]$out.Add((Split-Path (Join-Path $Root 'a\\z.txt') -Leaf))
[void]$out.Add((Resolve-Path (Join-Path $Root 'a\\..\\b') | ForEach-Object { Rel $_.Path }))
[void]$out.Add((Tree))
$out
`;
    const sim = await task('win_powershell', { script: `param($Root)\n${body}`, parameters: { Root: 'C:\\Oracle' } });
    expect(sim.error).toEqual([]);
    const pwsh = findPowerShellSync();
    if (!pwsh) throw new Error('no pwsh for the oracle');
    const dir = mkdtempSync(join(tmpdir(), 'winbook-fs-oracle-'));
    try {
      const real = spawnSync(pwsh.path, ['-NoProfile', '-NonInteractive', '-Command', `$Root = '${join(dir, 'Oracle')}'\n${body.replace(/\\\\/g, '/')} | ConvertTo-Json -Compress`], { encoding: 'utf8' });
      expect(real.stderr).toBe('');
      const expected = (JSON.parse(real.stdout) as unknown[]).map((v) => (typeof v === 'string' ? v.replace(/\n$/, '') : v));
      const got = (sim.output as unknown[]).map((v) => (typeof v === 'string' ? v.replace(/\r\n$/, '') : v));
      expect(got).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
