# qlik_bootstrap: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (services, processes, files, network verbs). Runs
# "<Exe> -bootstrap [-iscentral]" elevated (the agent's WinRM token is the administrator's full token), its console
# output captured by the façade. wait_for=certificates returns as soon as a rim prints "Waiting for certificates to
# be installed" (the process keeps running, as Qlik-DSC does; its id is kept in %TEMP%); a call with
# unlock_password posts it to http://localhost:4570/certificateSetup and waits for that process to exit.
# The output comes back from the façade as plain strings (issue 13, B1: no Get-Content lines decorated with
# PSPath), and the exit code is read after the process exited (B2: no Start-Process -PassThru .ExitCode).
Set-StrictMode -Version 2.0

$exeOf = @{ repository = 'QlikSenseRepositoryService'; proxy = 'QlikSenseProxyService'; scheduler = 'QlikSenseSchedulerService' }
$serviceName = $exeOf[[string](Get-ModuleArg -Name 'service')]
$timeout = [int](Get-ModuleArg -Name 'timeout')
$waitFor = [string](Get-ModuleArg -Name 'wait_for')
$bootArgs = @('-bootstrap')
if ([bool](Get-ModuleArg -Name 'central' -Default $false)) { $bootArgs += '-iscentral' }
$waitingLine = 'Waiting for certificates to be installed'

# The binary's real path comes from the service's ImagePath, as Qlik-DSC resolves it.
$svc = Get-WbService -Name $serviceName
if ($null -eq $svc) { return @{ failed = $true; changed = $false; msg = "The $serviceName service is not installed on this host." } }
$imagePath = ([string]$svc.Path).Trim()
if ($imagePath.StartsWith('"')) { $exe = $imagePath -replace '^"([^"]+)".*$', '$1' }
else { $exe = $imagePath -replace '^(\S+)\s.*$', '$1' }
$exeName = $exe.Substring($exe.LastIndexOf('\') + 1)
$cmd = "$exeName $($bootArgs -join ' ')"
$pidFile = Resolve-WbPath -Path "%TEMP%\winbook-$exeName-bootstrap.pid"

function Split-OutputLines {
    param([string]$Text)
    if ($Text -eq '') { return ,@() }
    ,@(($Text -replace '\r?\n$', '') -split '\r?\n')
}

# The module's result from the façade's process report (plain strings and numbers only).
function Get-Result {
    param($Process, [bool]$Waiting)
    $out = [string]$Process.Output
    $r = @{ changed = $true; pid = [int]$Process.Id; waiting = $Waiting; stdout = $out; stdout_lines = (Split-OutputLines -Text $out); cmd = $cmd }
    if ($Process.HasExited) { $r.rc = [int]$Process.ExitCode }
    $r
}

if ($CheckMode) { return @{ changed = $true; msg = 'check mode: the bootstrap would run' } }

if (Test-ModuleArg -Name 'unlock_password') {
    $computer = [string](Get-WbHostInfo).Hostname
    $noneWaiting = @{ failed = $true; changed = $false; msg = "no $exeName -bootstrap is waiting for certificates on $computer" }
    $waitingPid = 0
    try { $waitingPid = [int][Text.Encoding]::ASCII.GetString([Convert]::FromBase64String((Read-WbFile -Path $pidFile))) }
    catch [System.ComponentModel.Win32Exception] { return $noneWaiting }
    try { $proc = Wait-WbProcess -Id $waitingPid -TimeoutSeconds 0 }
    catch [System.ComponentModel.Win32Exception] { return $noneWaiting }
    if ($proc.HasExited) { return $noneWaiting }
    # The password goes in a form body to the bootstrap's own listener, never on a command line.
    $body = '__pwd=' + [Uri]::EscapeDataString([string](Get-ModuleArg -Name 'unlock_password'))
    $answer = Invoke-WbHttpRequest -Url 'http://localhost:4570/certificateSetup' -Method 'POST' -Body $body -Headers @{ 'Content-Type' = 'application/x-www-form-urlencoded' }
    $proc = Wait-WbProcess -Id $waitingPid -TimeoutSeconds $timeout
    if (-not $proc.HasExited) {
        $r = Get-Result -Process $proc -Waiting $true
        $r.failed = $true
        $r.msg = "timed out after $timeout s: $exeName -bootstrap is still waiting for certificates (the unlock password was not accepted: HTTP $($answer.StatusCode) $($answer.Content))"
        return $r
    }
    $r = Get-Result -Process $proc -Waiting $false
    if ([int]$proc.ExitCode -ne 0) { $r.failed = $true; $r.changed = $false; $r.msg = "$exeName -bootstrap failed with exit code $($proc.ExitCode)" }
    return $r
}

$start = @{ FilePath = $exe; ArgumentList = $bootArgs; WorkingDirectory = $exe.Substring(0, $exe.LastIndexOf('\')); TimeoutSeconds = $timeout }
if ($waitFor -eq 'certificates') { $start.WaitPattern = [regex]::Escape($waitingLine) }
$proc = Start-WbProcess @start
[void](Write-WbFile -Path $pidFile -Data ([Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes([string]$proc.Id))))
if ($proc.Matched) { return Get-Result -Process $proc -Waiting $true }
$r = Get-Result -Process $proc -Waiting (-not $proc.HasExited)
if (-not $proc.HasExited) {
    $r.failed = $true
    $r.msg = "timed out after $timeout s: $cmd is still running"
    if ([string]$proc.Output -match [regex]::Escape($waitingLine)) { $r.msg += " (it printed `"$waitingLine`": register the node on the central node, then unlock)" }
}
elseif ([int]$proc.ExitCode -ne 0) {
    $r.failed = $true
    $r.changed = $false
    $lines = Split-OutputLines -Text ([string]$proc.Output)
    $r.msg = "$cmd failed with exit code $($proc.ExitCode): $($lines -join ' ')"
}
$r
