/**
 * The Windows side of the SCM options (src/hostapi/windows/services-config2.ps1) run in pwsh on this machine: the
 * compiled type (Winbook.ScmNative, P/Invoke to advapi32) must compile, and the PowerShell around it must hand
 * ChangeServiceConfig/ChangeServiceConfig2 exactly what the contract means — checked against a stand-in of the
 * compiled type that records its calls (there is no SCM here).
 */
import { describe, expect, it } from 'vitest';
import { windowsFacadeRunner } from '../../helpers/windows-facade-ps.ts';

const FILES = ['services.ps1', 'services-config2.ps1'];

// A Winbook.ScmNative with the real one's members, over one in-memory service; every change is recorded.
const STAND_IN = `
Add-Type -TypeDefinition @'
using System.Collections.Generic;
namespace Winbook {
    public class ScmConfig { public uint ServiceType; public uint ErrorControl; public string LoadOrderGroup; public uint ResetPeriod; public string RebootMsg; public string Command;
        public uint[] ActionTypes = new uint[0]; public uint[] ActionDelays = new uint[0]; public bool FailureActionsOnNonCrashFailures; public uint SidInfo;
        public string[] RequiredPrivileges = new string[0]; public uint PreShutdownTimeout = 10000;
        public uint LaunchProtection; public int PreferredNode = -1; public ScmTrigger[] Triggers = new ScmTrigger[0]; public uint ProcessId; public uint ServiceFlags; }
    public class ScmTrigger { public uint Type; public uint Action; public string SubType; public uint[] DataTypes; public object[] Data; }
    public static class ScmNative {
        public const uint FAILURE_ACTIONS = 2; public const uint FAILURE_ACTIONS_FLAG = 4; public const uint SERVICE_SID_INFO = 5; public const uint REQUIRED_PRIVILEGES_INFO = 6; public const uint PRESHUTDOWN_INFO = 7;
        public static ScmConfig Current = new ScmConfig { ServiceType = 0x110, ErrorControl = 1, LoadOrderGroup = "" };
        public static List<string> Calls = new List<string>();
        public static ScmConfig Read(string name) { return Current; }
        public static void ChangeType(string name, uint type, uint errorControl, string group) { Calls.Add(string.Format("type {0:x} {1} {2}", type, errorControl, group ?? "<null>")); }
        public static void SetFailureActions(string name, uint reset, string reboot, string command, bool setActions, uint[] types, uint[] delays) {
            Calls.Add(string.Format("failure {0} {1} {2} {3} [{4}] [{5}]", reset, reboot ?? "<null>", command ?? "<null>", setActions, string.Join(",", types), string.Join(",", delays))); }
        public static void SetDword(string name, uint level, uint value) { Calls.Add(string.Format("dword {0} {1}", level, value)); }
        public static void SetPrivileges(string name, string[] privileges) { Calls.Add("privs " + string.Join(",", privileges)); }
    }
}
'@
function Initialize-WbScmNative { }
function Get-WbServiceControllerOrThrow { param([string]$Name) [pscustomobject]@{ ServiceName = $Name } }
function Calls { [string[]][Winbook.ScmNative]::Calls.ToArray() }
`;

