# win_regedit: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through Microsoft.Win32.RegistryKey so value kinds are exact (Set-ItemProperty would
# keep an existing kind). Compares data and kind, changes only what differs; check mode changes nothing.
Set-StrictMode -Version 2.0

$path = [string](Get-ModuleArg 'path')
$name = Get-ModuleArg 'name'
$data = Get-ModuleArg 'data'
$type = [string](Get-ModuleArg 'type' 'string')
$state = [string](Get-ModuleArg 'state' 'present')
$deleteKey = [bool](Get-ModuleArg 'delete_key' $true)
$result = @{ changed = $false; data_changed = $false; data_type_changed = $false }

$kinds = @{
    string = [Microsoft.Win32.RegistryValueKind]::String; expandstring = [Microsoft.Win32.RegistryValueKind]::ExpandString
    multistring = [Microsoft.Win32.RegistryValueKind]::MultiString; dword = [Microsoft.Win32.RegistryValueKind]::DWord
    qword = [Microsoft.Win32.RegistryValueKind]::QWord; binary = [Microsoft.Win32.RegistryValueKind]::Binary
    none = [Microsoft.Win32.RegistryValueKind]::None
}
$hives = @{
    HKLM = [Microsoft.Win32.Registry]::LocalMachine; HKCU = [Microsoft.Win32.Registry]::CurrentUser
    HKU = [Microsoft.Win32.Registry]::Users; HKCR = [Microsoft.Win32.Registry]::ClassesRoot
    HKCC = [Microsoft.Win32.Registry]::CurrentConfig
}

if ($path -notmatch '^(HKLM|HKCU|HKU|HKCR|HKCC):(\\|$)') {
    return @{ failed = $true; msg = "path: $path is not a valid powershell path, see module documentation for examples." }
}
$hive = $hives[$Matches[1].ToUpperInvariant()]
$subPath = ($path.Substring($Matches[0].Length)).Trim('\')

function ConvertTo-RegData {
    param($Value, [string]$Kind)
    switch ($Kind) {
        'multistring' { if ($null -eq $Value) { return [string[]]@() } return [string[]]@($Value | ForEach-Object { [string]$_ }) }
        'dword' { if ($null -eq $Value) { return 0 } return [int][uint32](ConvertTo-Number $Value 4294967295) }
        'qword' { if ($null -eq $Value) { return [long]0 } return [long][uint64](ConvertTo-Number $Value 18446744073709551615) }
        { $_ -in 'binary', 'none' } {
            if ($null -eq $Value) { return [byte[]]@() }
            if ($Value -is [string]) { $Value = @($Value -split '[,\s]+' | Where-Object { $_ } | ForEach-Object { [Convert]::ToByte(($_ -replace '^0x', ''), 16) }) }
            return [byte[]]@($Value)
        }
        default { if ($null -eq $Value) { return '' } return [string]$Value }
    }
}

function ConvertTo-Number {
    param($Value, [decimal]$Max)
    $text = [string]$Value
    if ($text -match '^0x[0-9a-f]+$') { $n = [decimal][Convert]::ToUInt64($text.Substring(2), 16) } else { $n = [decimal]$text }
    if ($n -lt 0 -or $n -gt $Max) { throw "data for type $type must be an integer between 0 and $Max, was '$text'" }
    return $n
}

function Format-RegValue {
    param([string]$ValueName, $Kind, $Value)
    $label = if ($ValueName -eq '') { '@' } else { '"' + $ValueName + '"' }
    $text = switch ("$Kind") {
        'DWord' { 'dword:{0:x8}' -f [uint32]$Value }
        'String' { '"' + $Value + '"' }
        default { "$($Kind.ToString().ToLowerInvariant()):" + (@($Value) -join ',') }
    }
    return "$label=$text"
}

function Get-RegSnapshot {
    param($Key)
    if ($null -eq $Key) { return '' }
    $lines = @("[$($Key.Name)]")
    if ($null -ne $name) {
        if ($Key.GetValueNames() -contains $name) {
            $lines += Format-RegValue $name $Key.GetValueKind($name) $Key.GetValue($name, $null, 'DoNotExpandEnvironmentNames')
        }
    }
    return ($lines -join "`r`n") + "`r`n"
}

try {
    $key = $hive.OpenSubKey($subPath, $false)
    $before = Get-RegSnapshot $key
    if ($state -eq 'present') {
        if ($null -eq $key) {
            $result.changed = $true
            if (-not $CheckMode) { $key = $hive.CreateSubKey($subPath) }
        }
        if ($null -ne $name) {
            $kind = $kinds[$type]
            $want = ConvertTo-RegData $data $type
            $exists = ($null -ne $key) -and ($key.GetValueNames() -contains $name)
            if ($exists) {
                $result.data_type_changed = $key.GetValueKind($name) -ne $kind
                $have = $key.GetValue($name, $null, 'DoNotExpandEnvironmentNames')
                $result.data_changed = (@($have) -join "`0") -cne (@($want) -join "`0")
            }
            if (-not $exists -or $result.data_changed -or $result.data_type_changed) {
                $result.changed = $true
                if (-not $CheckMode) {
                    $w = $hive.OpenSubKey($subPath, $true)
                    try { $w.SetValue($name, $want, $kind) } finally { $w.Dispose() }
                }
            }
        }
    }
    elseif ($null -ne $key) {
        if ($null -ne $name) {
            if ($key.GetValueNames() -contains $name) {
                $result.changed = $true
                if (-not $CheckMode) { $w = $hive.OpenSubKey($subPath, $true); try { $w.DeleteValue($name) } finally { $w.Dispose() } }
            }
        }
        elseif ($deleteKey) {
            $result.changed = $true
            if (-not $CheckMode) { $key.Dispose(); $key = $null; $hive.DeleteSubKeyTree($subPath) }
        }
        elseif ($key.GetValueNames() -contains '') {
            $result.changed = $true
            if (-not $CheckMode) { $w = $hive.OpenSubKey($subPath, $true); try { $w.DeleteValue('') } finally { $w.Dispose() } }
        }
    }
    if ($DiffMode) {
        # What the key looks like afterwards, from the request (so check mode shows it too).
        $header = "[$($hive.Name)\$subPath]"
        $after = "$header`r`n"
        if ($state -eq 'absent' -and $null -eq $name -and $deleteKey) { $after = '' }
        elseif ($state -eq 'present' -and $null -ne $name) { $after = "$header`r`n" + (Format-RegValue $name $kinds[$type] (ConvertTo-RegData $data $type)) + "`r`n" }
        if ($before -eq '' -and $state -eq 'absent') { $after = '' }
        $result.diff = @{ before = $before; after = $after }
    }
}
catch [System.Security.SecurityException], [System.UnauthorizedAccessException] {
    return @{ failed = $true; msg = $_.Exception.Message }
}
catch {
    $result.failed = $true
    $result.msg = "$($_.Exception.Message)"
}
return $result
