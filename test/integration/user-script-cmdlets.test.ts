/**
 * Users' scripts reach Windows in the simulator: win_powershell (and ansible.builtin.script's host half) run the
 * user's script in a runspace made from the agent's session state, which on a simulated host carries the user layer
 * (src/sim/runner/user-layer.ts): Windows PowerShell 5.1's service and local accounts cmdlets over the host model.
 * Scripts here are written as roles write them; each is rehearsed check (SupportsShouldProcess, so -WhatIf: nothing
 * changes) → apply (changed, the rehearsal log names the account) → reapply (`$Ansible.Changed = $false`), and their
 * failures come back as 1.14's `error` records with 5.1's ids, categories and texts. One simulated host for the file.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentSession } from '../../src/agent/session.ts';
import { connectionSettings } from '../../src/inventory/index.ts';
import { findModule } from '../../src/modules/registry.ts';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { engineArgs } from '../helpers/engine-args.ts';
import { scriptAgent } from '../../src/modules/script/agent.ts';
import { findService } from '../../src/sim/host/services.ts';
import { callVerb } from '../../src/sim/windows/index.ts';
import { ALLOWED_CMDLETS } from '../../src/sim/runner/allowed-cmdlets.ts';
import { USER_LAYER_ALIASES, USER_LAYER_CMDLETS, USER_LAYER_COMMANDS, USER_LAYER_FUNCTIONS, userLayerFiles } from '../../src/sim/runner/user-layer.ts';
import type { ModuleResult } from '../../src/modules/types.ts';
import { useModuleHost } from '../helpers/module-host.ts';

interface ErrorRecordResult {
  fully_qualified_error_id: string;
  output: string;
  category_info: { category: string; reason: string; activity: string; target_name: string };
  exception: { message: string; type: string; inner_exception: { message: string; type: string; inner_exception: { message: string; type: string } | null } | null };
}

const errorsOf = (r: ModuleResult) => r.error as ErrorRecordResult[];

const ENSURE_SERVICE = `[CmdletBinding(SupportsShouldProcess)]
param([string]$Name)
$svc = Get-Service -Name $Name -ErrorAction Stop
$Ansible.Changed = $false
if ($svc.StartType -ne 'Automatic') {
    Set-Service -Name $Name -StartupType Automatic
    $Ansible.Changed = $true
}
if ($svc.Status -ne 'Running') {
    Start-Service -Name $Name
    $Ansible.Changed = $true
}
$now = Get-Service -Name $Name
$Ansible.Result = @{ status = [string]$now.Status; start_type = [string]$now.StartType; depends_on = @($now.ServicesDependedOn | ForEach-Object Name) }
`;

const ENSURE_MEMBERSHIP = `[CmdletBinding(SupportsShouldProcess)]
param([string]$User, [string]$Password, [string]$Group)
$Ansible.Changed = $false
if (-not (Get-LocalUser -Name $User -ErrorAction SilentlyContinue)) {
    $secure = ConvertTo-SecureString -String $Password -AsPlainText -Force
    New-LocalUser -Name $User -Password $secure -FullName 'App service' -Description 'managed by the role' -PasswordNeverExpires | Out-Null
    $Ansible.Changed = $true
}
if (-not (Get-LocalGroup -Name $Group -ErrorAction SilentlyContinue)) {
    New-LocalGroup -Name $Group -Description 'App users' | Out-Null
    $Ansible.Changed = $true
}
$members = @(Get-LocalGroupMember -Group $Group -ErrorAction SilentlyContinue | ForEach-Object { ($_.Name -split '\\\\')[-1] })
if ($members -notcontains $User) {
    if ($PSCmdlet.ShouldProcess($Group, "Add member $User")) { Add-LocalGroupMember -Group $Group -Member $User }
    $Ansible.Changed = $true
}
`;

describe('users\' scripts call the service and local accounts cmdlets on a simulated host', () => {
  const mh = useModuleHost(23);
  const { task, host } = mh;
  const log = () => mh.site().log.entries();
  /** What a run logged, without the module's own Tmpdir (created and removed in check mode too, as Ansible's). */
  const changesSince = (n: number) => log().slice(n).filter((e) => !/^dir\./.test(e.what));

  it('"ensure service X is Automatic and running": check changes nothing, apply starts it as the account, reapply is unchanged', async () => {
    const args = { script: ENSURE_SERVICE, parameters: { Name: 'W32Time' } };
    const before = JSON.stringify(host().state.services);
    let n = log().length;
    const check = await task('win_powershell', args, { check: true });
    expect(check).toMatchObject({ changed: true, error: [], result: { status: 'Stopped', start_type: 'Manual' } });
    expect(JSON.stringify(host().state.services)).toBe(before);
    expect(changesSince(n)).toEqual([]);

    n = log().length;
    const apply = await task('win_powershell', args);
    expect(apply).toMatchObject({ changed: true, error: [], result: { status: 'Running', start_type: 'Automatic', depends_on: [] } });
    expect(findService(host().state, 'W32Time')).toMatchObject({ state: 'running', start_mode: 'auto' });
    expect(changesSince(n).map((e) => [e.what, e.target, e.account])).toEqual([
      ['service.set_start_mode', 'W32Time', mh.site().adminUser],
      ['service.start', 'W32Time', mh.site().adminUser],
    ]);

    n = log().length;
    const reapply = await task('win_powershell', args);
    expect(reapply).toMatchObject({ changed: false, error: [], result: { status: 'Running', start_type: 'Automatic' } });
    expect(changesSince(n)).toEqual([]);
  });

  it('"ensure local user and group membership": check changes nothing, apply creates both as the account, reapply is unchanged', async () => {
    const args = { script: ENSURE_MEMBERSHIP, parameters: { User: 'appsvc', Password: 'Str0ng-Pass!', Group: 'App Users' } };
    const before = JSON.stringify([host().state.users, host().state.groups]);
    let n = log().length;
    const check = await task('win_powershell', args, { check: true });
    expect(check).toMatchObject({ changed: true, error: [] });
    expect(JSON.stringify([host().state.users, host().state.groups])).toBe(before);
    expect(changesSince(n)).toEqual([]);

    n = log().length;
    const apply = await task('win_powershell', args);
    expect(apply).toMatchObject({ changed: true, error: [] });
    expect(host().state.users.find((u) => u.name === 'appsvc')).toMatchObject({ full_name: 'App service', description: 'managed by the role', password_never_expires: true, enabled: true });
    expect(host().state.groups['App Users']).toEqual(['WIN01\\appsvc']);
    expect(changesSince(n).map((e) => [e.what, e.target, e.account])).toEqual([
      ['user.create', 'WIN01\\appsvc', mh.site().adminUser],
      ['user.update', 'WIN01\\appsvc', mh.site().adminUser],
      ['group.create', 'App Users', mh.site().adminUser],
      ['group.add_member', 'App Users', mh.site().adminUser],
    ]);
    // The password reached the SAM (a logon with it works) and never the log.
    expect(callVerb({ state: host().state, log: mh.site().log, account: 'Administrator' }, 'Test-WbPassword', { Name: 'appsvc', Password: 'Str0ng-Pass!' })).toBe(0);
    expect(JSON.stringify(log())).not.toContain('Str0ng-Pass!');

    n = log().length;
    expect(await task('win_powershell', args)).toMatchObject({ changed: false, error: [] });
    expect(changesSince(n)).toEqual([]);
  });

  it('reads as on 5.1: ServiceController-like objects with enum Status and StartType, wildcards, dependants, aliases, LocalUser objects', async () => {
    const r = await task('win_powershell', {
      script: [
        '$Ansible.Changed = $false',
        '$s = gsv -Name Spooler',
        '$s.Status -eq "Running"; $s.Status.GetType().FullName; [int]$s.StartType; $s.ServiceName; $s.DisplayName',
        '@(Get-Service -Name "Rpc*" | % Name) -join ","',
        '@(Get-Service -DisplayName "*Procedure Call*" | select -ExpandProperty Name) -join ","',
        '@(Get-Service -Name RpcSs -DependentServices | % Name | sort) -join ","',
        '@((Get-Service WinRM).RequiredServices | % Name) -join ","',
        '@(Get-Service -Name * -Include W32*, Spool* -Exclude Spool* | % Name) -join ","',
        '$u = Get-LocalUser -Name Administrator',
        '$u.SID.Value -like "S-1-5-21-*-500"; "$u"; $u.Enabled; [string]$u.PrincipalSource; $u.ObjectClass',
        '@(Get-LocalGroupMember -Group Administrators | % { "$($_.Name)|$($_.ObjectClass)|$($_.PrincipalSource)" }) -join ","',
        '(Get-LocalGroup -Name Administrators).SID.Value',
        'Get-Service -Name WinRM',
      ].join('\n'),
    });
    expect(r).toMatchObject({ changed: false, error: [] });
    // A service written to the output reads as 1.14 converts a ServiceController (depth 2: the services it lists
    // become their ToString()), after the user's runspace is gone.
    const winrm = (r.output as unknown[]).pop() as Record<string, unknown>;
    expect(winrm).toMatchObject({
      Name: 'WinRM', ServiceName: 'WinRM', MachineName: '.', CanStop: true, DependentServices: [],
      Status: { Type: 'System.ServiceProcess.ServiceControllerStatus', String: 'Running', Value: 4 },
      StartType: { Type: 'System.ServiceProcess.ServiceStartMode', String: 'Automatic', Value: 2 },
      ServicesDependedOn: ['System.ServiceProcess.ServiceController', 'System.ServiceProcess.ServiceController'],
    });
    expect(r.output).toEqual([
      true, 'System.ServiceProcess.ServiceControllerStatus', 2, 'Spooler', 'Print Spooler',
      'RpcEptMapper,RpcSs', 'RpcSs', 'Spooler,WinRM,wuauserv', 'RpcSs,HTTP', 'W32Time',
      true, 'Administrator', true, 'Local', 'User',
      'WIN01\\Administrator|User|Local',
      'S-1-5-32-544',
    ]);
  });

  it('-WhatIf and -ErrorAction behave as on 5.1: nothing changes, SilentlyContinue leaves no record, Stop makes the task fail', async () => {
    const before = JSON.stringify(host().state);
    const n = log().length;
    const quiet = await task('win_powershell', {
      script: 'Stop-Service Spooler -WhatIf; Set-Service Spooler -StartupType Disabled -WhatIf; New-LocalUser -Name ghost -NoPassword -WhatIf; Remove-LocalUser -Name Administrator -WhatIf\nGet-Service -Name NoSuchService -ErrorAction SilentlyContinue; "after: $?"',
    });
    expect(quiet).toMatchObject({ error: [], output: ['after: False'] });
    expect(JSON.stringify(host().state)).toBe(before);
    expect(changesSince(n)).toEqual([]);
    const stop = await task('win_powershell', { script: '"before"; Get-Service -Name NoSuchService; "after"', error_action: 'stop' });
    expect(stop).toMatchObject({ failed: true, output: ['before'] });
    const [err] = errorsOf(stop);
    expect(err).toMatchObject({
      fully_qualified_error_id: 'NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand',
      category_info: { category: 'ObjectNotFound', reason: 'ServiceCommandException', activity: 'Get-Service', target_name: 'NoSuchService' },
      exception: { message: "Cannot find any service with service name 'NoSuchService'.", type: 'Microsoft.PowerShell.Commands.ServiceCommandException' },
    });
    expect(err!.output).toMatch(/^Get-Service : Cannot find any service with service name 'NoSuchService'\./);
  });

  it('Windows\' refusals are the 5.1 cmdlets\' error records: a disabled service, running dependants, an existing member, a weak password', async () => {
    const r = await task('win_powershell', {
      script: [
        "Set-Service -Name wuauserv -StartupType Disabled",
        'Start-Service -Name wuauserv',
        'Stop-Service -Name RpcSs',
        'Add-LocalGroupMember -Group Administrators -Member Administrator',
        "New-LocalUser -Name weak -Password (ConvertTo-SecureString 'abc' -AsPlainText -Force)",
        'Set-Service -Name Spooler -Credential $null',
        '"done"',
      ].join('\n'),
    });
    expect(r.output).toEqual(['done']);
    const errs = errorsOf(r);
    expect(errs.map((e) => [e.fully_qualified_error_id, e.category_info.category, e.exception.message])).toEqual([
      ['CouldNotStartService,Microsoft.PowerShell.Commands.StartServiceCommand', 'OpenError', "Service 'Windows Update (wuauserv)' cannot be started due to the following error: Cannot start service wuauserv on computer '.'."],
      ['ServiceHasDependentServices,Microsoft.PowerShell.Commands.StopServiceCommand', 'InvalidOperation', "Cannot stop service 'Remote Procedure Call (RPC) (RpcSs)' because it has dependent services. It can only be stopped if the Force flag is set."],
      ['MemberExists,Microsoft.PowerShell.Commands.AddLocalGroupMemberCommand', 'ResourceExists', 'WIN01\\Administrator is already a member of group Administrators.'],
      ['InvalidPassword,Microsoft.PowerShell.Commands.NewLocalUserCommand', 'InvalidArgument', 'Unable to update the password. The value provided for the new password does not meet the length, complexity, or history requirements of the domain.'],
      // 5.1's Set-Service has no -Credential (6.0 added it). The binder's id names the function, not SetServiceCommand.
      ['NamedParameterNotFound,Set-Service', 'InvalidArgument', "A parameter cannot be found that matches parameter name 'Credential'."],
    ]);
    // The start's inner exceptions as .NET Framework's ServiceController raises them, down to the SCM's 1058.
    expect(errs[0]!.exception.inner_exception).toMatchObject({
      type: 'System.InvalidOperationException', message: "Cannot start service wuauserv on computer '.'.",
      inner_exception: { type: 'System.ComponentModel.Win32Exception', message: 'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.' },
    });
    expect(errs[0]!.category_info).toMatchObject({ reason: 'ServiceCommandException', activity: 'Start-Service', target_name: 'System.ServiceProcess.ServiceController' });
    expect(findService(host().state, 'RpcSs')?.state).toBe('running');
    expect(host().state.users.some((u) => u.name === 'weak')).toBe(false);
  });

  it('Stop-Service -Force stops the running dependants first and Restart-Service starts them again; New-Service creates with a logon account', async () => {
    const n = log().length;
    const r = await task('win_powershell', {
      script: [
        '[string](Stop-Service -Name RpcSs -Force -PassThru).Status',
        '@(Get-Service Spooler, WinRM | % { [string]$_.Status }) -join ","',
        'Start-Service -Name Spooler, WinRM',
        "New-Service -Name AppSvc -BinaryPathName 'C:\\App\\app.exe' -DisplayName 'App Service' -StartupType Manual -DependsOn RpcSs -Credential (New-Object System.Management.Automation.PSCredential('.\\appsvc', (ConvertTo-SecureString 'Str0ng-Pass!' -AsPlainText -Force))) | % { \"$($_.Name)|$($_.StartType)|$($_.Status)\" }",
        'Restart-Service -Name RpcSs -Force',
        '@(Get-Service RpcSs, Spooler, WinRM | % { [string]$_.Status }) -join ","',
      ].join('\n'),
    });
    expect(r).toMatchObject({ error: [], output: ['Stopped', 'Stopped,Stopped', 'AppSvc|Manual|Stopped', 'Running,Running,Running'] });
    expect(findService(host().state, 'AppSvc')).toMatchObject({ account: '.\\appsvc', path: 'C:\\App\\app.exe', dependencies: ['RpcSs'] });
    const changes = changesSince(n).map((e) => `${e.what} ${e.target}`);
    expect(changes).toContain('service.set_account AppSvc');
    // The restart, as the SCM sees it: dependants stopped first, then RpcSs; started again in DoStopService's order.
    expect(changes.slice(-6)).toEqual([
      'service.stop WinRM', 'service.stop Spooler', 'service.stop RpcSs', 'service.start RpcSs', 'service.start Spooler', 'service.start WinRM',
    ]);
    expect(JSON.stringify(log())).not.toContain('Str0ng-Pass!');
  });

  it('a service whose account lacks "Log on as a service" fails to start with the SCM\'s logon failure inside 5.1\'s record', async () => {
    const r = await task('win_powershell', { script: 'Start-Service -Name AppSvc\n[string](Get-Service -Name AppSvc).Status' });
    expect(r.output).toEqual(['Stopped']);
    const [err] = errorsOf(r);
    expect(err).toMatchObject({
      fully_qualified_error_id: 'CouldNotStartService,Microsoft.PowerShell.Commands.StartServiceCommand',
      exception: {
        message: "Service 'App Service (AppSvc)' cannot be started due to the following error: Cannot start service AppSvc on computer '.'.",
        inner_exception: { inner_exception: { type: 'System.ComponentModel.Win32Exception', message: 'The service did not start due to a logon failure.' } },
      },
    });
  });

  it('users are changed, disabled, enabled, taken out of a group and removed, by name, SID or pipeline, each change logged', async () => {
    const n = log().length;
    const r = await task('win_powershell', {
      script: [
        '$Ansible.Changed = $false',
        "Set-LocalUser -Name appsvc -Description 'rotated' -Password (ConvertTo-SecureString 'N3w-Secret!x' -AsPlainText -Force)",
        'Get-LocalUser -Name appsvc | Disable-LocalUser',
        '(Get-LocalUser -Name appsvc).Enabled',
        '$sid = (Get-LocalUser -Name appsvc).SID',
        'Enable-LocalUser -SID $sid',
        '(Get-LocalUser -SID $sid).Enabled',
        "Remove-LocalGroupMember -Group 'App Users' -Member appsvc",
        "Remove-LocalGroupMember -Group 'App Users' -Member appsvc",
        "@(Get-LocalGroupMember -Group 'App Users').Count",
        "New-LocalUser -Name temp1 -NoPassword -Disabled | ForEach-Object { \"$($_.Name) $($_.Enabled) $($_.PasswordRequired)\" }",
        'Remove-LocalUser -Name temp1',
        'Get-LocalUser -Name temp1 -ErrorAction SilentlyContinue',
        'Remove-LocalUser -Name Administrator',
      ].join('\n'),
    });
    expect(r.output).toEqual([false, true, 0, 'temp1 False False']);
    expect(errorsOf(r).map((e) => [e.fully_qualified_error_id, e.exception.message])).toEqual([
      ['MemberNotFound,Microsoft.PowerShell.Commands.RemoveLocalGroupMemberCommand', 'Member WIN01\\appsvc was not found in group App Users.'],
      // SamDeleteUser's STATUS_SPECIAL_ACCOUNT, which the module does not translate.
      ['Internal,Microsoft.PowerShell.Commands.RemoveLocalUserCommand', 'An unspecified error occurred: status = 3221225764'],
    ]);
    expect(changesSince(n).map((e) => `${e.what} ${e.target}`)).toEqual([
      'user.set_password WIN01\\appsvc', 'user.update WIN01\\appsvc', 'user.update WIN01\\appsvc', 'user.update WIN01\\appsvc',
      'group.remove_member App Users', 'user.create WIN01\\temp1', 'user.update WIN01\\temp1', 'user.delete WIN01\\temp1',
    ]);
    expect(callVerb({ state: host().state, log: mh.site().log, account: 'Administrator' }, 'Test-WbPassword', { Name: 'appsvc', Password: 'N3w-Secret!x' })).toBe(0);
  });

  it('Get-CimInstance and Get-WmiObject answer Win32_Service with WQL filters, refuse a bad query as WMI does and other classes saying so', async () => {
    const r = await task('win_powershell', {
      script: [
        '$Ansible.Changed = $false',
        "$s = Get-CimInstance -ClassName Win32_Service -Filter \"Name='AppSvc'\"",
        '"$($s.StartName)|$($s.PathName)|$($s.StartMode)|$($s.State)|$($s.Started)"',
        '$s.PSObject.TypeNames[0]',
        "@(Get-CimInstance -Query \"SELECT Name FROM Win32_Service WHERE StartMode = 'Auto' AND NOT State = 'Stopped' AND Name LIKE 'R%'\" | % Name) -join ','",
        "(Get-CimInstance -Query \"SELECT Name FROM Win32_Service WHERE Name = 'Spooler'\").StartName -eq $null",
        "@(gwmi Win32_Service -Filter \"StartName LIKE '%LocalService'\" | % { $_.Name + '@' + $_.__SERVER }) -join ','",
        "Get-CimInstance Win32_Service -Filter \"Nonsense = 1\"",
        "Get-WmiObject -Query 'SELECT FROM'",
        'Get-CimInstance -ClassName Win32_OperatingSystem',
        '"next statement"',
      ].join('\n'),
    });
    expect(r.output).toEqual([
      '.\\appsvc|C:\\App\\app.exe|Manual|Stopped|False',
      'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Service',
      'RpcEptMapper,RpcSs',
      true,
      'W32Time@WIN01',
      // The refusal of another class ends that statement only, as a cmdlet's terminating error does.
      'next statement',
    ]);
    expect(errorsOf(r).map((e) => [e.fully_qualified_error_id, e.category_info.category, e.exception.message])).toEqual([
      ['HRESULT 0x80041017,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand', 'InvalidArgument', 'Invalid query '],
      ['GetWMIManagementException,Microsoft.PowerShell.Commands.GetWmiObjectCommand', 'InvalidOperation', 'Invalid query '],
      ['NotSupported,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand', 'NotImplemented', "winbook simulator: the simulated host models no CIM class 'Win32_OperatingSystem' (only Win32_Service); this script cannot be rehearsed."],
    ]);
  });

  it('takes pipeline input where 5.1 does: names, service objects and user objects', async () => {
    const n = log().length;
    const r = await task('win_powershell', {
      script: [
        "@('Dnscache', 'W32Time' | Get-Service | % { $_.Name }) -join ','",
        "[string](Get-Service -Name W32Time | Set-Service -StartupType Manual -PassThru).StartType",
        "'W32Time' | Stop-Service -PassThru | % { [string]$_.Status }",
        "Get-Service -Name W32Time | Start-Service -PassThru | % { [string]$_.Status }",
        "@(Get-LocalUser -Name appsvc, Administrator | % Name) -join ','",
      ].join('\n'),
    });
    expect(r).toMatchObject({ error: [], output: ['Dnscache,W32Time', 'Manual', 'Stopped', 'Running', 'appsvc,Administrator'] });
    expect(changesSince(n).map((e) => `${e.what} ${e.target}`)).toEqual(['service.set_start_mode W32Time', 'service.stop W32Time', 'service.start W32Time']);
  });

  it('ansible.builtin.script\'s .ps1 has the same cmdlets', async () => {
    const r = await mh.agent().invoke(scriptAgent, { _script: 'param($Name)\n$s = Get-Service -Name $Name\nWrite-Output "$($s.Name) is $($s.Status)"\nif ($s.Status -ne "Running") { exit 3 }', _arguments: '-Name Dnscache' }, { check: false, diff: false });
    expect(r).toMatchObject({ rc: 0, stdout: 'Dnscache is Running\r\n' });
  });

  it('an account that is not an administrator may read but not change: the SCM and SAM refuse with 5', () => {
    const ctx = { state: host().state, log: mh.site().log, account: 'appsvc' };
    expect(() => callVerb(ctx, 'User.ServiceControl', { Name: 'Spooler', Control: 'stop' })).toThrow(expect.objectContaining({ code: 5 }));
    expect(() => callVerb(ctx, 'User.UserCreate', { Name: 'x1', Password: 'Str0ng-Pass!' })).toThrow(expect.objectContaining({ code: 5 }));
    expect(Array.isArray(callVerb(ctx, 'User.Users', {}))).toBe(true);
  });

  it('the layer lists what its files define, and each alias names one of its commands', () => {
    const defined = userLayerFiles()
      .filter((f) => f.endsWith('.ps1'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^function (\S+)/gm)].map((m) => m[1]!))
      .filter((name) => !name.startsWith('__WbSim'));
    expect(defined.sort()).toEqual([...USER_LAYER_COMMANDS].sort());
    const commands = new Set([...USER_LAYER_COMMANDS, ...USER_LAYER_CMDLETS, ...Object.keys(USER_LAYER_FUNCTIONS), ...ALLOWED_CMDLETS]);
    for (const target of Object.values(USER_LAYER_ALIASES)) expect(commands.has(target), target).toBe(true);
  });
});

