/**
 * The user layer: what a user's script (win_powershell's `script`, ansible.builtin.script's .ps1) has in the
 * simulator beyond the agents' restricted session state (allowed-cmdlets.ts), as on a Windows host, where such a
 * script runs in a runspace made from `[runspace]::DefaultRunspace.InitialSessionState`: the FileSystem, Registry
 * and Environment providers over the host model (user-layer/*.cs) and Windows PowerShell's item, content, location
 * and property cmdlets that work through them. The worker (worker.ps1) gives this layer to the session state a
 * module's script reads from `[runspace]::DefaultRunspace.InitialSessionState`, never to the module's own runspace,
 * so a module that bypasses the façade still fails as "not recognized".
 *
 * Other cmdlets modelled for user scripts are added here: a real cmdlet by name when it works through the providers,
 * a PowerShell function (name → body) that reaches the host model through façade verbs, or — for the cmdlets that
 * Windows PowerShell 5.1 has and pwsh on Linux lacks (services, local accounts, CIM for Win32_Service) — advanced
 * functions in user-cmdlets/*.ps1 with their C# types in user-cmdlets/*.cs and their Node halves in
 * src/sim/windows/user-*.ts.
 */
import { fileURLToPath } from 'node:url';
import { ALLOWED_CMDLETS } from './allowed-cmdlets.ts';
import { PS51_ALIASES } from './ps51-aliases.ts';

/** Microsoft.PowerShell.Management cmdlets that act through providers, so the simulated ones carry them. */
export const USER_LAYER_CMDLETS: string[] = [
  'Add-Content',
  'Clear-Content',
  'Clear-Item',
  'Convert-Path',
  'Copy-Item',
  'Get-ChildItem',
  'Get-Content',
  'Get-Item',
  'Get-ItemProperty',
  'Get-ItemPropertyValue',
  'Get-Location',
  'Get-PSDrive',
  'Get-PSProvider',
  'Join-Path',
  'Move-Item',
  'New-Item',
  'New-ItemProperty',
  'Pop-Location',
  'Push-Location',
  'Remove-Item',
  'Remove-ItemProperty',
  'Rename-Item',
  'Resolve-Path',
  'Set-Content',
  'Set-Item',
  'Set-ItemProperty',
  'Set-Location',
  'Split-Path',
  'Test-Path',
];


/**
 * Out-File as Windows PowerShell 5.1 writes (UTF-16 LE with a BOM unless -Encoding says otherwise, the objects laid
 * out as the console shows them, CRLF after each line), through the simulated FileSystem provider's Set-Content and
 * Add-Content: PowerShell's own Out-File opens files with .NET, which would reach the simulator's machine. The `>`
 * and `>>` redirections call it by name.
 */
const OUT_FILE = `[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true, Position = 0)][Alias('Path')][string]$FilePath,
    [Parameter(Position = 1)][ValidateSet('unknown', 'string', 'unicode', 'bigendianunicode', 'utf8', 'utf7', 'utf32', 'ascii', 'default', 'oem')][string]$Encoding = 'unicode',
    [switch]$Append, [switch]$Force, [Alias('NoClobber')][switch]$NoOverwrite, [int]$Width = 80, [switch]$NoNewline,
    [Parameter(ValueFromPipeline = $true)][psobject]$InputObject
)
begin { $items = New-Object System.Collections.ArrayList }
process { if ($PSBoundParameters.ContainsKey('InputObject')) { [void]$items.Add($InputObject) } }
end {
    if ($NoOverwrite -and -not $Append -and (Test-Path -LiteralPath $FilePath)) {
        $e = New-Object System.IO.IOException "The file '$FilePath' already exists."
        $PSCmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord $e, 'NoClobber', 'ResourceExists', $FilePath))
    }
    $lines = @($items | Out-String -Stream -Width $Width)
    if ($NoNewline) { $lines = @(($items | ForEach-Object { [string]$_ }) -join '') }
    $write = @{ LiteralPath = $FilePath; Value = $lines; Encoding = $Encoding; NoNewline = [bool]$NoNewline }
    if ($Append) { Add-Content @write } else { Set-Content @write }
}`;