describe('services-config2.ps1 (the Windows side) in pwsh', () => {
  const real = windowsFacadeRunner('scm-native', { files: FILES });
  const fake = windowsFacadeRunner('scm-config2', { files: FILES, after: STAND_IN });

  it('Winbook.ScmNative compiles (its P/Invoke signatures and marshalling code)', async () => {
    expect(await real.run("Initialize-WbScmNative; @{ type = [bool]('Winbook.ScmNative' -as [type]); levels = @([Winbook.ScmNative]::FAILURE_ACTIONS, [Winbook.ScmNative]::PRESHUTDOWN_INFO, [Winbook.ScmNative]::TRIGGER_INFO, [Winbook.ScmNative]::PREFERRED_NODE, [Winbook.ScmNative]::LAUNCH_PROTECTED) }")).toEqual({ type: true, levels: [2, 7, 8, 9, 12] });
  });

  it('reads the SCM values as the contract names them', async () => {
    const r = await fake.run(`
      [Winbook.ScmNative]::Current.ActionTypes = [uint32[]]@(1, 3); [Winbook.ScmNative]::Current.ActionDelays = [uint32[]]@(500, 0); [Winbook.ScmNative]::Current.SidInfo = 3
      $p = Get-WbServiceConfig2Properties -Name S
      @{ ec = $p.ErrorControl; sid = $p.SidInfo; actions = @($p.FailureActions.Actions | ForEach-Object { "$($_.Type)/$($_.Delay)" }); pre = $p.PreShutdownTimeout }`);
    expect(r).toEqual({ ec: 'Normal', sid: 'Restricted', actions: ['Restart/500', 'RunCommand/0'], pre: 10000 });
  });

  it('reads triggers, launch protection, the preferred node and the process as the contract names them', async () => {
    const r = await fake.run(`
      $c = [Winbook.ScmNative]::Current
      $c.LaunchProtection = 3; $c.ProcessId = 4242; $c.ServiceFlags = 1
      $t = New-Object Winbook.ScmTrigger
      $t.Type = 4; $t.Action = 1; $t.SubType = 'b7569e07-8421-4ee0-ad10-86915afdad09'
      $t.DataTypes = [uint32[]]@(2, 1, 3, 4); $t.Data = [object[]]@([string[]]@('445', 'TCP'), [byte[]]@(1, 2, 255), [byte]4, [uint64]18446744073709551615)
      $s = New-Object Winbook.ScmTrigger
      $s.Type = 3; $s.Action = 2; $s.SubType = 'ddaf516e-58c2-4866-9574-c3b615d42ea1'; $s.DataTypes = [uint32[]]@(); $s.Data = [object[]]@()
      $c.Triggers = @($t, $s)
      $p = Get-WbServiceConfig2Properties -Name S
      $none = $p.PreferredNode
      $c.PreferredNode = 1
      @{ lp = $p.LaunchProtection; pid = $p.ProcessId; flags = $p.ServiceFlags; node = $none; node1 = (Get-WbServiceConfig2Properties -Name S).PreferredNode
         triggers = @($p.Triggers | ForEach-Object { @{ type = $_.Type; action = $_.Action; sub = $_.SubType; items = @($_.DataItems | ForEach-Object { @{ type = $_.Type; data = "$($_.Data)" } }) } }) }`);
    expect(r).toEqual({
      lp: 'AntimalwareLight', pid: 4242, flags: 1, node: null, node1: 1,
      triggers: [
        {
          type: 'FirewallPortEvent', action: 'ServiceStart', sub: 'b7569e07-8421-4ee0-ad10-86915afdad09',
          items: [{ type: 'String', data: '445 TCP' }, { type: 'Binary', data: 'AQL/' }, { type: 'Level', data: '4' }, { type: 'KeywordAny', data: '18446744073709551615' }],
        },
        { type: 'DomainJoin', action: 'ServiceStop', sub: 'ddaf516e-58c2-4866-9574-c3b615d42ea1', items: [] },
      ],
    });
  });

  it('keeps the flag bits when the type changes, clears SERVICE_INTERACTIVE_PROCESS on request, and calls nothing when all is as asked', async () => {
    const r = await fake.run(`
      $a = Set-WbServiceTypeCore -Name S -Change @{ ServiceType = 'Win32ShareProcess'; ErrorControl = 'Critical' }
      $b = Set-WbServiceTypeCore -Name S -Change @{ DesktopInteract = $false; LoadOrderGroup = 'Net' }
      $c = Set-WbServiceTypeCore -Name S -Change @{ ServiceType = 'Win32OwnProcess'; DesktopInteract = $true; ErrorControl = 'Normal' }
      $bad = try { Set-WbServiceTypeCore -Name S -Change @{ ErrorControl = 'Sometimes' } } catch { Code $_ }
      @{ results = @($a, $b, $c); bad = $bad; calls = @(Calls) }`);
    expect(r).toEqual({ results: [true, true, false], bad: 87, calls: ['type 120 3 <null>', 'type 10 1 Net'] });
  });

  it('Set-WbServiceConfig2: the reset period rides with the actions, text members only when given, one call per level that differs', async () => {
    const r = await fake.run(`
      $fa = [pscustomobject]@{ ResetPeriod = 86400; RebootMsg = 'bye'; Command = $null; Actions = @([pscustomobject]@{ Type = 'Restart'; Delay = 5000 }, [pscustomobject]@{ Type = 'Reboot'; Delay = 0 }) }
      $one = Set-WbServiceConfig2 -Name S -FailureActions $fa -SidInfo Unrestricted -RequiredPrivileges @('SeBackupPrivilege') -PreShutdownTimeout 30000 -FailureActionsOnNonCrashFailures $true
      $same = Set-WbServiceConfig2 -Name S -SidInfo None -PreShutdownTimeout 10000 -RequiredPrivileges @()
      $clear = Set-WbServiceConfig2 -Name S -FailureActions ([pscustomobject]@{ ResetPeriod = $null; RebootMsg = $null; Command = ''; Actions = $null })
      @{ one = $one; same = $same; clear = $clear; calls = @(Calls) }`);
    expect(r).toEqual({
      one: true, same: false, clear: false,
      calls: ['failure 86400 bye <null> True [1,2] [5000,0]', 'dword 4 1', 'dword 5 1', 'privs SeBackupPrivilege', 'dword 7 30000'],
    });
  });
});
