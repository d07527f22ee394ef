/**
 * The Windows side of the accounts and rights verbs (src/hostapi/windows/accounts.ps1, rights.ps1) in pwsh on this
 * machine. Their Win32 calls cannot run here, so this proves what can: both compile their P/Invoke types (the C#
 * that Windows PowerShell 5.1's csc will see), account names normalise (`.\x` and `HOST\x` are the local machine,
 * issue 13 `win_acl.ps1:21`), a malformed SID is 1337, and an ADSI COMException's HRESULT becomes the Win32 code.
 */
import { describe, expect, it } from 'vitest';
import { windowsFacadeRunner } from '../../helpers/windows-facade-ps.ts';

const { run } = windowsFacadeRunner('accounts', { files: ['accounts.ps1', 'rights.ps1'], before: "$env:COMPUTERNAME = 'WIN01'" });

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
