# win_updates: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode). Windows PowerShell 5.1,
# through the host façade. As ansible.windows 1.14's win_updates.ps1 (Install-WindowsUpdate) and its action plugin
# together: search 'IsInstalled = 0' (Find-WbWindowsUpdate), filter in 1.14's order of reasons (accept_list,
# reject_list, hidden, category_names, skip_optional), then, for state downloaded or installed, download what is not
# downloaded yet and install, each step in a process a scheduled task starts under a batch logon
# (Invoke-WbAsBatchLogon), because the Windows Update Agent refuses both to the agent's network logon. The result is
# shaped as the action plugin shapes it: updates and filtered_updates by id, KB numbers without 'KB', per update
# downloaded/installed set only by this run's results, failure_hresult_code and failure_msg for a failed one.
# reboot: true is the controller's loop around this script (reboot-loop.ts).
# uses: ../module-utils/module-fail.ps1
# uses: wua-errors.ps1
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
$state = [string](Get-ModuleArg -Name 'state' -Default 'installed')
$serverSelection = [string](Get-ModuleArg -Name 'server_selection' -Default 'default')
$skipOptional = [bool](Get-ModuleArg -Name 'skip_optional' -Default $false)
$logPath = Get-ModuleArg -Name 'log_path'

$log = New-Object System.Collections.Generic.List[string]
function Add-UpdateLog {
    param([string]$Message)
    $log.Add(('{0} {1}' -f [DateTime]::Now.ToString('u'), $Message))
}

# The progress log, appended as the module's API appends it (never in check mode), before any exit.
function Save-UpdateLog {
    if (-not $logPath -or $CheckMode) { return }
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

# A regex list matches when any entry matches; an empty list matches everything (win_updates.ps1 Test-InList).
function Test-UpdateMatch {
    param([string[]]$InputObject, [string[]]$Match)
    if ($Match.Count -eq 0) { return $true }
    foreach ($entry in $InputObject) {
        foreach ($m in $Match) { if ($entry -imatch $m) { return $true } }
    }
    return $false
}

# OperationResultCode as 1.14's log names it (its enum keeps WUA's 'Suceeded' spelling).
function Get-ResultCodeName {
    param([int]$Code)
    $names = @('NotStarted', 'InProgress', 'Succeeded', 'SuceededWithErrors', 'Failed', 'Aborted')
    if ($Code -ge 0 -and $Code -lt $names.Count) { return $names[$Code] }
    [string]$Code
}

$selectionValue = 0
if ($serverSelection -eq 'managed_server') { $selectionValue = 1 }
elseif ($serverSelection -eq 'windows_update') { $selectionValue = 2 }
$search = Find-WbWindowsUpdate -ServerSelection $selectionValue
$rebootRequired = [bool]$search.RebootRequired
Add-UpdateLog "Reboot requirement check: $rebootRequired"
Add-UpdateLog "Search source set to '$serverSelection' (ServerSelection = $selectionValue)"
Add-UpdateLog "Searching for updates to install with query 'IsInstalled = 0'"
$found = @($search.Updates | Where-Object { $null -ne $_ })
Add-UpdateLog "Found $($found.Count) updates"

$updates = @{}
$filtered = @{}
# The selected updates in the search's order: the order 1.14 hands them to the downloader and installer.
$selected = New-Object System.Collections.Generic.List[object]
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
        $selected.Add($u)
    }
}

# The action plugin's result: counts over the selected updates (a failed one counts as failed, not installed).
function Get-UpdatesResult {
    param([bool]$Changed)
    $failedCount = @($updates.Values | Where-Object { $_.ContainsKey('failure_hresult_code') }).Count
    $installedCount = @($updates.Values | Where-Object { -not $_.ContainsKey('failure_hresult_code') -and $_.installed }).Count
    @{
        changed = $Changed
        reboot_required = $rebootRequired
        rebooted = $false
        found_update_count = $updates.Count
        failed_update_count = $failedCount
        installed_update_count = $installedCount
        updates = $updates
        filtered_updates = $filtered
    }
}

# Ends the run as 1.14's task does when it throws: the log written, the result so far with failed and msg.
function Stop-Updates {
    param([string]$Message, [bool]$Changed)
    Add-UpdateLog "Exception encountered: $Message"
    Save-UpdateLog
    Fail-WbModule -Message $Message -Result (Get-UpdatesResult -Changed $Changed)
}

