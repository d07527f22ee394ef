/**
 * The Windows side of the SCM verbs (src/hostapi/windows/services.ps1) run in pwsh on this machine, with fake
 * ServiceControllers in place of the SCM (there is none here): every control waits with a bound and fails with 1053
 * when the service never gets there ("services.ps1:20": Stop-Service waited for ever), running dependents refuse a
 * stop without -Force (1051), and a process that dies while starting is its exit code, not a timeout.
 */
import { describe, expect, it } from 'vitest';
import { windowsFacadeRunner } from '../../helpers/windows-facade-ps.ts';

const FAKES = `
$script:fakes = @{}
function New-FakeService {
    param([string]$Name, [string]$Status, [string]$Next, [object[]]$Dependents = @())
    $o = [pscustomobject]@{ ServiceName = $Name; DisplayName = $Name; Status = $Status; Next = $Next; DependentServices = $Dependents; CanPauseAndContinue = $false; Calls = (New-Object System.Collections.ArrayList) }
    $o | Add-Member -MemberType ScriptMethod -Name Refresh -Value { }
    $o | Add-Member -MemberType ScriptMethod -Name Stop -Value { $null = $this.Calls.Add('Stop'); $this.Status = $this.Next }
    $o | Add-Member -MemberType ScriptMethod -Name Start -Value { $null = $this.Calls.Add('Start'); $this.Status = $this.Next }
    $script:fakes[$Name] = $o
    $o
}
# The SCM's side, replaced: the controllers above, and Win32_Service's ExitCode of a service that died.
function Get-WbServiceController { param([string]$Name) $script:fakes[$Name] }
function Get-WbServiceCim { param([string]$Name) [pscustomobject]@{ ExitCode = 1067 } }
function Code { param($r) $x = $r.Exception; if ($x -is [ComponentModel.Win32Exception]) { $x.NativeErrorCode } else { $x.GetType().Name + ': ' + $x.Message } }
`;

const { run } = windowsFacadeRunner('services', { files: ['services.ps1'], after: FAKES });

describe('services.ps1 (the Windows side) in pwsh, on fake controllers', () => {
  it('"services.ps1:20": a stop that never finishes fails with 1053 after the timeout', async () => {
    // Before: Stop-Service -Force with no bound; a hang here would end the test at its timeout instead.
    const r = await run(`
      $null = New-FakeService -Name Hung -Status Running -Next StopPending
      @{ hung = try { Stop-WbService -Name Hung -TimeoutSeconds 1 } catch { Code $_ }; status = $script:fakes['Hung'].Status }`);
    expect(r).toEqual({ hung: 1053, status: 'StopPending' });
  });

  it('running dependents refuse the stop without -Force (1051); with it they stop first', async () => {
    const r = await run(`
      $dep = New-FakeService -Name Dep -Status Running -Next Stopped
      $null = New-FakeService -Name Main -Status Running -Next Stopped -Dependents @($dep)
      $refused = try { Stop-WbService -Name Main } catch { Code $_ }
      $mainCalls = @($script:fakes['Main'].Calls).Count
      @{ refused = $refused; callsAfterRefusal = $mainCalls; forced = (Stop-WbService -Name Main -Force -TimeoutSeconds 5); dep = $dep.Status; again = (Stop-WbService -Name Main) }`);
    expect(r).toEqual({ refused: 1051, callsAfterRefusal: 0, forced: true, dep: 'Stopped', again: false });
  });

  it('a start whose process dies is its exit code (1067), not a wait; a running service is no change; an unknown one is 1060', async () => {
    const r = await run(`
      $null = New-FakeService -Name Dies -Status Stopped -Next Stopped
      $null = New-FakeService -Name Up -Status Running -Next Running
      $null = New-FakeService -Name Paused -Status Paused -Next Paused
      @{ dies = try { Start-WbService -Name Dies -TimeoutSeconds 30 } catch { Code $_ }; up = (Start-WbService -Name Up); paused = try { Start-WbService -Name Paused } catch { Code $_ }; none = try { Start-WbService -Name Nope } catch { Code $_ } }`);
    expect(r).toEqual({ dies: 1067, up: false, paused: 1056, none: 1060 });
  });
});
