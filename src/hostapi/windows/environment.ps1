# Façade, Windows side (src/hostapi/contract/environment.ts). Windows PowerShell 5.1. Machine and User variables are
# read and written in their registry keys so an existing REG_EXPAND_SZ stays one ([Environment]::SetEnvironmentVariable
# writes REG_SZ and a Path with %SystemRoot% stops expanding); a change is broadcast as WM_SETTINGCHANGE "Environment",
# as ansible.windows.win_environment does. Process variables are the agent's own ([Environment], Process).

function Test-WbEnvironmentTarget {
    param([string]$Target)
    if (@('Machine', 'User', 'Process') -notcontains $Target) { throw (New-Object ComponentModel.Win32Exception 87) }
}

function Open-WbEnvironmentKey {
    param([string]$Target, [bool]$Writable)
    if ($Target -eq 'Machine') {
        return [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey('SYSTEM\CurrentControlSet\Control\Session Manager\Environment', $Writable)
    }
    if ($Writable) { return [Microsoft.Win32.Registry]::CurrentUser.CreateSubKey('Environment') }
    [Microsoft.Win32.Registry]::CurrentUser.OpenSubKey('Environment', $false)
}

function Send-WbSettingChange {
    [CmdletBinding()]
    param()
    if (-not ('Winbook.HostApiEnvNative' -as [type])) {
        $sig = '[DllImport("user32.dll", CharSet = CharSet.Unicode, SetLastError = true)] public static extern IntPtr SendMessageTimeout(IntPtr hWnd, uint Msg, UIntPtr wParam, string lParam, uint fuFlags, uint uTimeout, out UIntPtr lpdwResult);'
        Add-Type -MemberDefinition $sig -Name HostApiEnvNative -Namespace Winbook
    }
    $out = [UIntPtr]::Zero
    # HWND_BROADCAST, WM_SETTINGCHANGE, SMTO_ABORTIFHUNG, 5 s: a hung window must not hold the task.
    $null = [Winbook.HostApiEnvNative]::SendMessageTimeout([IntPtr]0xFFFF, 0x1A, [UIntPtr]::Zero, 'Environment', 2, 5000, [ref]$out)
}

function Get-WbEnvironmentVariable {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Target)
    Test-WbEnvironmentTarget -Target $Target
    if ($Target -eq 'Process') { return [Environment]::GetEnvironmentVariable($Name, 'Process') }
    $key = $null
    try {
        $key = Open-WbEnvironmentKey -Target $Target -Writable $false
        if ($null -eq $key) { return $null }
        $v = $key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
        if ($null -eq $v) { return $null }
        return [string]$v
    }
    catch { throw (ConvertTo-WbRegistryError $_) }
    finally { if ($null -ne $key) { $key.Dispose() } }
}

function Set-WbEnvironmentVariable {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Name, [AllowNull()][AllowEmptyString()][string]$Value, [Parameter(Mandatory = $true)][string]$Target)
    Test-WbEnvironmentTarget -Target $Target
    # A [string] parameter turns $null into '' (and stays '' when $null is assigned back), so the removal is kept in
    # an untyped variable.
    $new = $null
    if ($Value -ne '') { $new = $Value }
    $before = Get-WbEnvironmentVariable -Name $Name -Target $Target
    if ($null -eq $before -and $null -eq $new) { return $false }
    if ($null -ne $before -and $null -ne $new -and $before -ceq $new) { return $false }
    if ($Target -eq 'Process') {
        [Environment]::SetEnvironmentVariable($Name, $new, 'Process')
        return $true
    }
    $key = $null
    try {
        $key = Open-WbEnvironmentKey -Target $Target -Writable $true
        if ($null -eq $key) { throw (New-Object ComponentModel.Win32Exception 2) }
        if ($null -eq $new) { $key.DeleteValue($Name, $false) }
        else {
            $kind = [Microsoft.Win32.RegistryValueKind]::String
            $existing = $key.GetValueNames() -contains $Name
            if (($existing -and ($key.GetValueKind($Name) -eq [Microsoft.Win32.RegistryValueKind]::ExpandString)) -or ($new -match '%[^%]+%')) {
                $kind = [Microsoft.Win32.RegistryValueKind]::ExpandString
            }
            $key.SetValue($Name, $new, $kind)
        }
    }
    catch { throw (ConvertTo-WbRegistryError $_) }
    finally { if ($null -ne $key) { $key.Dispose() } }
    Send-WbSettingChange
    return $true
}

function Expand-WbEnvironmentString {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text)
    [Environment]::ExpandEnvironmentVariables($Text)
}
