# Façade, Windows side (src/hostapi/contract/updates.ts). Windows PowerShell 5.1, the Windows Update Agent's COM API
# (MS-UAMG). IUpdateSearcher.Search is allowed from a network logon (WinRM), while download and install return
# E_ACCESSDENIED there: Invoke-WbAsBatchLogon runs them in a process a scheduled task starts.

function Find-WbWindowsUpdate {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][int]$ServerSelection)
    $rebootRequired = [bool](New-Object -ComObject Microsoft.Update.SystemInfo).RebootRequired
    $session = New-Object -ComObject Microsoft.Update.Session
    $searcher = $session.CreateUpdateSearcher()
    $searcher.ServerSelection = $ServerSelection
    $result = $searcher.Search('IsInstalled = 0')
    # OperationResultCode: 2 succeeded, 3 succeeded with errors (the updates found are still good); anything else failed.
    if ($result.ResultCode -ne 2 -and $result.ResultCode -ne 3) { throw "Failed to search for updates ($($result.ResultCode))" }
    $updates = @(foreach ($u in $result.Updates) {
            [pscustomobject]@{
                Id = [string]$u.Identity.UpdateID
                Title = [string]$u.Title
                KB = @($u.KBArticleIDs | ForEach-Object { [string]$_ })
                Categories = @($u.Categories | ForEach-Object { [string]$_.Name })
                IsHidden = [bool]$u.IsHidden
                IsDownloaded = [bool]$u.IsDownloaded
                IsInstalled = [bool]$u.IsInstalled
                BrowseOnly = [bool]$u.BrowseOnly
            }
        })
    [pscustomobject]@{ RebootRequired = $rebootRequired; Updates = $updates }
}

# The exception COM interop raised under PowerShell's MethodInvocationException: UnauthorizedAccessException for
# E_ACCESSDENIED (WUA's answer to a network logon), COMException for the other HRESULTs; a Win32Exception as is.
function ConvertTo-WbComException {
    param([Parameter(Mandatory = $true)]$ErrorRecord)
    $e = $ErrorRecord
    if ($e -is [Management.Automation.ErrorRecord]) { $e = $e.Exception }
    while ($null -ne $e) {
        if ($e -is [Runtime.InteropServices.ExternalException] -or $e -is [UnauthorizedAccessException]) { return $e }
        $e = $e.InnerException
    }
    $ErrorRecord
}

# One WUA job over the updates with these ids, found again in this process's own search (an IUpdate cannot cross
# processes): EULAs accepted, then IUpdateDownloader.Download or IUpdateInstaller.Install (synchronous: this runs in
# the batch-logon process, where waiting is all there is to do).
function Invoke-WbUpdateJob {
    param([string[]]$Id, [int]$ServerSelection, [string]$Step)
    try {
        $session = New-Object -ComObject Microsoft.Update.Session
        $searcher = $session.CreateUpdateSearcher()
        $searcher.ServerSelection = $ServerSelection
        $found = $searcher.Search('IsInstalled = 0')
        $coll = New-Object -ComObject Microsoft.Update.UpdateColl
        foreach ($wanted in $Id) {
            $match = $null
            foreach ($u in $found.Updates) { if ([string]$u.Identity.UpdateID -eq $wanted) { $match = $u; break } }
            if ($null -eq $match) { throw (New-Object ComponentModel.Win32Exception 1168) }
            if (-not $match.EulaAccepted) { $match.AcceptEula() }
            [void]$coll.Add($match)
        }
        if ($Step -eq 'download') {
            $job = $session.CreateUpdateDownloader()
            $job.Updates = $coll
            $result = $job.Download()
        }
        else {
            $job = $session.CreateUpdateInstaller()
            $job.AllowSourcePrompts = $false
            $job.ClientApplicationID = 'ansible.windows.win_updates'
            $job.Updates = $coll
            $result = $job.Install()
        }
    }
    catch { throw (ConvertTo-WbComException $_) }
    $results = @(for ($i = 0; $i -lt $coll.Count; $i++) {
            $r = $result.GetUpdateResult($i)
            $restart = $false
            if ($Step -ne 'download') { $restart = [bool]$r.RebootRequired }
            [pscustomobject]@{ Id = [string]$coll.Item($i).Identity.UpdateID; ResultCode = [int]$r.ResultCode; HResult = [int]$r.HResult; RebootRequired = $restart }
        })
    [pscustomobject]@{ Results = $results; RebootRequired = [bool](New-Object -ComObject Microsoft.Update.SystemInfo).RebootRequired }
}