# Records one download or install step's results per update: the flag on success, the HRESULT and its text if not.
function Add-StepResult {
    param([object[]]$Results, [string]$Step)
    $failed = $false
    foreach ($r in $Results) {
        $id = [string]$r.Id
        $code = [int]$r.ResultCode
        if ($Step -eq 'downloaded') { Add-UpdateLog "Download result for $id - ResultCode: $(Get-ResultCodeName $code), HResult: $($r.HResult)" }
        else { Add-UpdateLog "Install result for $id - ResultCode: $(Get-ResultCodeName $code), HResult: $($r.HResult), RebootRequired: $([bool]$r.RebootRequired)" }
        $info = $updates[$id]
        if ($code -eq 2) { $info[$Step] = $true }
        else {
            $failed = $true
            $info.failure_hresult_code = ConvertTo-WuaUnsigned ([long]$r.HResult)
            $info.failure_msg = Get-WuaErrorText ([long]$r.HResult)
        }
    }
    $failed
}

# One step in the batch-logon process. A WUA error there is a COM exception, reported as 1.14's action plugin reports
# one (the step, the exception's text, then its HRESULT in the table's words); anything else failed to run the step.
function Invoke-UpdateStep {
    param([string]$Verb, [string]$Action, [string[]]$Ids, [bool]$Changed)
    try { Invoke-WbAsBatchLogon -Verb $Verb -Parameters @{ Id = $Ids; ServerSelection = $selectionValue } }
    catch {
        $e = $_.Exception
        if ($e -is [Runtime.InteropServices.COMException] -or $e -is [UnauthorizedAccessException]) {
            Stop-Updates -Message ('{0}: {1} - {2}' -f $Action, $e.Message, (Get-WuaErrorText ([long]$e.HResult))) -Changed $Changed
        }
        Stop-Updates -Message "Failed to invoke batch job: $($e.Message)" -Changed $Changed
    }
}

if ($CheckMode -or $state -eq 'searched' -or $selected.Count -eq 0) {
    if ($CheckMode) { Add-UpdateLog 'Check mode: exiting...' }
    elseif ($state -eq 'searched') { Add-UpdateLog 'Search mode: exiting...' }
    else { Add-UpdateLog 'No updated pending: exiting...' }
    Save-UpdateLog
    return (Get-UpdatesResult -Changed ($selected.Count -gt 0 -and $state -ne 'searched'))
}

if ($rebootRequired) { Stop-Updates -Message 'A reboot is required before more updates can be installed' -Changed $false }

$changed = $false
$toDownload = New-Object System.Collections.Generic.List[string]
foreach ($u in $selected) {
    if ([bool]$u.IsDownloaded) { Add-UpdateLog "Update $($u.Id) already downloaded, skipping..."; continue }
    Add-UpdateLog "Update $($u.Id) not downloaded"
    $toDownload.Add([string]$u.Id)
}
if ($toDownload.Count -gt 0) {
    Add-UpdateLog 'Downloading updates...'
    $run = Invoke-UpdateStep -Verb 'Save-WbWindowsUpdate' -Action 'Downloading updates' -Ids $toDownload.ToArray() -Changed $false
    $changed = $true
    if (Add-StepResult -Results @($run.Result.Results) -Step 'downloaded') {
        Stop-Updates -Message 'Failed to download all updates - see updates for more information' -Changed $changed
    }
}
else { Add-UpdateLog 'All updates selected have been downloaded...' }

if ($state -eq 'downloaded') {
    Add-UpdateLog 'Download mode: exiting...'
    Save-UpdateLog
    return (Get-UpdatesResult -Changed $changed)
}

Add-UpdateLog 'Installing updates...'
$ids = @($selected | ForEach-Object { [string]$_.Id })
$run = Invoke-UpdateStep -Verb 'Install-WbWindowsUpdate' -Action 'Installing updates' -Ids $ids -Changed $changed
$results = @($run.Result.Results)
foreach ($r in $results) { if ([bool]$r.RebootRequired) { $rebootRequired = $true } }
if (Add-StepResult -Results $results -Step 'installed') {
    Stop-Updates -Message 'Failed to install all updates - see updates for more information' -Changed $true
}
$rebootRequired = [bool]$run.Result.RebootRequired
Add-UpdateLog "Post-install reboot requirement $rebootRequired"
Save-UpdateLog
Get-UpdatesResult -Changed $true
