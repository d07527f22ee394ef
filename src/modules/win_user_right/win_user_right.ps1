# win_user_right: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode), after lsa.ps1.
# Windows PowerShell 5.1. Compares holders by SID, changes only what differs, reports added/removed by name.
Set-StrictMode -Version 2.0

$right = [string]$ModuleArgs.name
$action = 'set'
if ($null -ne $ModuleArgs.PSObject.Properties['action'] -and $null -ne $ModuleArgs.action) { $action = [string]$ModuleArgs.action }
$result = @{ changed = $false; added = @(); removed = @() }

try {
    $userSids = [string[]]@($ModuleArgs.users | ForEach-Object { ConvertTo-AccountSid -Account ([string]$_) } | Select-Object -Unique)
}
catch {
    $result.failed = $true
    $result.msg = $_.Exception.Message
    return $result
}

try {
    $existing = [string[]]@([Winbook.Lsa]::AccountsWithRight($right))
}
catch [System.ComponentModel.Win32Exception] {
    $result.failed = $true
    $result.msg = "the specified right $right is not a valid right: $($_.Exception.Message)"
    return $result
}

$toAdd = @()
$toRemove = @()
if ($action -ne 'remove') { $toAdd = @($userSids | Where-Object { $existing -notcontains $_ }) }
if ($action -eq 'remove') { $toRemove = @($userSids | Where-Object { $existing -contains $_ }) }
if ($action -eq 'set') { $toRemove = @($existing | Where-Object { $userSids -notcontains $_ }) }

$beforeNames = @($existing | ForEach-Object { ConvertFrom-AccountSid -Sid $_ })
$afterNames = New-Object System.Collections.Generic.List[string]
foreach ($n in $beforeNames) { $afterNames.Add($n) }

foreach ($sid in $toAdd) {
    $sidName = ConvertFrom-AccountSid -Sid $sid
    if (-not $CheckMode) {
        try { [Winbook.Lsa]::Add($sid, $right) }
        catch {
            $result.failed = $true
            $result.msg = "Failed to add account $sidName to right $($right): $($_.Exception.InnerException.Message)"
            return $result
        }
    }
    $result.added += $sidName
    $afterNames.Add($sidName)
    $result.changed = $true
}

foreach ($sid in $toRemove) {
    $sidName = ConvertFrom-AccountSid -Sid $sid
    if (-not $CheckMode) {
        try { [Winbook.Lsa]::Remove($sid, $right) }
        catch {
            $result.failed = $true
            $result.msg = "Failed to remove account $sidName from right $($right): $($_.Exception.InnerException.Message)"
            return $result
        }
    }
    $result.removed += $sidName
    $null = $afterNames.Remove($sidName)
    $result.changed = $true
}

if ($DiffMode) {
    $result.diff = @{ before = @{ $right = $beforeNames }; after = @{ $right = @($afterNames) } }
}
$result
