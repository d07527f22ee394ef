# Shared by every agent module (prepended once to a module's script by src/modules/script.ts, so the source
# exists once): read an argument from the JSON the controller sent, with a default when absent or null.
# The unary comma keeps an array an array: without it PowerShell unrolls `[]` to $null and `['a']` to 'a', so
# `services: []` would read as "absent" (issue 13, M1). Callers of array arguments still wrap: @(Get-ModuleArg 'x').
function Get-ModuleArg {
    param([string]$Name, $Default = $null)
    if ($null -eq $ModuleArgs) { return $Default }
    $prop = $ModuleArgs.PSObject.Properties[$Name]
    if ($null -eq $prop -or $null -eq $prop.Value) { return $Default }
    return , $prop.Value
}

# True when the controller sent the argument with a value (an empty array counts): tells `services: []` from absent.
function Test-ModuleArg {
    param([string]$Name)
    if ($null -eq $ModuleArgs) { return $false }
    $prop = $ModuleArgs.PSObject.Properties[$Name]
    return ($null -ne $prop -and $null -ne $prop.Value)
}
