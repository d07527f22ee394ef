# winbook async job runner (docs/agent.md, "Async tasks"). Runs another module's script in a runspace of its own,
# in the agent's process, so a `poll: 0` job keeps running while the agent serves the next requests. Jobs live in
# $global:WinbookJobs (the agent's session state outlives each request) keyed by jid until mode 'cleanup'.
# Modes: wait (poll > 0: run, wait at most `limit` seconds), start (poll: 0: return at once), status, cleanup.
$a = $ModuleArgs
if ($null -eq $global:WinbookJobs) { $global:WinbookJobs = @{} }
$jid = [string]$a.jid

function ConvertTo-Result($o) {
    if ($o -is [System.Collections.IDictionary]) { return $o }
    $h = @{}
    if ($null -ne $o) { foreach ($p in $o.PSObject.Properties) { $h[$p.Name] = $p.Value } }
    return $h
}

# The module's result once its runspace is done, with the async fields Ansible adds.
function Complete-WinbookJob($job) {
    try {
        $o = @($job.ps.EndInvoke($job.handle))
        if ($o.Count -eq 0) { $r = @{ failed = $true; msg = 'the module returned no result' } }
        else { $r = ConvertTo-Result $o[-1] }
    }
    catch {
        $e = $_.Exception
        # EndInvoke's own wrapper (Exception calling "EndInvoke"...) around the module's error.
        while ($e -is [System.Management.Automation.MethodInvocationException] -and $null -ne $e.InnerException) { $e = $e.InnerException }
        $r = @{ failed = $true; msg = $e.Message; exception = $_.ScriptStackTrace }
    }
    finally { $job.ps.Dispose(); $job.rs.Dispose() }
    $r['ansible_job_id'] = $jid; $r['started'] = 1; $r['finished'] = 1
    return $r
}

function Stop-WinbookJob($job) {
    try { $job.ps.Stop() } catch { }
    $job.ps.Dispose()
    $job.rs.Dispose()
}

if ($a.mode -eq 'start' -or $a.mode -eq 'wait') {
    $text = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([string]$a.script))
    # The job's runspace gets the agent's own session state (on a real host the default one; wherever the agent runs
    # restricted, the same restrictions) and the host façade the bootstrap loaded, dot-sourced before the module.
    $rs = [runspacefactory]::CreateRunspace([runspace]::DefaultRunspace.InitialSessionState)
    $rs.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $rs
    # A new runspace starts with PowerShell's defaults; give the module the preferences the bootstrap sets.
    $prelude = "param(`$ModuleArgs, `$CheckMode, `$DiffMode, `$WinbookFacadeText)`n`$ErrorActionPreference = 'Stop'`n`$ProgressPreference = 'SilentlyContinue'`nif (`$WinbookFacadeText) { . ([scriptblock]::Create(`$WinbookFacadeText)) }`n"
    [void]$ps.AddScript($prelude + $text).AddArgument($a.args).AddArgument([bool]$CheckMode).AddArgument([bool]$DiffMode).AddArgument([string]$global:WinbookFacade)
    $job = @{ ps = $ps; rs = $rs; handle = $ps.BeginInvoke(); limit = [int]$a.limit; start = [DateTime]::UtcNow }
    if ($a.mode -eq 'start') {
        $global:WinbookJobs[$jid] = $job
        return @{ changed = $true; ansible_job_id = $jid; started = 1; finished = 0 }
    }
    if (-not $job.handle.AsyncWaitHandle.WaitOne([int]$a.limit * 1000)) {
        Stop-WinbookJob $job
        return @{ failed = $true; changed = $false; msg = "async task did not complete within the requested time - $($a.limit)s"; async_result = @{ ansible_job_id = $jid; started = 1; finished = 0 } }
    }
    return Complete-WinbookJob $job
}

$job = $global:WinbookJobs[$jid]
if ($null -eq $job) { return @{ failed = $true; changed = $false; msg = 'could not find job'; ansible_job_id = $jid; started = 1; finished = 1 } }
if ($a.mode -eq 'cleanup') {
    if (-not $job.handle.IsCompleted) { Stop-WinbookJob $job }
    $global:WinbookJobs.Remove($jid)
    return @{ changed = $false; ansible_job_id = $jid; erased = $jid }
}
if ($job.result) { return $job.result }
if ($job.handle.IsCompleted) { $job.result = Complete-WinbookJob $job; return $job.result }
if (([DateTime]::UtcNow - $job.start).TotalSeconds -gt $job.limit) {
    Stop-WinbookJob $job
    # What Ansible's async watchdog records for a job that outlives its limit.
    $job.result = @{ failed = $true; changed = $false; msg = 'timed out waiting for module completion'; ansible_job_id = $jid; started = 1; finished = 1 }
    return $job.result
}
return @{ changed = $false; ansible_job_id = $jid; started = 1; finished = 0 }
