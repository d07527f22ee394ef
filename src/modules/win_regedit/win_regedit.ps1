# win_regedit: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade's registry verbs (src/hostapi/contract/registry.ts): typed data,
# keys created without ever being recreated. Compares data and kind, changes only what differs; check mode changes
# nothing. Defaults (type string, state present, delete_key true) come from the module's schema. With `hive`, the
# hive file is loaded as HKLM:\ANSIBLE around the change (Mount-/Dismount-WbRegistryHive).
# The diff is 1.14's: a dict by the path and value name as given, each value as Get-DiffValue shapes it.
Set-StrictMode -Version 2.0

$path = [string](Get-ModuleArg 'path')
$hasName = Test-ModuleArg 'name'
$name = [string](Get-ModuleArg 'name')
$data = Get-ModuleArg 'data'
$type = [string](Get-ModuleArg 'type')
$state = [string](Get-ModuleArg 'state')
$deleteKey = [bool](Get-ModuleArg 'delete_key')
$hive = Get-ModuleArg 'hive'
# `hive` is an Ansible `path`: environment variables expanded.
if ($null -ne $hive) { $hive = Expand-WbEnvironmentString -Text ([string]$hive) }
$result = @{ changed = $false; data_changed = $false; data_type_changed = $false }
# 1.14: no name (or '') means the key's (Default) value. Without a name it can only be a string (1.14 warns and
# converts); `data` then sets it. A value is written when named, or when data is given, or for a type whose missing
# data 1.14 turns into a value (dword/qword 0, binary/none empty, multistring empty); a string default value
# without data is left alone. With delete_key (the default) and no name, absent removes the whole key.
$named = $hasName -and $name -ne ''
if (-not $hasName) {
    if ($type -ne 'string') {
        $result.warnings = @("the data type when name is not specified can only be 'string', the type has automatically been converted")
        $type = 'string'
    }
    $name = ''
}
$setsValue = $named -or $null -ne $data -or $type -notin @('string', 'expandstring')

$kinds = @{ string = 'String'; expandstring = 'ExpandString'; multistring = 'MultiString'; dword = 'DWord'; qword = 'QWord'; binary = 'Binary'; none = 'None' }
$regTypes = @{ string = 'REG_SZ'; expandstring = 'REG_EXPAND_SZ'; multistring = 'REG_MULTI_SZ'; dword = 'REG_DWORD'; qword = 'REG_QWORD'; binary = 'REG_BINARY'; none = 'REG_NONE' }
$diffKinds = @{ REG_SZ = 'string'; REG_EXPAND_SZ = 'expandstring'; REG_MULTI_SZ = 'multistring'; REG_DWORD = 'dword'; REG_QWORD = 'qword'; REG_BINARY = 'binary'; REG_NONE = 'none' }

if ($path -notmatch '^(HKLM|HKCU|HKU|HKCR|HKCC):(\\|$)') {
    return @{ failed = $true; msg = "path: $path is not a valid powershell path, see module documentation for examples." }
}

