# win_reg_stat: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (registry verbs, Expand-WbEnvironmentString). Read-only, as
# ansible.windows.win_reg_stat: without `name`, the key's values (`properties`) and sub-keys; with `name`, that
# value's `type`, `value` and `raw_value` at the top level. `value` is what RegistryKey.GetValue gives
# (REG_EXPAND_SZ expanded, REG_BINARY/REG_NONE as a list of byte values); `raw_value` keeps REG_EXPAND_SZ
# unexpanded and shows bytes as '0x..' text. A missing key or value is `exists: false`, not a failure.
Set-StrictMode -Version 2.0

$path = [string](Get-ModuleArg -Name 'path' -Default (Get-ModuleArg -Name 'key'))
$name = Get-ModuleArg -Name 'name' -Default (Get-ModuleArg -Name 'entry' -Default (Get-ModuleArg -Name 'value'))

if ($path -notmatch '^HK(CC|CR|CU|LM|U):\\') {
    return @{ changed = $false; failed = $true; msg = "path: $path is not a valid registry path, see module documentation for examples." }
}

# One value in Ansible's shape. The key's (Default) value is always reported as REG_SZ, as the module does.
function ConvertTo-RegStat {
    param($Value)
    $type = [string]$Value.Type
    if ([string]$Value.Name -eq '') { $type = 'REG_SZ' }
    $data = $Value.Data
    switch ($type) {
        { $_ -eq 'REG_BINARY' -or $_ -eq 'REG_NONE' } {
            $bytes = [Convert]::FromBase64String([string]$data)
            $ints = New-Object 'System.Collections.Generic.List[int]'
            $hex = New-Object 'System.Collections.Generic.List[string]'
            foreach ($b in $bytes) { $ints.Add([int]$b); $hex.Add(('0x{0:x2}' -f $b)) }
            return @{ type = $type; value = $ints.ToArray(); raw_value = $hex.ToArray() }
        }
        'REG_DWORD' { return @{ type = $type; value = [uint32][string]$data; raw_value = [uint32][string]$data } }
        'REG_QWORD' { return @{ type = $type; value = [uint64][string]$data; raw_value = [uint64][string]$data } }
        'REG_MULTI_SZ' { return @{ type = $type; value = @($data | ForEach-Object { [string]$_ }); raw_value = @($data | ForEach-Object { [string]$_ }) } }
        'REG_EXPAND_SZ' { return @{ type = $type; value = (Expand-WbEnvironmentString -Text ([string]$data)); raw_value = [string]$data } }
    }
    @{ type = $type; value = $data; raw_value = $data }
}

$key = Get-WbRegistryKey -Path $path
$result = @{ changed = $false; exists = $false }
if (-not $key.Exists) { return $result }
$values = @($key.Values)
if ($null -eq $name) {
    $properties = @{}
    foreach ($v in $values) { $properties[[string]$v.Name] = ConvertTo-RegStat -Value $v }
    $result.exists = $true
    $result.properties = $properties
    $result.sub_keys = @($key.SubKeys | ForEach-Object { [string]$_ })
    return $result
}
# Value names are case-insensitive, as RegistryKey.GetValue matches them.
$match = @($values | Where-Object { [string]$_.Name -eq [string]$name }) | Select-Object -First 1
if ($null -eq $match) { return $result }
$stat = ConvertTo-RegStat -Value $match
$result.exists = $true
foreach ($k in $stat.Keys) { $result[$k] = $stat[$k] }
$result