describe('the user layer acts on the host whose agent made the runspace', () => {
  let site: SimSite;
  const agents: AgentSession[] = [];
  const transports: WinrmTransport[] = [];
  beforeAll(async () => {
    site = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(24) });
    for (const [i, h] of site.hosts.entries()) {
      const t = new WinrmTransport(connectionSettings(`win0${i + 1}`, { ansible_host: h.address, ansible_user: site.adminUser, ansible_password: site.adminPassword }));
      await t.open();
      transports.push(t);
      const a = new AgentSession(t);
      await a.start();
      agents.push(a);
    }
  });
  afterAll(async () => {
    for (const a of agents) await a.close();
    for (const t of transports) await t.close();
    await site?.close();
  });

  it('two hosts served by one pwsh worker: each script changes its own host only', async () => {
    const def = findModule('win_powershell')!;
    const stop = (i: number) => agents[i]!.invoke(def, engineArgs(def, { script: 'Stop-Service -Name Spooler -PassThru | % { [string]$_.Status }' }), { check: false, diff: false });
    expect(await stop(1)).toMatchObject({ error: [], output: ['Stopped'] });
    expect(site.hosts.map((h) => findService(h.host.state, 'Spooler')?.state)).toEqual(['running', 'stopped']);
    expect(site.log.entries().filter((e) => e.what === 'service.stop').map((e) => e.host)).toEqual(['WIN02']);
  });
});
