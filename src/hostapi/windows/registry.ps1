# Façade, Windows side (src/hostapi/contract/registry.ts). Windows PowerShell 5.1, through Microsoft.Win32.RegistryKey
# only: never the registry provider, whose `New-Item -Force` deletes and recreates an existing key (issue 13, M2).
# Typed data stays typed: REG_MULTI_SZ as string[], REG_BINARY/REG_NONE as base64, numbers with unchecked semantics
# (RegistryKey returns REG_DWORD as Int32 and REG_QWORD as Int64: shown here as their unsigned readings).

# .NET's registry refusals as the contract's Win32Exception: SecurityException/UnauthorizedAccessException keep their
# text under code 5; an IOException carries the Win32 code in its HResult's low word.
function ConvertTo-WbRegistryError {
    param([Parameter(Mandatory = $true)]$ErrorRecord)
    $e = $ErrorRecord
    if ($e -is [Management.Automation.ErrorRecord]) { $e = $e.Exception }
    while ($null -ne $e) {
        if ($e -is [ComponentModel.Win32Exception]) { return $e }
        if (($e -is [Security.SecurityException]) -or ($e -is [UnauthorizedAccessException])) {
            return (New-Object ComponentModel.Win32Exception -ArgumentList 5, $e.Message)
        }
        if ($e -is [IO.IOException]) { return (New-Object ComponentModel.Win32Exception -ArgumentList ($e.HResult -band 0xFFFF), $e.Message) }
        if ($e -is [InvalidOperationException]) { return (New-Object ComponentModel.Win32Exception -ArgumentList 1020, $e.Message) }
        if ($e -is [ArgumentException]) { return (New-Object ComponentModel.Win32Exception -ArgumentList 87, $e.Message) }
        $e = $e.InnerException
    }
    ConvertTo-WbWin32Exception $ErrorRecord
}

