/**
 * The Windows side of the download, install and batch-logon verbs (src/hostapi/windows/updates.ps1) run in pwsh.
 * The Windows Update Agent's and the Task Scheduler's COM objects exist only on Windows, so stand-ins answer as they
 * do (IUpdateDownloader.Download's IDownloadResult, ITaskFolder.RegisterTaskDefinition, IRegisteredTask.RunEx) and
 * record how they were called. What runs is the PowerShell around them: finding the updates again by id, accepting
 * EULAs, the installer's settings, the results in the contract's shape, COM errors unwrapped, and the batch-logon
 * task: its principals in 1.14's order, the script it writes, the parameters and the result crossing in files.
 */
import { describe, expect, it } from 'vitest';
import { windowsFacadeRunner } from '../../helpers/windows-facade-ps.ts';

const STANDINS = `
$global:calls = New-Object System.Collections.Generic.List[string]
function New-WuUpdate { param($Id, $Eula)
    $u = [pscustomobject]@{ Identity = [pscustomobject]@{ UpdateID = $Id }; EulaAccepted = $Eula }
    $u | Add-Member -MemberType ScriptMethod -Name AcceptEula -Value { $global:calls.Add("AcceptEula|$($this.Identity.UpdateID)"); $this.EulaAccepted = $true }
    $u
}
$global:offered = @((New-WuUpdate 'a1' $true), (New-WuUpdate 'b2' $false))
$global:denied = $false
function New-Coll {
    $c = [pscustomobject]@{ Items = (New-Object System.Collections.ArrayList) }
    $c | Add-Member -MemberType ScriptMethod -Name Add -Value { param($u) $this.Items.Add($u) }
    $c | Add-Member -MemberType ScriptProperty -Name Count -Value { $this.Items.Count }
    $c | Add-Member -MemberType ScriptMethod -Name Item -Value { param($i) $this.Items[$i] }
    $c
}
function New-Job { param([string]$Kind)
    $j = [pscustomobject]@{ Updates = $null; AllowSourcePrompts = $true; ClientApplicationID = '' }
    $run = {
        if ($global:denied) { throw (New-Object UnauthorizedAccessException 'Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))') }
        $global:calls.Add("$($this.Kind)|$(@($this.Updates.Items | ForEach-Object { $_.Identity.UpdateID }) -join ',')|prompts=$($this.AllowSourcePrompts)|app=$($this.ClientApplicationID)")
        $r = [pscustomobject]@{}
        $r | Add-Member -MemberType ScriptMethod -Name GetUpdateResult -Value { param($i) if ($i -eq 0) { [pscustomobject]@{ ResultCode = 2; HResult = 0; RebootRequired = $true } } else { [pscustomobject]@{ ResultCode = 4; HResult = -2145124318; RebootRequired = $false } } }
        $r
    }
    $j | Add-Member -NotePropertyName Kind -NotePropertyValue $Kind
    $j | Add-Member -MemberType ScriptMethod -Name $Kind -Value $run
    $j
}
$global:tasks = New-Object System.Collections.Generic.List[string]
$global:refuseUser = $false
function New-Scheduler {
    $folder = [pscustomobject]@{}
    $folder | Add-Member -MemberType ScriptMethod -Name RegisterTaskDefinition -Value {
        param($name, $def, $flags, $user, $password, $logonType)
        $global:tasks.Add("Register|$name|$($def.Principal.UserId)|logon=$logonType|level=$($def.Principal.RunLevel)|$($def.Actions.Exec.Path)|$($def.Actions.Exec.Arguments)")
        $t = [pscustomobject]@{ LastTaskResult = 0; State = 3; Def = $def }
        $t | Add-Member -MemberType ScriptMethod -Name RunEx -Value {
            param($a, $b, $c, $d)
            $running = [pscustomobject]@{ EnginePID = 0 }
            $running | Add-Member -MemberType ScriptMethod -Name Refresh -Value { }
            # The S4U logon of a user without the batch right never starts the process; SYSTEM's does.
            if ($global:refuseUser -and $this.Def.Principal.UserId -ne 'S-1-5-18') { return $running }
            $script = ($this.Def.Actions.Exec.Arguments -replace '^.*-File "', '') -replace '"$', ''
            & $script
            $running.EnginePID = 4242
            $running
        }
        $t
    }
    $folder | Add-Member -MemberType ScriptMethod -Name DeleteTask -Value { param($n, $f) $global:tasks.Add("Delete|$n") }
    $s = [pscustomobject]@{ Folder = $folder }
    $s | Add-Member -MemberType ScriptMethod -Name Connect -Value { }
    $s | Add-Member -MemberType ScriptMethod -Name GetFolder -Value { param($p) $this.Folder }
    $s | Add-Member -MemberType ScriptMethod -Name NewTask -Value {
        param($f)
        $exec = [pscustomobject]@{ Path = ''; Arguments = '' }
        $actions = [pscustomobject]@{ Exec = $exec }
        $actions | Add-Member -MemberType ScriptMethod -Name Create -Value { param($t) $this.Exec }
        [pscustomobject]@{
            Actions = $actions
            Settings = [pscustomobject]@{ AllowDemandStart = $false; DisallowStartIfOnBatteries = $true; StopIfGoingOnBatteries = $true; ExecutionTimeLimit = 'PT72H' }
            Principal = [pscustomobject]@{ UserId = ''; LogonType = 0; RunLevel = 0 }
        }
    }
    $s
}
function New-Object {
    param([string]$TypeName, [object[]]$ArgumentList, [string]$ComObject)
    if ($ComObject -eq 'Microsoft.Update.SystemInfo') { return [pscustomobject]@{ RebootRequired = $true } }
    if ($ComObject -eq 'Microsoft.Update.UpdateColl') { return (New-Coll) }
    if ($ComObject -eq 'Schedule.Service') { return (New-Scheduler) }
    if ($ComObject -eq 'Microsoft.Update.Session') {
        $s = [pscustomobject]@{}
        $s | Add-Member -MemberType ScriptMethod -Name CreateUpdateSearcher -Value {
            $searcher = [pscustomobject]@{ ServerSelection = 0 }
            $searcher | Add-Member -MemberType ScriptMethod -Name Search -Value { param($q) $global:calls.Add("Search|$q|$($this.ServerSelection)"); [pscustomobject]@{ Updates = $global:offered } }
            $searcher
        }
        $s | Add-Member -MemberType ScriptMethod -Name CreateUpdateDownloader -Value { New-Job 'Download' }
        $s | Add-Member -MemberType ScriptMethod -Name CreateUpdateInstaller -Value { New-Job 'Install' }
        return $s
    }
    if ($PSBoundParameters.ContainsKey('ArgumentList')) { return (Microsoft.PowerShell.Utility\\New-Object -TypeName $TypeName -ArgumentList $ArgumentList) }
    Microsoft.PowerShell.Utility\\New-Object -TypeName $TypeName
}
function Get-WbBatchPrincipal {
    [pscustomobject]@{ Sid = 'S-1-5-21-1-2-3-500'; Name = 'WIN01\\Administrator' }
    [pscustomobject]@{ Sid = 'S-1-5-18'; Name = 'NT AUTHORITY\\SYSTEM' }
}
`;