# 1.14: a path whose only separators are '/' (HKLM:\Software/Acme; Split-Path takes '/' as one) names the key with
# '\' instead, with 1.14's deprecation (Ansible.Basic's Deprecate(msg, date): no collection); the diff keeps the path
# as written. A '/' beside a '\' stays part of a key's name, as in 1.14.
$keyPath = $path
$registryPath = $path.Substring($path.IndexOf(':') + 1)
if ($registryPath.StartsWith('\')) { $registryPath = $registryPath.Substring(1) }
if ($registryPath.Contains('/') -and -not $registryPath.Contains('\')) {
    $msg = "path is not using '\' as a separator, support for '/' as a separator will be removed in a future Ansible version"
    $result.deprecations = @(@{ msg = $msg; date = '2021-07-01'; collection_name = $null })
    $keyPath = $path.Substring(0, $path.IndexOf(':') + 1) + '\' + $registryPath.Replace('/', '\')
}

# An unsigned integer from a number or 0x… text, range-checked ($Max is 2^32-1 or 2^64-1), as [decimal].
function ConvertTo-RegNumber {
    param($Value, [decimal]$Max)
    $text = [string]$Value
    $n = $null
    if ($text -match '^0x[0-9a-f]+$') {
        if ($text.Length -gt 18) { throw "data for type $type must be an integer between 0 and $Max, was '$text'" }
        $n = [decimal][Convert]::ToUInt64($text.Substring(2), 16)
    }
    elseif ($text -match '^-?[0-9]+$') { $n = [decimal]$text }
    else { throw "data for type $type must be an integer between 0 and $Max, was '$text'" }
    if ($n -lt 0 -or $n -gt $Max) { throw "data for type $type must be an integer between 0 and $Max, was '$text'" }
    $n
}

# One value in 1.14's diff (its Get-DiffValue): `type` as RegistryValueKind names it, `value` as hex text for dword
# and qword ("0x{0:x8}", "0x{0:x16}"), a list of "0x{0:x2}" for binary and none, else the data. $Data is in the
# façade's form (base64 for binary/none, an unsigned number or its decimal text for dword/qword).
function Get-RegDiffValue {
    param([string]$Kind, $Data)
    $value = $Data
    if ($Kind -eq 'binary' -or $Kind -eq 'none') {
        $value = New-Object 'System.Collections.Generic.List[string]'
        foreach ($b in [Convert]::FromBase64String([string]$Data)) { $value.Add(('0x{0:x2}' -f $b)) }
    }
    elseif ($Kind -eq 'dword') { $value = '0x{0:x8}' -f [uint64][decimal][string]$Data }
    elseif ($Kind -eq 'qword') { $value = '0x{0:x16}' -f [uint64][decimal][string]$Data }
    elseif ($Kind -eq 'multistring') { $value = [string[]]@($Data) }
    @{ type = $kinds[$Kind]; value = $value }
}

# 1.14 checks `data` against `type` before it opens the registry or loads a hive (win_regedit.ps1:382-436), so these
# come first here too, in its words. Text for a dword/qword goes through PowerShell's [UInt64] cast there: text that
# is no number escapes the module as Windows PowerShell 5.1's cast error (a crash, not a FailJson).
function Assert-RegDataText {
    param([string]$Text)
    $t = $Text.Trim()
    $why = $null
    if ($t -match '^-[0-9]+$') { $why = 'Value was either too large or too small for a UInt64.' }
    elseif ($t -notmatch '^\+?[0-9]+$' -and $t -notmatch '^0x[0-9a-f]+$') { $why = 'Input string was not in a correct format.' }
    elseif (($t -match '^\+?[0-9]+$' -and ($t.TrimStart('+').TrimStart('0').Length -gt 20 -or [decimal]$t -gt [decimal][uint64]::MaxValue)) -or ($t -match '^0x' -and $t.Length -gt 18)) { $why = 'Value was either too large or too small for a UInt64.' }
    if ($null -ne $why) {
        throw (New-Object System.Management.Automation.PSInvalidCastException -ArgumentList ('Cannot convert value "{0}" to type "System.UInt64". Error: "{1}"' -f $Text, $why))
    }
}
if ($null -ne $data -and @('binary', 'none') -contains $type -and ($data -is [int] -or $data -is [long]) -and $data -gt 255) {
    return @{ failed = $true; msg = "cannot convert binary data '$data' to byte array, please specify this value as a yaml byte array or a comma separated hex value string" }
}
if ($null -ne $data -and @('dword', 'qword') -contains $type) {
    if ($data -is [string]) { Assert-RegDataText -Text $data }
    if ($type -eq 'dword') {
        $asNumber = $null
        if ($data -is [string] -and $data.Trim() -match '^\+?[0-9]+$') { $asNumber = [decimal]$data.Trim() }
        elseif ($data -is [string]) { $asNumber = [decimal][Convert]::ToUInt64($data.Trim().Substring(2), 16) }
        elseif ($data -is [int] -or $data -is [long] -or $data -is [decimal] -or $data -is [double]) { $asNumber = [decimal]$data }
        if ($null -ne $asNumber -and $asNumber -gt [decimal][uint32]::MaxValue) { return @{ failed = $true; msg = 'data cannot be larger than 0xffffffff when type is dword' } }
    }
}

# As 1.14: the hive file is loaded as HKLM:\ANSIBLE for the task (in check mode too) and unloaded after it, which
# writes any change back into the file. One left loaded by an earlier run is unloaded first, with a warning.
$hiveLoaded = $false
if ($hive) {
    $hiveItem = $null
    try { $hiveItem = Get-WbItem -Path $hive } catch { $hiveItem = $null }
    if ($null -eq $hiveItem) { return @{ failed = $true; msg = "hive at path '$hive' is not valid or accessible, cannot load hive" } }
    if ((Get-WbRegistryKey -Path 'HKLM:\ANSIBLE').Exists) {
        $result.warnings = @(@($result['warnings']) | Where-Object { $null -ne $_ }) + @('hive already loaded at HKLM:\ANSIBLE, had to unload hive for win_regedit to continue')
        try { Dismount-WbRegistryHive -Key 'ANSIBLE' }
        catch { return @{ failed = $true; msg = "failed to unload registry hive HKLM:\ANSIBLE from $($hive): $($_.Exception.Message)" } }
    }
    # 1.14's text: its loader raises "Failed to load registry hive at <file>", not Windows' reason.
    try { Mount-WbRegistryHive -Key 'ANSIBLE' -Path $hive; $hiveLoaded = $true }
    catch { return @{ failed = $true; msg = "failed to load registry hive from '$hive' to HKLM:\ANSIBLE: Failed to load registry hive at $hive" } }
}

try {
    # What to write, in the façade's typed parameters. Built by assignment into the splat: a [string[]] or [byte[]]
    # returned from a function would be unrolled (issue 13, M5).
    $set = @{ Path = $keyPath; Name = $name; Kind = $kinds[$type] }
    $wantData = $null
    if ($setsValue -and $state -eq 'present') {
        if ($type -eq 'multistring') {
            $items = [string[]]@()
            if ($null -ne $data) { $items = [string[]]@(@($data) | ForEach-Object { [string]$_ }) }
            $set.MultiString = $items
            $wantData = $items
        }
        elseif ($type -eq 'dword' -or $type -eq 'qword') {
            $max = [decimal][uint32]::MaxValue
            if ($type -eq 'qword') { $max = [decimal][uint64]::MaxValue }
            $n = [decimal]0
            if ($null -ne $data) { $n = ConvertTo-RegNumber $data $max }
            # Unchecked: the façade takes the 64-bit pattern as a long (0xFFFFFFFFFFFFFFFF is -1); [int][uint32]
            # threw for DWORDs from 0x80000000 up (issue 13, win_regedit.ps1:36-37).
            $set.Number = [BitConverter]::ToInt64([BitConverter]::GetBytes([uint64]$n), 0)
            $wantData = $n
        }
        elseif ($type -eq 'binary' -or $type -eq 'none') {
            $bytes = [byte[]]@()
            if ($data -is [string]) { $bytes = [byte[]]@($data -split '[,\s]+' | Where-Object { $_ } | ForEach-Object { [Convert]::ToByte(($_ -replace '^0x', ''), 16) }) }
            elseif ($null -ne $data) { $bytes = [byte[]]@(@($data) | ForEach-Object { [byte]$_ }) }
            $set.Binary = [Convert]::ToBase64String($bytes)
            $wantData = $set.Binary
        }
        else {
            $text = ''
            if ($null -ne $data) { $text = [string]$data }
            $set.String = $text
            $wantData = $text
        }
    }

    $key = Get-WbRegistryKey -Path $keyPath
    $have = $null
    $have = @($key.Values | Where-Object { $_.Name -eq $name }) | Select-Object -First 1
    # 1.14's diff (Set-StatePresent/Set-StateAbsent): by the path as given, then the value name as given ('' for
    # the default value); "" on both sides when nothing was there to compare.
    $before = ''
    $after = ''

    if ($state -eq 'present') {
        if (-not $key.Exists) { $result.changed = $true; $before = @{}; $after = @{ $path = @{} } }
        else { $before = @{ $path = @{} }; $after = @{ $path = @{} } }
        if ($setsValue) {
            $want = Get-RegDiffValue $type $wantData
            if ($null -ne $have) {
                $result.data_type_changed = [string]$have.Type -ne $regTypes[$type]
                $result.data_changed = (@($have.Data) -join "`0") -cne (@($wantData) -join "`0")
                $was = Get-RegDiffValue $diffKinds[[string]$have.Type] $have.Data
                $before[$path][$name] = $was
                if ($result.data_changed -or $result.data_type_changed) { $after[$path][$name] = $want } else { $after[$path][$name] = $was }
            }
            # A key check mode did not create has no value to show (1.14 returns before reading one).
            elseif ($key.Exists -or -not $CheckMode) { $after[$path][$name] = $want }
            if ($null -eq $have -or $result.data_changed -or $result.data_type_changed) { $result.changed = $true }
        }
        if ($result.changed -and -not $CheckMode) {
            if (-not $key.Exists) { $null = New-WbRegistryKey -Path $keyPath }
            if ($setsValue) { $null = Set-WbRegistryValue @set }
        }
    }
    elseif ($key.Exists) {
        $gone = $null
        if ($named -or -not $deleteKey) { $gone = $have }
        if ($named -or -not $deleteKey) { $result.changed = $null -ne $gone }
        else { $result.changed = $true; $before = @{ $path = @{} }; $after = @{} }
        if ($null -ne $gone) { $before = @{ $path = @{ $name = (Get-RegDiffValue $diffKinds[[string]$gone.Type] $gone.Data) } }; $after = @{ $path = @{} } }
        if ($result.changed -and -not $CheckMode) {
            if ($named) { $null = Remove-WbRegistryValue -Path $keyPath -Name $name }
            elseif ($deleteKey) { $null = Remove-WbRegistryKey -Path $keyPath -Recurse }
            else { $null = Remove-WbRegistryValue -Path $keyPath -Name '' }
        }
    }
    if ($DiffMode) { $result.diff = @{ before = $before; after = $after } }
}
catch {
    $result.failed = $true
    $result.msg = [string]$_.Exception.Message
}
finally {
    if ($hiveLoaded) { Dismount-WbRegistryHive -Key 'ANSIBLE' }
}
return $result
