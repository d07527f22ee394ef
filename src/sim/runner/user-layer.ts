/**
 * The user layer: what a user's script (win_powershell's `script`, ansible.builtin.script's .ps1) has on a simulated
 * host beyond the agent's restricted session state (allowed-cmdlets.ts) — the Windows PowerShell 5.1 cmdlets a
 * role's script calls, written as advanced functions over the host model (user-cmdlets/*.ps1, their C# types in
 * user-cmdlets/*.cs, their Node halves in src/sim/windows/user-*.ts). The worker loads these files once
 * (worker.ps1); the bridge adds them to each agent runspace's own session state after it opened (bridge.cs,
 * UserLayer), so a runspace made from [runspace]::DefaultRunspace.InitialSessionState has them and the agent's own
 * runspace does not: a module's script that calls Get-Service still fails "not recognized".
 */
import { fileURLToPath } from 'node:url';

/** Loaded in this order: the C# types, the helpers, then the cmdlets. */
export const USER_LAYER_FILES = [
  'user-cmdlets/service-exception.cs',
  'user-cmdlets/local-accounts-types.cs',
  'user-cmdlets/common.ps1',
  'user-cmdlets/services.ps1',
  'user-cmdlets/local-accounts.ps1',
  'user-cmdlets/cim.ps1',
];

/**
 * The cmdlets the layer stands in for: Microsoft.PowerShell.Management's services, Microsoft.PowerShell.LocalAccounts,
 * and CIM/WMI for Win32_Service only.
 */
export const USER_LAYER_COMMANDS = [
  'Get-Service', 'Start-Service', 'Stop-Service', 'Restart-Service', 'Suspend-Service', 'Resume-Service', 'Set-Service', 'New-Service',
  'Get-LocalUser', 'New-LocalUser', 'Set-LocalUser', 'Remove-LocalUser', 'Enable-LocalUser', 'Disable-LocalUser',
  'Get-LocalGroup', 'New-LocalGroup', 'Get-LocalGroupMember', 'Add-LocalGroupMember', 'Remove-LocalGroupMember',
  'Get-CimInstance', 'Get-WmiObject',
];

/**
 * Windows PowerShell 5.1's aliases for the layer's cmdlets (Get-Alias on Server 2019). The worker also gives users'
 * scripts PowerShell's default aliases (%, ?, select, where…) for every command their session state has.
 */
export const USER_LAYER_ALIASES: Record<string, string> = {
  // 5.1's aliases PowerShell 7 on Linux leaves out, as they shadow Unix programs.
  sort: 'Sort-Object', sleep: 'Start-Sleep', compare: 'Compare-Object', diff: 'Compare-Object', write: 'Write-Output',
  gsv: 'Get-Service', gcim: 'Get-CimInstance', gwmi: 'Get-WmiObject', sasv: 'Start-Service', spsv: 'Stop-Service',
  algm: 'Add-LocalGroupMember', dlu: 'Disable-LocalUser', elu: 'Enable-LocalUser', glg: 'Get-LocalGroup', glgm: 'Get-LocalGroupMember',
  glu: 'Get-LocalUser', nlg: 'New-LocalGroup', nlu: 'New-LocalUser', rlgm: 'Remove-LocalGroupMember', rlu: 'Remove-LocalUser', slu: 'Set-LocalUser',
};

export function userLayerFiles(): string[] {
  return USER_LAYER_FILES.map((f) => fileURLToPath(new URL(`./${f}`, import.meta.url)));
}
