# win_environment: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade's environment verbs (src/hostapi/contract/environment.ts): machine
# and user values are compared unexpanded and written keeping an existing REG_EXPAND_SZ, and the change is broadcast
# (WM_SETTINGCHANGE) as the Ansible module does. Check mode changes nothing.
Set-StrictMode -Version 2.0

$level = [string](Get-ModuleArg 'level')
$state = Get-ModuleArg 'state'
$target = @{ machine = 'Machine'; user = 'User'; process = 'Process' }[$level]
$vars = [ordered]@{}
if (Test-ModuleArg 'variables') {
    $given = Get-ModuleArg 'variables'
    foreach ($p in $given.PSObject.Properties) { $vars[$p.Name] = $p.Value }
}
else { $vars[[string](Get-ModuleArg 'name')] = Get-ModuleArg 'value' }

$result = @{ changed = $false; values = @{}; before_value = $null; value = $null }
$warnings = New-Object 'System.Collections.Generic.List[string]'
$diff = @{ before = @{ $level = @{} }; after = @{ $level = @{} } }

try {
    foreach ($name in @($vars.Keys)) {
        $value = $vars[$name]
        $want = 'absent'
        if ($null -ne $state) { $want = [string]$state } elseif ($value) { $want = 'present' }
        if ($want -eq 'absent' -and $value) {
            $warnings.Add("When removing environment variable '$name' it should not have a value '$value' set")
            $value = $null
        }
        elseif ($want -eq 'present' -and -not $value) {
            return @{ failed = $true; msg = 'When state=present, value must be defined and not an empty string, if you wish to remove the envvar, set state=absent' }
        }
        $before = Get-WbEnvironmentVariable -Name $name -Target $target
        $changed = $null -ne $before
        if ($want -eq 'present') { $changed = -not ($before -ceq $value) }
        if ($changed -and -not $CheckMode) { $null = Set-WbEnvironmentVariable -Name $name -Value $value -Target $target }
        $result.values[$name] = @{ changed = $changed; before = $before; after = $value }
        if ($before) { $diff.before[$level][$name] = $before }
        if ($value) { $diff.after[$level][$name] = $value }
        $result.changed = $result.changed -or $changed
        $result.before_value = $before
        $result.value = $value
    }
}
catch {
    return @{ failed = $true; msg = [string]$_.Exception.Message }
}
if ($DiffMode) { $result.diff = $diff }
if ($warnings.Count -gt 0) { $result.warnings = $warnings.ToArray() }
return $result
