# win_path: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (registry verbs, Send-WbSettingChange). Adds or removes elements of
# a path-like variable (PATH by default) in the machine's or the user's environment key, as
# ansible.windows.win_path does: the value is read unexpanded, split on ';' (a quoted element may hold ';'),
# compared without case and without a trailing '\' or quotes; present appends what is missing and moves elements
# so the given ones keep their relative order; the value is written back as REG_EXPAND_SZ, then broadcast.
Set-StrictMode -Version 2.0

$varName = [string](Get-ModuleArg -Name 'name' -Default 'PATH')
$elements = @(Get-ModuleArg -Name 'elements')
$state = [string](Get-ModuleArg -Name 'state' -Default 'present')
$scope = [string](Get-ModuleArg -Name 'scope' -Default 'machine')
$key = 'HKCU:\Environment'
if ($scope -eq 'machine') { $key = 'HKLM:\System\CurrentControlSet\Control\Session Manager\Environment' }

function Get-ElementIndex {
    param($List, [string]$Value)
    $want = $Value.Trim('"').Trim('\')
    for ($i = 0; $i -lt $List.Count; $i++) {
        if (([string]$List[$i]).Trim('"').Trim('\') -ieq $want) { return $i }
    }
    -1
}

$current = ''
$have = @((Get-WbRegistryKey -Path $key).Values | Where-Object { [string]$_.Name -eq $varName }) | Select-Object -First 1
if ($null -ne $have) { $current = [string]$have.Data }
$result = @{ changed = $false; path_value = $current }

$list = New-Object 'System.Collections.Generic.List[string]'
foreach ($m in ([regex]'((?<q>\s*"[^"]+"\s*)|(?<q>[^;]+))(;$|$|;)').Matches($current)) { $list.Add($m.Groups['q'].Value) }

if ($state -eq 'absent') {
    foreach ($el in $elements) {
        $i = Get-ElementIndex -List $list -Value ([string]$el)
        # Ansible reports the index of the last element it looked for.
        $result.removed_idx = $i
        if ($i -gt -1) { $list.RemoveAt($i); $result.changed = $true }
    }
}
else {
    $last = -1
    foreach ($el in $elements) {
        $i = Get-ElementIndex -List $list -Value ([string]$el)
        if ($i -eq -1) { $list.Add([string]$el); $last = $list.Count - 1; $result.changed = $true }
        elseif ($i -lt $last) { $list.RemoveAt($i); $list.Add([string]$el); $last = $list.Count - 1; $result.changed = $true }
        else { $last = $i }
    }
}

$result.path_value = [string]::Join(';', $list.ToArray())
if ($result.changed -and -not $CheckMode) {
    $null = Set-WbRegistryValue -Path $key -Name $varName -Kind 'ExpandString' -String $result.path_value
    Send-WbSettingChange
}
$result