/** Functions of the layer, name → body. `mkdir` and `md` are functions in Windows PowerShell too. */
export const USER_LAYER_FUNCTIONS: Record<string, string> = {
  'Out-File': OUT_FILE,
  mkdir: "[CmdletBinding(SupportsShouldProcess = $true)]\nparam([Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]]$Path, [switch]$Force)\nprocess { New-Item -ItemType Directory -Path $Path -Force:$Force -WhatIf:$WhatIfPreference }",
};

/** The providers' C# sources, compiled once per worker with the bridge. */
export const USER_LAYER_SOURCES: URL[] = [
  new URL('./user-layer/host-call.cs', import.meta.url),
  new URL('./user-layer/filesystem-provider.cs', import.meta.url),
  new URL('./user-layer/registry-provider.cs', import.meta.url),
  new URL('./user-layer/environment-provider.cs', import.meta.url),
  // Each names the type it defines on its first line and is left out where that type exists (a Windows worker).
  new URL('./user-cmdlets/service-exception.cs', import.meta.url),
  new URL('./user-cmdlets/local-accounts-types.cs', import.meta.url),
];

/** The layer's advanced functions, loaded in this order: the helpers, then the cmdlets. */
export const USER_LAYER_SCRIPTS: URL[] = [
  new URL('./user-cmdlets/common.ps1', import.meta.url),
  new URL('./user-cmdlets/services.ps1', import.meta.url),
  new URL('./user-cmdlets/local-accounts.ps1', import.meta.url),
  new URL('./user-cmdlets/cim.ps1', import.meta.url),
];

/**
 * The cmdlets USER_LAYER_SCRIPTS stand in for: Microsoft.PowerShell.Management's services,
 * Microsoft.PowerShell.LocalAccounts, and CIM/WMI for Win32_Service only.
 */
export const USER_LAYER_COMMANDS = [
  'Get-Service', 'Start-Service', 'Stop-Service', 'Restart-Service', 'Suspend-Service', 'Resume-Service', 'Set-Service', 'New-Service',
  'Get-LocalUser', 'New-LocalUser', 'Set-LocalUser', 'Remove-LocalUser', 'Enable-LocalUser', 'Disable-LocalUser',
  'Get-LocalGroup', 'New-LocalGroup', 'Get-LocalGroupMember', 'Add-LocalGroupMember', 'Remove-LocalGroupMember',
  'Get-CimInstance', 'Get-WmiObject',
];

/** The files of the layer's C# types and functions, as paths. */
export function userLayerFiles(): string[] {
  return [...USER_LAYER_SOURCES, ...USER_LAYER_SCRIPTS].map((u) => fileURLToPath(u));
}

/** The providers the layer adds: name → the C# type that implements it. */
export const USER_LAYER_PROVIDERS: Record<string, string> = {
  FileSystem: 'WinbookSim.SimFileSystemProvider',
  Registry: 'WinbookSim.SimRegistryProvider',
  Environment: 'WinbookSim.SimEnvironmentProvider',
};

/**
 * Windows PowerShell 5.1's built-in aliases (ps51-aliases.ts) whose command a user's script has here: the layer's
 * and the agents' pure cmdlets. The agents' own runspaces have none (module scripts spell cmdlets out).
 */
export const USER_LAYER_ALIASES: Record<string, string> = (() => {
  const have = new Set([...USER_LAYER_CMDLETS, ...Object.keys(USER_LAYER_FUNCTIONS), ...USER_LAYER_COMMANDS, ...ALLOWED_CMDLETS]);
  return Object.fromEntries(Object.entries(PS51_ALIASES).filter(([, target]) => have.has(target)));
})();