# `HKLM:\SOFTWARE\X` → the hive's RegistryKey and the sub-key path below it ('' for the hive itself).
function Resolve-WbRegistryPath {
    param([Parameter(Mandatory = $true)][string]$Path)
    if ($Path -notmatch '^(HKLM|HKCU|HKU|HKCR|HKCC):(\\|$)') { throw (New-Object ComponentModel.Win32Exception 87) }
    $drive = $Matches[1].ToUpperInvariant()
    $rest = $Path.Substring($Matches[0].Length)
    $root = $null
    if ($drive -eq 'HKLM') { $root = [Microsoft.Win32.Registry]::LocalMachine }
    elseif ($drive -eq 'HKCU') { $root = [Microsoft.Win32.Registry]::CurrentUser }
    elseif ($drive -eq 'HKU') { $root = [Microsoft.Win32.Registry]::Users }
    elseif ($drive -eq 'HKCR') { $root = [Microsoft.Win32.Registry]::ClassesRoot }
    else { $root = [Microsoft.Win32.Registry]::CurrentConfig }
    $parts = @($rest -split '\\' | Where-Object { $_ -ne '' })
    [pscustomobject]@{ Root = $root; SubKey = ($parts -join '\') }
}

function ConvertTo-WbRegistryKind {
    param([Parameter(Mandatory = $true)][string]$Kind)
    $names = @('String', 'ExpandString', 'MultiString', 'DWord', 'QWord', 'Binary', 'None')
    $match = @($names | Where-Object { $_ -eq $Kind })
    if ($match.Count -ne 1) { throw (New-Object ComponentModel.Win32Exception 87) }
    [Microsoft.Win32.RegistryValueKind]$match[0]
}

function Get-WbRegistryKey {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Path)
    $r = Resolve-WbRegistryPath -Path $Path
    $key = $null
    try {
        $key = $r.Root.OpenSubKey($r.SubKey, $false)
        if ($null -eq $key) {
            $name = $r.Root.Name
            if ($r.SubKey -ne '') { $name = $name + '\' + $r.SubKey }
            return [pscustomobject]@{ Exists = $false; Name = $name; Values = @(); SubKeys = @() }
        }
        $values = New-Object 'System.Collections.Generic.List[object]'
        foreach ($n in $key.GetValueNames()) {
            $kind = $key.GetValueKind($n)
            $raw = $key.GetValue($n, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
            # Assignments, never a function's return: a string[] or byte[] returned from a function is unrolled (M5).
            $type = 'REG_NONE'
            $data = $null
            if ($kind -eq [Microsoft.Win32.RegistryValueKind]::String) { $type = 'REG_SZ'; $data = [string]$raw }
            elseif ($kind -eq [Microsoft.Win32.RegistryValueKind]::ExpandString) { $type = 'REG_EXPAND_SZ'; $data = [string]$raw }
            elseif ($kind -eq [Microsoft.Win32.RegistryValueKind]::MultiString) {
                $type = 'REG_MULTI_SZ'
                if ($null -eq $raw) { $data = [string[]]@() } else { $data = [string[]]$raw }
            }
            elseif ($kind -eq [Microsoft.Win32.RegistryValueKind]::DWord) { $type = 'REG_DWORD'; $data = [BitConverter]::ToUInt32([BitConverter]::GetBytes([int]$raw), 0) }
            elseif ($kind -eq [Microsoft.Win32.RegistryValueKind]::QWord) { $type = 'REG_QWORD'; $data = [BitConverter]::ToUInt64([BitConverter]::GetBytes([long]$raw), 0) }
            else {
                if ($kind -eq [Microsoft.Win32.RegistryValueKind]::Binary) { $type = 'REG_BINARY' }
                $bytes = [byte[]]@()
                if ($raw -is [byte[]]) { $bytes = $raw }
                $data = [Convert]::ToBase64String($bytes)
            }
            $values.Add([pscustomobject]@{ Name = $n; Type = $type; Data = $data })
        }
        [pscustomobject]@{ Exists = $true; Name = $key.Name; Values = $values.ToArray(); SubKeys = [string[]]$key.GetSubKeyNames() }
    }
    catch { throw (ConvertTo-WbRegistryError $_) }
    finally { if ($null -ne $key) { $key.Dispose() } }
}

# CreateSubKey only: an existing key, its values and sub-keys are never touched (M2).
function New-WbRegistryKey {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Path)
    $r = Resolve-WbRegistryPath -Path $Path
    if ($r.SubKey -eq '') { throw (New-Object ComponentModel.Win32Exception 87) }
    try {
        $existing = $r.Root.OpenSubKey($r.SubKey, $false)
        if ($null -ne $existing) { $existing.Dispose(); return $false }
        $created = $r.Root.CreateSubKey($r.SubKey)
        $created.Dispose()
        return $true
    }
    catch { throw (ConvertTo-WbRegistryError $_) }
}

function Test-WbRegistryDataEqual {
    param($Kind, $Have, $Want)
    if ($Kind -eq [Microsoft.Win32.RegistryValueKind]::MultiString -or $Kind -eq [Microsoft.Win32.RegistryValueKind]::Binary -or $Kind -eq [Microsoft.Win32.RegistryValueKind]::None) {
        $h = @($Have)
        $w = @($Want)
        if ($h.Count -ne $w.Count) { return $false }
        for ($i = 0; $i -lt $w.Count; $i++) { if (-not ($h[$i] -ceq $w[$i])) { return $false } }
        return $true
    }
    if ($Kind -eq [Microsoft.Win32.RegistryValueKind]::DWord -or $Kind -eq [Microsoft.Win32.RegistryValueKind]::QWord) { return ([long]$Have -eq [long]$Want) }
    return ([string]$Have -ceq [string]$Want)
}

function Set-WbRegistryValue {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Path,
        [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Name,
        [Parameter(Mandatory = $true)][string]$Kind,
        [AllowNull()][AllowEmptyString()][string]$String,
        [AllowNull()][AllowEmptyCollection()][string[]]$MultiString,
        [long]$Number = 0,
        [AllowEmptyString()][string]$Binary
    )
    $r = Resolve-WbRegistryPath -Path $Path
    $k = ConvertTo-WbRegistryKind -Kind $Kind
    # The data, typed for RegistryKey.SetValue. Numbers with unchecked semantics: [int][uint32] throws for
    # 0x80000000 and above (issue 13, win_regedit.ps1:36-37), so the low 32 bits are reinterpreted instead.
    $want = $null
    if ($k -eq [Microsoft.Win32.RegistryValueKind]::MultiString) {
        if ($null -eq $MultiString) { $want = [string[]]@() } else { $want = [string[]]$MultiString }
    }
    elseif ($k -eq [Microsoft.Win32.RegistryValueKind]::DWord) {
        if ($Number -lt -2147483648 -or $Number -gt 4294967295) { throw (New-Object ComponentModel.Win32Exception 87) }
        $want = [BitConverter]::ToInt32([BitConverter]::GetBytes([long]$Number), 0)
    }
    elseif ($k -eq [Microsoft.Win32.RegistryValueKind]::QWord) { $want = [long]$Number }
    elseif ($k -eq [Microsoft.Win32.RegistryValueKind]::Binary -or $k -eq [Microsoft.Win32.RegistryValueKind]::None) {
        $want = [byte[]]@()
        if ($Binary) { $want = [Convert]::FromBase64String($Binary) }
    }
    else { $want = [string]$String }
    $key = $null
    try {
        $key = $r.Root.OpenSubKey($r.SubKey, $true)
        if ($null -eq $key) { throw (New-Object ComponentModel.Win32Exception 2) }
        if ($key.GetValueNames() -contains $Name) {
            if ($key.GetValueKind($Name) -eq $k) {
                $have = $key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
                if (Test-WbRegistryDataEqual -Kind $k -Have $have -Want $want) { return $false }
            }
        }
        $key.SetValue($Name, $want, $k)
        return $true
    }
    catch { throw (ConvertTo-WbRegistryError $_) }
    finally { if ($null -ne $key) { $key.Dispose() } }
}

function Remove-WbRegistryValue {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Name)
    $r = Resolve-WbRegistryPath -Path $Path
    $key = $null
    try {
        $key = $r.Root.OpenSubKey($r.SubKey, $false)
        if ($null -eq $key) { return $false }
        if (-not ($key.GetValueNames() -contains $Name)) { return $false }
        $key.Dispose()
        $key = $r.Root.OpenSubKey($r.SubKey, $true)
        $key.DeleteValue($Name, $false)
        return $true
    }
    catch { throw (ConvertTo-WbRegistryError $_) }
    finally { if ($null -ne $key) { $key.Dispose() } }
}

function Remove-WbRegistryKey {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Path, [switch]$Recurse)
    $r = Resolve-WbRegistryPath -Path $Path
    if ($r.SubKey -eq '') { throw (New-Object ComponentModel.Win32Exception 87) }
    try {
        $key = $r.Root.OpenSubKey($r.SubKey, $false)
        if ($null -eq $key) { return $false }
        $key.Dispose()
        if ($Recurse) { $r.Root.DeleteSubKeyTree($r.SubKey, $false) }
        else { $r.Root.DeleteSubKey($r.SubKey, $false) }
        return $true
    }
    catch { throw (ConvertTo-WbRegistryError $_) }
}