function Save-WbWindowsUpdate {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string[]]$Id, [Parameter(Mandatory = $true)][int]$ServerSelection)
    Invoke-WbUpdateJob -Id $Id -ServerSelection $ServerSelection -Step 'download'
}

function Install-WbWindowsUpdate {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string[]]$Id, [Parameter(Mandatory = $true)][int]$ServerSelection)
    Invoke-WbUpdateJob -Id $Id -ServerSelection $ServerSelection -Step 'install'
}

# Who the batch-logon task tries to run as, in 1.14's order: the connecting user, then SYSTEM (S-1-5-18).
function Get-WbBatchPrincipal {
    $current = [Security.Principal.WindowsIdentity]::GetCurrent()
    [pscustomobject]@{ Sid = $current.User.Value; Name = $current.Name }
    [pscustomobject]@{ Sid = 'S-1-5-18'; Name = 'NT AUTHORITY\SYSTEM' }
}

# Most of the Windows Update Agent's API refuses a network logon's token, which is what a WinRM or SSH process has.
# As ansible.windows' win_updates (Start-EphemeralTask) does, a scheduled task gives a process a batch (S4U) logon:
# as the connecting user, or as SYSTEM when the user may not log on as a batch job. Its script is written to a folder
# under %SystemRoot%\Temp (both accounts can use it) with the verb's definition and its parameters, and the result
# comes back as a JSON file the process renames into place when done.
function Invoke-WbAsBatchLogon {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Verb, [Parameter(Mandatory = $true)][object]$Parameters)
    if ($Verb -notin @('Save-WbWindowsUpdate', 'Install-WbWindowsUpdate')) { throw (New-Object ComponentModel.Win32Exception 87) }
    $dir = Join-Path $env:SystemRoot ('Temp\winbook-' + [Guid]::NewGuid().Guid)
    [void](New-Item -ItemType Directory -Path $dir)
    try {
        $defs = foreach ($n in @($Verb, 'Invoke-WbUpdateJob', 'ConvertTo-WbComException')) { "function $n {`r`n$((Get-Command -Name $n -CommandType Function).Definition)`r`n}" }
        $script = @"
`$ErrorActionPreference = 'Stop'
$($defs -join "`r`n")
`$dir = '$($dir -replace "'", "''")'
try {
    `$p = @{}
    foreach (`$x in (Get-Content -LiteralPath (Join-Path `$dir 'args.json') -Raw | ConvertFrom-Json).PSObject.Properties) { `$p[`$x.Name] = `$x.Value }
    `$out = @{ ok = `$true; result = (& '$Verb' @p) }
}
catch {
    `$e = `$_.Exception
    `$code = 0
    if (`$e -is [ComponentModel.Win32Exception]) { `$code = `$e.NativeErrorCode }
    `$out = @{ ok = `$false; type = `$e.GetType().FullName; hresult = `$e.HResult; code = `$code; message = `$e.Message }
}
[IO.File]::WriteAllText((Join-Path `$dir 'result.tmp'), (ConvertTo-Json -InputObject `$out -Depth 6 -Compress))
Move-Item -LiteralPath (Join-Path `$dir 'result.tmp') -Destination (Join-Path `$dir 'result.json')
"@
        [IO.File]::WriteAllText((Join-Path $dir 'run.ps1'), $script, (New-Object Text.UTF8Encoding $true))
        [IO.File]::WriteAllText((Join-Path $dir 'args.json'), (ConvertTo-Json -InputObject $Parameters -Depth 6 -Compress))

        $name = "winbook-$Verb"
        $scheduler = New-Object -ComObject Schedule.Service
        $scheduler.Connect()
        $folder = $scheduler.GetFolder('\')
        $definition = $scheduler.NewTask(0)
        $action = $definition.Actions.Create(0)  # TASK_ACTION_EXEC
        $action.Path = "$env:SystemRoot\System32\WindowsPowerShell\v1.0\powershell.exe"
        $action.Arguments = "-NoProfile -NonInteractive -ExecutionPolicy Bypass -File `"$dir\run.ps1`""
        $definition.Settings.AllowDemandStart = $true
        $definition.Settings.DisallowStartIfOnBatteries = $false
        $definition.Settings.StopIfGoingOnBatteries = $false
        $definition.Settings.ExecutionTimeLimit = 'PT0S'
        $account = $null
        $taskPid = 0
        $why = $null
        foreach ($principal in @(Get-WbBatchPrincipal)) {
            $definition.Principal.UserId = $principal.Sid
            $definition.Principal.LogonType = 2  # TASK_LOGON_S4U
            $definition.Principal.RunLevel = 1  # TASK_RUNLEVEL_HIGHEST
            try {
                $task = $folder.RegisterTaskDefinition($name, $definition, 6, $null, $null, 2)  # TASK_CREATE_OR_UPDATE
                $running = $task.RunEx($null, 2, 0, '')  # TASK_RUN_IGNORE_CONSTRAINTS
                while ($true) {
                    if ($task.LastTaskResult -eq 0x00041325) { Start-Sleep -Milliseconds 200; continue }  # SCHED_S_TASK_QUEUED
                    try { $running.Refresh() } catch { $null = $_ }
                    $taskPid = [int]$running.EnginePID
                    if ($taskPid -ne 0 -or (Test-Path -LiteralPath (Join-Path $dir 'result.json'))) { break }
                    if ($task.State -ne 4) { $why = 'the task did not start (0x{0:X8})' -f $task.LastTaskResult; break }  # TASK_STATE_RUNNING
                    Start-Sleep -Milliseconds 200
                }
            }
            catch { $why = $_.Exception.Message }
            finally { try { $folder.DeleteTask($name, 0) } catch { $null = $_ } }
            if ($taskPid -ne 0 -or (Test-Path -LiteralPath (Join-Path $dir 'result.json'))) {
                $account = $principal.Name
                break
            }
        }
        if ([Runtime.InteropServices.Marshal]::IsComObject($scheduler)) { [void][Runtime.InteropServices.Marshal]::ReleaseComObject($scheduler) }
        if ($null -eq $account) { throw "Failed to start task: $why" }

        # No time limit: an installation takes as long as it takes (win_updates polls without one too).
        $resultPath = Join-Path $dir 'result.json'
        while (-not (Test-Path -LiteralPath $resultPath)) {
            if ($taskPid -ne 0 -and $null -eq (Get-Process -Id $taskPid -ErrorAction SilentlyContinue) -and -not (Test-Path -LiteralPath $resultPath)) {
                throw "The batch logon process $taskPid ended without a result"
            }
            Start-Sleep -Seconds 1
        }
        $out = Get-Content -LiteralPath $resultPath -Raw | ConvertFrom-Json
    }
    finally { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }
    if (-not $out.ok) {
        if ($out.type -eq 'System.UnauthorizedAccessException') { throw (New-Object UnauthorizedAccessException ([string]$out.message)) }
        if ($out.type -eq 'System.ComponentModel.Win32Exception') { throw (New-Object ComponentModel.Win32Exception ([int]$out.code), ([string]$out.message)) }
        if ($out.type -eq 'System.Runtime.InteropServices.COMException') { throw (New-Object Runtime.InteropServices.COMException ([string]$out.message), ([int]$out.hresult)) }
        throw [string]$out.message
    }
    [pscustomobject]@{ Account = $account; Result = $out.result }
}
