# win_user_right: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade only (Resolve-WbAccount, Get-WbRightHolder, Grant-WbRight,
# Revoke-WbRight). Compares holders by SID, changes only what differs, reports added/removed by name (an orphaned
# SID by the SID itself, as secpol.msc shows it). `users: []` with action set removes every holder: an empty list
# is a list, never "absent" (issue 13, M1).
Set-StrictMode -Version 2.0

$right = [string](Get-ModuleArg -Name 'name')
$action = [string](Get-ModuleArg -Name 'action' -Default 'set')
$users = @()
if (Test-ModuleArg -Name 'users') { $users = @(Get-ModuleArg -Name 'users') }
$result = @{ changed = $false; added = @(); removed = @() }

# SID -> the name reported for it.
$names = @{}
$wanted = New-Object System.Collections.Generic.List[string]
foreach ($u in $users) {
    try { $account = Resolve-WbAccount -Name ([string]$u) }
    catch {
        $result.failed = $true
        $result.msg = "Failed to translate the account '$u' to a SID: $($_.Exception.Message)"
        return $result
    }
    $names[$account.Sid] = $(if ($null -ne $account.Name) { [string]$account.Name } else { [string]$account.Sid })
    if (-not $wanted.Contains([string]$account.Sid)) { $wanted.Add([string]$account.Sid) }
}

try { $holders = @(Get-WbRightHolder -Right $right) }
catch {
    $result.failed = $true
    $result.msg = "the specified right $right is not a valid right: $($_.Exception.Message)"
    return $result
}

$existing = New-Object System.Collections.Generic.List[string]
foreach ($h in $holders) {
    $existing.Add([string]$h.Sid)
    $names[$h.Sid] = $(if ($null -ne $h.Name) { [string]$h.Name } else { [string]$h.Sid })
}

$toAdd = @()
$toRemove = @()
if ($action -ne 'remove') { $toAdd = @($wanted | Where-Object { -not $existing.Contains($_) }) }
if ($action -eq 'remove') { $toRemove = @($wanted | Where-Object { $existing.Contains($_) }) }
if ($action -eq 'set') { $toRemove = @($existing | Where-Object { -not $wanted.Contains($_) }) }

$beforeNames = @($existing | ForEach-Object { $names[$_] })
$afterNames = New-Object System.Collections.Generic.List[string]
foreach ($n in $beforeNames) { $afterNames.Add($n) }

foreach ($sid in $toAdd) {
    if (-not $CheckMode) {
        try { $null = Grant-WbRight -Right $right -Sid $sid }
        catch {
            $result.failed = $true
            $result.msg = "Failed to add account $($names[$sid]) to right $($right): $($_.Exception.Message)"
            return $result
        }
    }
    $result.added += $names[$sid]
    $afterNames.Add($names[$sid])
    $result.changed = $true
}

foreach ($sid in $toRemove) {
    if (-not $CheckMode) {
        try { $null = Revoke-WbRight -Right $right -Sid $sid }
        catch {
            $result.failed = $true
            $result.msg = "Failed to remove account $($names[$sid]) from right $($right): $($_.Exception.Message)"
            return $result
        }
    }
    $result.removed += $names[$sid]
    $null = $afterNames.Remove($names[$sid])
    $result.changed = $true
}

if ($DiffMode) {
    $result.diff = @{ before = @{ $right = $beforeNames }; after = @{ $right = @($afterNames) } }
}
$result