# RegLoadKey / RegUnLoadKey on HKEY_LOCAL_MACHINE, through one compiled type (Winbook.HiveNative, compiled on first
# use). Both need SeBackupPrivilege and SeRestorePrivilege enabled in the process token, which an administrator
# holds but has disabled.
function Initialize-WbHiveNative {
    if ('Winbook.HiveNative' -as [type]) { return }
    Add-Type -TypeDefinition @'
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Winbook
{
    public static class HiveNative
    {
        static readonly UIntPtr HKEY_LOCAL_MACHINE = new UIntPtr(0x80000002u);
        const int SE_BACKUP_PRIVILEGE = 17;
        const int SE_RESTORE_PRIVILEGE = 18;

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode)] static extern int RegLoadKeyW(UIntPtr key, string subKey, string file);
        [DllImport("advapi32.dll", CharSet = CharSet.Unicode)] static extern int RegUnLoadKeyW(UIntPtr key, string subKey);
        [DllImport("ntdll.dll")] static extern int RtlAdjustPrivilege(int privilege, bool enable, bool currentThread, out bool wasEnabled);

        static void EnablePrivileges()
        {
            bool was;
            foreach (int p in new int[] { SE_BACKUP_PRIVILEGE, SE_RESTORE_PRIVILEGE })
            {
                // STATUS_PRIVILEGE_NOT_HELD (0xC0000061) is ERROR_PRIVILEGE_NOT_HELD, 1314.
                int status = RtlAdjustPrivilege(p, true, false, out was);
                if (status != 0) throw new Win32Exception(1314);
            }
        }

        // The registry functions return the Win32 error code itself.
        public static void Load(string subKey, string file)
        {
            EnablePrivileges();
            int rc = RegLoadKeyW(HKEY_LOCAL_MACHINE, subKey, file);
            if (rc != 0) throw new Win32Exception(rc);
        }

        public static void Unload(string subKey)
        {
            EnablePrivileges();
            // Handles this process still holds below the key (RegistryKey objects awaiting finalisation) would make
            // the unload fail with ERROR_ACCESS_DENIED.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            int rc = RegUnLoadKeyW(HKEY_LOCAL_MACHINE, subKey);
            if (rc != 0) throw new Win32Exception(rc);
        }
    }
}
'@
}

function Mount-WbRegistryHive {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Key,
        [Parameter(Mandatory = $true)][string]$Path
    )
    Initialize-WbHiveNative
    [Winbook.HiveNative]::Load($Key, $Path)
}

function Dismount-WbRegistryHive {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Key
    )
    Initialize-WbHiveNative
    [Winbook.HiveNative]::Unload($Key)
}