describe('download, install and batch-logon verbs (Windows side)', () => {
  const runner = windowsFacadeRunner('updates', { files: ['updates.ps1'], after: STANDINS });

  it('Save-/Install-WbWindowsUpdate find the updates again by id, accept EULAs, run the job and return per-update results in order', async () => {
    const r = await runner.run(`
      @{
        download = Save-WbWindowsUpdate -Id @('b2', 'a1') -ServerSelection 1
        install = Install-WbWindowsUpdate -Id @('a1') -ServerSelection 0
        missing = $(try { Install-WbWindowsUpdate -Id @('zz') -ServerSelection 0 } catch { Code $_ })
        calls = @($global:calls)
      }`);
    expect(r).toEqual({
      download: {
        Results: [
          { Id: 'b2', ResultCode: 2, HResult: 0, RebootRequired: false },
          { Id: 'a1', ResultCode: 4, HResult: -2145124318, RebootRequired: false },
        ],
        RebootRequired: true,
      },
      install: { Results: [{ Id: 'a1', ResultCode: 2, HResult: 0, RebootRequired: true }], RebootRequired: true },
      missing: 1168,
      calls: [
        'Search|IsInstalled = 0|1', 'AcceptEula|b2', 'Download|b2,a1|prompts=True|app=',
        'Search|IsInstalled = 0|0', 'Install|a1|prompts=False|app=ansible.windows.win_updates',
        'Search|IsInstalled = 0|0',
      ],
    });
  });

  it('a WUA refusal comes out unwrapped, as the UnauthorizedAccessException COM interop raises for E_ACCESSDENIED', async () => {
    const r = await runner.run(`
      $global:denied = $true
      try { Save-WbWindowsUpdate -Id @('a1') -ServerSelection 0 } catch { @{ type = $_.Exception.GetType().FullName; hresult = $_.Exception.HResult; text = $_.Exception.Message } }`);
    expect(r).toEqual({ type: 'System.UnauthorizedAccessException', hresult: -2147024891, text: 'Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))' });
  });

  it('Invoke-WbAsBatchLogon runs the verb in an S4U task as the user, highest level, the result back through its folder, the task deleted', async () => {
    const r = await runner.run(`
      $env:SystemRoot = Join-Path '${runner.dir}' 'Windows1'
      $null = New-Item -ItemType Directory -Path (Join-Path $env:SystemRoot 'Temp') -Force
      $out = Invoke-WbAsBatchLogon -Verb 'Install-WbWindowsUpdate' -Parameters @{ Id = @('a1'); ServerSelection = 2 }
      @{ out = $out; tasks = @($global:tasks); calls = @($global:calls); left = @(Get-ChildItem -LiteralPath (Join-Path $env:SystemRoot 'Temp')).Count }`);
    const tasks = r.tasks as string[];
    expect(tasks[0]).toMatch(/^Register\|winbook-Install-WbWindowsUpdate\|S-1-5-21-1-2-3-500\|logon=2\|level=1\|.*System32\\WindowsPowerShell\\v1\.0\\powershell\.exe\|-NoProfile -NonInteractive -ExecutionPolicy Bypass -File ".*winbook-[0-9a-f-]{36}[\\/]run\.ps1"$/);
    expect(tasks.slice(1)).toEqual(['Delete|winbook-Install-WbWindowsUpdate']);
    expect(r.out).toEqual({ Account: 'WIN01\\Administrator', Result: { Results: [{ Id: 'a1', ResultCode: 2, HResult: 0, RebootRequired: true }], RebootRequired: true } });
    expect(r.calls).toEqual(['Search|IsInstalled = 0|2', 'Install|a1|prompts=False|app=ansible.windows.win_updates']);
    expect(r.left).toBe(0);
  });

  it("falls back to SYSTEM when the user's task does not start, and rethrows the verb's own error; any other verb is refused", async () => {
    const r = await runner.run(`
      $env:SystemRoot = Join-Path '${runner.dir}' 'Windows2'
      $null = New-Item -ItemType Directory -Path (Join-Path $env:SystemRoot 'Temp') -Force
      $global:refuseUser = $true
      $out = Invoke-WbAsBatchLogon -Verb 'Save-WbWindowsUpdate' -Parameters @{ Id = 'b2'; ServerSelection = 0 }
      $missing = try { Invoke-WbAsBatchLogon -Verb 'Save-WbWindowsUpdate' -Parameters @{ Id = @('zz'); ServerSelection = 0 } } catch { @{ code = Code $_; text = $_.Exception.Message } }
      $other = try { Invoke-WbAsBatchLogon -Verb 'Remove-WbItem' -Parameters @{} } catch { Code $_ }
      # The text crosses unchanged (Windows' 'Element not found.'; .NET on Linux has no FormatMessage text for it).
      $missing.same = $missing.text -eq (New-Object ComponentModel.Win32Exception 1168).Message
      $missing.Remove('text')
      @{ account = $out.Account; missing = $missing; other = $other; users = @($global:tasks | Where-Object { $_ -like 'Register*' } | ForEach-Object { $_.Split('|')[2] }) }`);
    expect(r).toEqual({
      account: 'NT AUTHORITY\\SYSTEM',
      missing: { code: 1168, same: true },
      other: 87,
      users: ['S-1-5-21-1-2-3-500', 'S-1-5-18', 'S-1-5-21-1-2-3-500', 'S-1-5-18'],
    });
  });
});
