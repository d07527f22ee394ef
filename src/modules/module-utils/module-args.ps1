# Shared by every agent module (prepended once to a module's script by src/modules/script.ts, so the source
# exists once): read an argument from the JSON the controller sent, with a default when absent or null.
# An array argument comes back unrolled, as PowerShell returns arrays: `[]` as nothing, `['a']` as 'a'. So read
# arrays as @(Get-ModuleArg NAME) (always an array, never nested), and tell an explicit `[]` from an absent argument
# with Test-ModuleArg: reading `services: []` as absent made it mean "all services" (issue 13, M1).
function Get-ModuleArg {
    param([string]$Name, $Default = $null)
    if ($null -eq $ModuleArgs) { return $Default }
    $prop = $ModuleArgs.PSObject.Properties[$Name]
    if ($null -eq $prop -or $null -eq $prop.Value) { return $Default }
    # ps51-lint-disable-next-line unrolled-array-return -- callers wrap arrays in @() and use Test-ModuleArg for [] (see above)
    return $prop.Value
}

# True when the controller sent the argument with a value (an empty array counts): tells `services: []` from absent.
function Test-ModuleArg {
    param([string]$Name)
    if ($null -eq $ModuleArgs) { return $false }
    $prop = $ModuleArgs.PSObject.Properties[$Name]
    return ($null -ne $prop -and $null -ne $prop.Value)
}
