# qlik_bootstrap: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Runs "<Exe> -bootstrap [-iscentral]" elevated (the agent's WinRM token is the administrator's full token), with
# its console output captured to %TEMP%\winbook-<Exe>-bootstrap.log. wait_for=certificates returns as soon as a
# rim prints "Waiting for certificates to be installed" (the process keeps running, as Qlik-DSC does); a call
# with unlock_password posts it to http://localhost:4570/certificateSetup and waits for that process to exit.
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$serviceName = @{ repository = 'QlikSenseRepositoryService'; proxy = 'QlikSenseProxyService'; scheduler = 'QlikSenseSchedulerService' }[(Get-ModuleArg -Name 'service')]
$timeout = [int](Get-ModuleArg -Name 'timeout' -Default 900)
$waitFor = Get-ModuleArg -Name 'wait_for' -Default 'exit'
$unlock = Get-ModuleArg -Name 'unlock_password'
$bootArgs = @('-bootstrap')
if (Get-ModuleArg -Name 'central' -Default $false) { $bootArgs += '-iscentral' }

# The binary's real path comes from the service's ImagePath, as Qlik-DSC resolves it.
$exe = (Get-CimInstance -ClassName Win32_Service -Filter "Name='$serviceName'").PathName -replace '^"([^"]+)".*$', '$1'
$exeName = [IO.Path]::GetFileName($exe)
$log = Join-Path $env:TEMP "winbook-$exeName-bootstrap.log"
$pidFile = "$log.pid"

function Read-Log { if (Test-Path -LiteralPath $log) { @(Get-Content -LiteralPath $log) } else { @() } }
function Get-Result {
    param($Process, [bool]$Waiting)
    $lines = Read-Log
    $r = @{ changed = $true; pid = $Process.Id; waiting = $Waiting; stdout = ($lines -join "`r`n"); stdout_lines = $lines; cmd = "$exeName $($bootArgs -join ' ')" }
    if ($Process.HasExited) { $r.rc = $Process.ExitCode }
    $r
}

if ($CheckMode) { return @{ changed = $true; msg = 'check mode: the bootstrap would run' } }

if ($null -ne $unlock) {
    $proc = Get-Process -Id ([int](Get-Content -LiteralPath $pidFile)) -ErrorAction SilentlyContinue
    if ($null -eq $proc) { return @{ failed = $true; msg = "no $exeName -bootstrap is waiting for certificates on $env:COMPUTERNAME" } }
    Invoke-WebRequest -UseBasicParsing -Method Post -Uri 'http://localhost:4570/certificateSetup' -Body @{ __pwd = $unlock } | Out-Null
    if (-not $proc.WaitForExit($timeout * 1000)) {
        $r = Get-Result -Process $proc -Waiting $true
        $r.failed = $true; $r.msg = "timed out after $timeout s: $exeName -bootstrap is still waiting for certificates (the unlock password was not accepted)"
        return $r
    }
    return Get-Result -Process $proc -Waiting $false
}

$proc = Start-Process -FilePath $exe -ArgumentList $bootArgs -WorkingDirectory ([IO.Path]::GetDirectoryName($exe)) -NoNewWindow -PassThru -RedirectStandardOutput $log
Set-Content -LiteralPath $pidFile -Value $proc.Id
$deadline = (Get-Date).AddSeconds($timeout)
while (-not $proc.HasExited -and (Get-Date) -lt $deadline) {
    if ($waitFor -eq 'certificates' -and (Read-Log) -match 'Waiting for certificates to be installed') { return Get-Result -Process $proc -Waiting $true }
    Start-Sleep -Milliseconds 500
}
$r = Get-Result -Process $proc -Waiting (-not $proc.HasExited)
if (-not $proc.HasExited) { $r.failed = $true; $r.msg = "timed out after $timeout s: $exeName $($bootArgs -join ' ') is still running" }
elseif ($proc.ExitCode -ne 0) { $r.failed = $true; $r.changed = $false; $r.msg = "$exeName $($bootArgs -join ' ') failed with exit code $($proc.ExitCode)" }
$r
