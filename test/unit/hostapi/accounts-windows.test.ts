/**
 * The Windows side of the accounts and rights verbs (src/hostapi/windows/accounts.ps1, rights.ps1) in pwsh on this
 * machine. Their Win32 calls cannot run here, so this proves what can: both compile their P/Invoke types (the C#
 * that Windows PowerShell 5.1's csc will see), account names normalise (`.\x` and `HOST\x` are the local machine,
 * issue 13 `win_acl.ps1:21`), a malformed SID is 1337, and an ADSI COMException's HRESULT becomes the Win32 code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPowerShell } from '../../../src/sim/runner/find-pwsh.ts';

const dir = mkdtempSync(join(tmpdir(), 'winbook-accounts-ps1-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(body: string): Promise<unknown> {
  const ps = await findPowerShell();
  const script = [
    "$ErrorActionPreference = 'Stop'",
    'Set-StrictMode -Version 2.0',
    `Set-Location -LiteralPath '${process.cwd()}'`,
    "$env:COMPUTERNAME = 'WIN01'",
    '. ./src/hostapi/windows/win32-error.ps1',
    '. ./src/hostapi/windows/accounts.ps1',
    '. ./src/hostapi/windows/rights.ps1',
    "function Code { param($r) $x = $r.Exception; if ($x -is [ComponentModel.Win32Exception]) { $x.NativeErrorCode } else { $x.GetType().Name } }",
    `$out = & { ${body} }`,
    'ConvertTo-Json -InputObject $out -Depth 5 -Compress',
  ].join('\n');
  const file = join(dir, 'run.ps1');
  writeFileSync(file, script);
  const text = execFileSync(ps.path, ['-NoProfile', '-NonInteractive', '-File', file], { encoding: 'utf8', env: { ...process.env, TERM: 'dumb', NO_COLOR: '1' } });
  return JSON.parse(text.slice(text.indexOf('{')));
}

describe('accounts.ps1 and rights.ps1 (the Windows side) in pwsh', () => {
  it('compile their native types, normalise account names, and raise 1337 and HRESULT codes as Win32Exception', async () => {
    const r = await run(`
      Initialize-WbAccountsNative
      Initialize-WbLsaNative
      $com = New-Object System.Runtime.InteropServices.COMException -ArgumentList 'x', ([int]-2147024891)
      $wrapped = New-Object Management.Automation.ErrorRecord (New-Object System.Reflection.TargetInvocationException -ArgumentList $com), 'x', 'NotSpecified', $null
      @{
        types = @(($null -ne ('Winbook.AccountsNative' -as [type])), ($null -ne ('Winbook.LsaNative' -as [type])))
        local = @(@('.\\svc', 'win01\\svc', 'svc', 'CORP\\svc', 'BUILTIN\\Users') | ForEach-Object { "$(ConvertTo-WbLocalName -Name $_)" })
        builtin = ConvertTo-WbLocalName -Name 'BUILTIN\\Users' -AllowBuiltin
        lookup = @(@('.\\svc', 'LocalSystem', 'NetworkService', 'CORP\\svc') | ForEach-Object { ConvertTo-WbLookupName -Name $_ })
        badSid = $(try { Resolve-WbAccount -Name 'S-1-x'; 'no error' } catch { Code $_ })
        hresult = $(try { Write-WbAccountsError -ErrorRecord $wrapped; 'no error' } catch { Code $_ })
      }
    `);
    expect(r).toEqual({
      types: [true, true],
      local: ['svc', 'svc', 'svc', '', ''],
      builtin: 'Users',
      lookup: ['WIN01\\svc', 'NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\NETWORK SERVICE', 'CORP\\svc'],
      badSid: 1337,
      hresult: 5,
    });
  });
});
