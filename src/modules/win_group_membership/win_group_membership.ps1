# win_group_membership: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade only. Members are compared by SID (Get-WbLocalGroupMember lists
# them by SID and never fails on an orphaned SID, where Get-LocalGroupMember throws: issue 13); an orphan is reported
# by its SID and `pure` removes it. The group may be named by its SID (S-1-5-32-558). added/removed are reported by
# name, also in check mode.
Set-StrictMode -Version 2.0

$name = [string](Get-ModuleArg -Name 'name')
$state = [string](Get-ModuleArg -Name 'state' -Default 'present')
$members = @()
if (Test-ModuleArg -Name 'members') { $members = @(Get-ModuleArg -Name 'members') }
$result = @{ changed = $false; name = $name; added = @(); removed = @() }

$group = Get-WbLocalGroup -Name $name
if ($null -eq $group) {
    $result.failed = $true
    $result.msg = "Could not find local group $name"
    return $result
}

# SID -> the name reported for it (the SID itself for an orphan).
$names = @{}
$wanted = New-Object System.Collections.Generic.List[string]
foreach ($m in $members) {
    try { $account = Resolve-WbAccount -Name ([string]$m) }
    catch {
        $result.failed = $true
        $result.msg = "Failed to translate the account '$m' to a SID: $($_.Exception.Message)"
        return $result
    }
    $names[[string]$account.Sid] = $(if ($null -ne $account.Name) { [string]$account.Name } else { [string]$account.Sid })
    if (-not $wanted.Contains([string]$account.Sid)) { $wanted.Add([string]$account.Sid) }
}

$current = New-Object System.Collections.Generic.List[string]
foreach ($c in @(Get-WbLocalGroupMember -Name $group.Name)) {
    $current.Add([string]$c.Sid)
    $names[[string]$c.Sid] = $(if ($null -ne $c.Name) { [string]$c.Name } else { [string]$c.Sid })
}
$before = @($current | ForEach-Object { $names[$_] })

$toAdd = @()
$toRemove = @()
if ($state -ne 'absent') { $toAdd = @($wanted | Where-Object { -not $current.Contains($_) }) }
if ($state -eq 'absent') { $toRemove = @($wanted | Where-Object { $current.Contains($_) }) }
if ($state -eq 'pure') { $toRemove = @($current | Where-Object { -not $wanted.Contains($_) }) }

try {
    foreach ($sid in $toAdd) {
        if (-not $CheckMode) { $null = Add-WbLocalGroupMember -Name $group.Name -Sid $sid }
        $result.added += $names[$sid]
        $result.changed = $true
    }
    foreach ($sid in $toRemove) {
        if (-not $CheckMode) { $null = Remove-WbLocalGroupMember -Name $group.Name -Sid $sid }
        $result.removed += $names[$sid]
        $result.changed = $true
    }
}
catch {
    $result.failed = $true
    $result.msg = "Failed to change the members of group $($name): $($_.Exception.Message)"
}

$after = @(@($before | Where-Object { $result.removed -notcontains $_ }) + @($result.added))
$result.members = $after
if ($DiffMode) { $result.diff = @{ before = @{ name = $name; members = $before }; after = @{ name = $name; members = $after } } }
$result
