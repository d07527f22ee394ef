# win_environment: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Machine and user levels are written to their registry keys directly, keeping an
# existing REG_EXPAND_SZ ([Environment]::SetEnvironmentVariable would turn Path into REG_SZ and stop %SystemRoot%
# expanding), then WM_SETTINGCHANGE is broadcast as the Ansible module does. Check mode changes nothing.
Set-StrictMode -Version 2.0

$level = [string](Get-ModuleArg 'level')
$state = Get-ModuleArg 'state'
$vars = [ordered]@{}
$given = Get-ModuleArg 'variables'
if ($null -ne $given) { foreach ($p in $given.PSObject.Properties) { $vars[$p.Name] = $p.Value } }
else { $vars[[string](Get-ModuleArg 'name')] = Get-ModuleArg 'value' }

$result = @{ changed = $false; values = @{}; before_value = $null; value = $null; warnings = @() }
$diff = @{ before = @{ $level = @{} }; after = @{ $level = @{} } }

function Get-EnvironmentKey {
    param([bool]$Writable)
    if ($level -eq 'machine') {
        return [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey('SYSTEM\CurrentControlSet\Control\Session Manager\Environment', $Writable)
    }
    return [Microsoft.Win32.Registry]::CurrentUser.CreateSubKey('Environment')
}

function Set-Variable2 {
    param([string]$Name, $Value)
    if ($level -eq 'process') { [Environment]::SetEnvironmentVariable($Name, $Value, 'Process'); return }
    $key = Get-EnvironmentKey $true
    try {
        if ($null -eq $Value) { $key.DeleteValue($Name, $false); return }
        $kind = [Microsoft.Win32.RegistryValueKind]::String
        $existing = $key.GetValueNames() -contains $Name
        if (($existing -and $key.GetValueKind($Name) -eq 'ExpandString') -or $Value -match '%[^%]+%') { $kind = [Microsoft.Win32.RegistryValueKind]::ExpandString }
        $key.SetValue($Name, [string]$Value, $kind)
    }
    finally { $key.Dispose() }
}

function Send-SettingChange {
    $sig = '[DllImport("user32.dll", CharSet = CharSet.Unicode, SetLastError = true)] public static extern IntPtr SendMessageTimeout(IntPtr hWnd, uint Msg, UIntPtr wParam, string lParam, uint fuFlags, uint uTimeout, out UIntPtr lpdwResult);'
    $native = Add-Type -MemberDefinition $sig -Name WinbookEnvNative -Namespace Winbook -PassThru
    $out = [UIntPtr]::Zero
    $null = $native::SendMessageTimeout([IntPtr]0xFFFF, 0x1A, [UIntPtr]::Zero, 'Environment', 2, 5000, [ref]$out)
}

try {
    foreach ($name in @($vars.Keys)) {
        $value = $vars[$name]
        $want = if ($null -ne $state) { [string]$state } elseif ($value) { 'present' } else { 'absent' }
        if ($want -eq 'absent' -and $value) {
            $result.warnings += "When removing environment variable '$name' it should not have a value '$value' set"
            $value = $null
        }
        elseif ($want -eq 'present' -and -not $value) {
            return @{ failed = $true; msg = 'When state=present, value must be defined and not an empty string, if you wish to remove the envvar, set state=absent' }
        }
        $target = @{ machine = 'Machine'; user = 'User'; process = 'Process' }[$level]
        if ($level -eq 'process') { $before = [Environment]::GetEnvironmentVariable($name, $target) }
        else {
            # Unexpanded, so a %SystemRoot% value compares equal to itself.
            $key = Get-EnvironmentKey $false
            try { $before = $key.GetValue($name, $null, 'DoNotExpandEnvironmentNames') } finally { $key.Dispose() }
        }
        $changed = if ($want -eq 'present') { $before -cne $value } else { $null -ne $before }
        if ($changed -and -not $CheckMode) {
            Set-Variable2 -Name $name -Value $value
            if ($level -ne 'process') { Send-SettingChange }
        }
        $result.values[$name] = @{ changed = $changed; before = $before; after = $value }
        if ($before) { $diff.before[$level][$name] = $before }
        if ($value) { $diff.after[$level][$name] = $value }
        $result.changed = $result.changed -or $changed
        $result.before_value = $before
        $result.value = $value
    }
}
catch [System.Security.SecurityException], [System.UnauthorizedAccessException] {
    return @{ failed = $true; msg = $_.Exception.Message }
}
if ($DiffMode) { $result.diff = $diff }
if ($result.warnings.Count -eq 0) { $result.Remove('warnings') }
return $result
