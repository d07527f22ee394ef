# win_updates (state: searched): the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (Find-WbWindowsUpdate: the Windows Update Agent's search for
# 'IsInstalled = 0'). Filters as ansible.windows 1.14's win_updates.ps1 does, in its order of reasons: accept_list,
# reject_list, hidden, category_names, skip_optional; and shapes the result as its action plugin does (updates and
# filtered_updates by id, KB numbers without 'KB', filtered_reason the first reason with accept_list/reject_list
# under their old names whitelist/blacklist). The schema lets only state 'searched' and reboot false through.
# uses: ../module-utils/module-fail.ps1
Set-StrictMode -Version 2.0

# 1.14 reads the CamelCase names as the categories' full names.
$categories = @(Get-ModuleArg -Name 'category_names' -Default @('CriticalUpdates', 'SecurityUpdates', 'UpdateRollups') | ForEach-Object {
        switch -exact ([string]$_) {
            CriticalUpdates { 'Critical Updates' }
            DefinitionUpdates { 'Definition Updates' }
            DeveloperKits { 'Developer Kits' }
            FeaturePacks { 'Feature Packs' }
            SecurityUpdates { 'Security Updates' }
            ServicePacks { 'Service Packs' }
            UpdateRollups { 'Update Rollups' }
            default { [string]$_ }
        }
    })
$accept = @()
foreach ($n in @('accept_list', 'whitelist')) { if (Test-ModuleArg -Name $n) { $accept = @(Get-ModuleArg -Name $n | ForEach-Object { [string]$_ }) } }
$reject = @()
foreach ($n in @('reject_list', 'blacklist')) { if (Test-ModuleArg -Name $n) { $reject = @(Get-ModuleArg -Name $n | ForEach-Object { [string]$_ }) } }
$serverSelection = [string](Get-ModuleArg -Name 'server_selection' -Default 'default')
$skipOptional = [bool](Get-ModuleArg -Name 'skip_optional' -Default $false)
$logPath = Get-ModuleArg -Name 'log_path'

$log = New-Object System.Collections.Generic.List[string]
function Add-UpdateLog {
    param([string]$Message)
    $log.Add(('{0} {1}' -f [DateTime]::Now.ToString('u'), $Message))
}

# A regex list matches when any entry matches; an empty list matches everything (win_updates.ps1 Test-InList).
function Test-UpdateMatch {
    param([string[]]$InputObject, [string[]]$Match)
    if ($Match.Count -eq 0) { return $true }
    foreach ($entry in $InputObject) {
        foreach ($m in $Match) { if ($entry -imatch $m) { return $true } }
    }
    return $false
}

$selectionValue = 0
if ($serverSelection -eq 'managed_server') { $selectionValue = 1 }
elseif ($serverSelection -eq 'windows_update') { $selectionValue = 2 }
$search = Find-WbWindowsUpdate -ServerSelection $selectionValue
Add-UpdateLog "Reboot requirement check: $([bool]$search.RebootRequired)"
Add-UpdateLog "Search source set to '$serverSelection' (ServerSelection = $selectionValue)"
Add-UpdateLog "Searching for updates to install with query 'IsInstalled = 0'"
$found = @($search.Updates | Where-Object { $null -ne $_ })
Add-UpdateLog "Found $($found.Count) updates"

$updates = @{}
$filtered = @{}
foreach ($u in $found) {
    $kb = @($u.KB | ForEach-Object { "KB$_" })
    $cats = @($u.Categories | ForEach-Object { [string]$_ })
    $categoryMatch = $categories.Count -eq 0
    foreach ($c in $categories) {
        if ($c -eq '*' -or @($cats | Where-Object { $_ -ieq $c }).Count -gt 0) { $categoryMatch = $true; break }
    }
    # As 1.14 builds it: the title and the KB list added as strings (PowerShell joins the list with spaces).
    $matchList = [string]$u.Title + $kb

    $reasons = @()
    if (-not (Test-UpdateMatch -InputObject @($matchList) -Match $accept)) { $reasons += 'accept_list' }
    if ($reject.Count -gt 0 -and (Test-UpdateMatch -InputObject @($matchList) -Match $reject)) { $reasons += 'reject_list' }
    if ([bool]$u.IsHidden) { $reasons += 'hidden' }
    if (-not $categoryMatch) { $reasons += 'category_names' }
    if ($skipOptional -and [bool]$u.BrowseOnly) { $reasons += 'skip_optional' }

    $info = @{
        title = [string]$u.Title
        kb = @($u.KB | ForEach-Object { [string]$_ })
        categories = $cats
        id = [string]$u.Id
        downloaded = $false
        installed = $false
    }
    if ($reasons.Count -gt 0) {
        Add-UpdateLog "Skipping update $($u.Id) - $($u.Title) due to $($reasons -join ', ')"
        $first = $reasons[0]
        if ($first -eq 'accept_list') { $first = 'whitelist' }
        elseif ($first -eq 'reject_list') { $first = 'blacklist' }
        $info.filtered_reason = $first
        $info.filtered_reasons = $reasons
        $filtered[[string]$u.Id] = $info
    }
    else {
        Add-UpdateLog "Adding update $($u.Id) - $($u.Title)"
        $updates[[string]$u.Id] = $info
    }
}
if ($CheckMode) { Add-UpdateLog 'Check mode: exiting...' } else { Add-UpdateLog 'Search mode: exiting...' }

# The progress log, appended as the module's API appends it (never in check mode).
if ($logPath -and -not $CheckMode) {
    $path = [string]$logPath
    $before = ''
    $item = $null
    try { $item = Get-WbItem -Path $path } catch { $item = $null }
    if ($null -ne $item) { $before = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String((Read-WbFile -Path $path -MaxBytes 16777216))) }
    $text = $before + (($log | ForEach-Object { $_ + "`r`n" }) -join '')
    try { $null = Write-WbFile -Path $path -Data ([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($text))) }
    catch {
        if ($_.Exception.NativeErrorCode -eq 3) { Fail-WbModule -Message "Could not find a part of the path '$path'." -Result @{ changed = $false } }
        throw
    }
}

@{
    changed = $false
    reboot_required = [bool]$search.RebootRequired
    rebooted = $false
    found_update_count = $updates.Count
    failed_update_count = 0
    installed_update_count = 0
    updates = $updates
    filtered_updates = $filtered
}
