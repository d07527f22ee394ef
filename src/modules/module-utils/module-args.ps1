# Shared by every agent module (prepended once to a module's script by src/modules/script.ts, so the source
# exists once): read an argument from the JSON the controller sent, with a default when absent or null.
function Get-ModuleArg {
    param([string]$Name, $Default = $null)
    if ($null -eq $ModuleArgs) { return $Default }
    $prop = $ModuleArgs.PSObject.Properties[$Name]
    if ($null -eq $prop -or $null -eq $prop.Value) { return $Default }
    return $prop.Value
}

