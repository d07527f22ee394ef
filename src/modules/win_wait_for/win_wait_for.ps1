# win_wait_for: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (network: Test-WbTcpPort, Get-WbTcpConnection,
# Resolve-WbHostAddress; files: Get-WbItem, Read-WbFile). Polls a TCP port or a file (with an optional regex)
# every `sleep` seconds until the wanted state or `timeout`; read-only, so check mode runs it too.
# Defaults (host, state, timeout, delay, sleep, connect_timeout) come from the module's schema.
Set-StrictMode -Version 2.0

$hostName = [string](Get-ModuleArg 'host')
$port = Get-ModuleArg 'port'
$path = Get-ModuleArg 'path'
$regex = Get-ModuleArg 'regex'
if ($null -eq $regex) { $regex = Get-ModuleArg 'search_regex' }
$state = [string](Get-ModuleArg 'state')
$hasExclude = Test-ModuleArg 'exclude_hosts'
$excludeHosts = @(Get-ModuleArg 'exclude_hosts')
$timeout = [int](Get-ModuleArg 'timeout')
$delay = [int](Get-ModuleArg 'delay' 0)
$sleep = [int](Get-ModuleArg 'sleep')
$connectTimeout = [int](Get-ModuleArg 'connect_timeout')
$result = @{ changed = $false; elapsed = 0 }

function Fail {
    param([string]$Message)
    $result.failed = $true
    $result.msg = $Message
    return $result
}

if ($null -ne $port -and $null -ne $path) { return Fail 'port and path parameter can not both be passed to win_wait_for' }
if ($hasExclude -and $state -ne 'drained') { return Fail 'exclude_hosts should only be with state=drained' }
if ($null -ne $path -and @('stopped', 'drained') -contains $state) { return Fail "state=$state should only be used for checking a port in the win_wait_for module" }
if ($null -ne $port -and $null -ne $regex) { return Fail 'regex should by used when checking a string in a file in the win_wait_for module' }

function Test-Port {
    Test-WbTcpPort -HostName $hostName -Port ([int]$port) -TimeoutMs ($connectTimeout * 1000)
}

function Test-Drained {
    $remote = @(Get-WbTcpConnection -LocalPort ([int]$port) | ForEach-Object { [string]$_.RemoteAddress })
    foreach ($h in @($excludeHosts | Where-Object { $_ })) {
        $ips = @()
        try { $ips = @(Resolve-WbHostAddress -Name ([string]$h)) } catch { $ips = @() }
        $remote = @($remote | Where-Object { $ips -notcontains $_ })
    }
    return $remote.Count -eq 0
}

function Test-File {
    $item = Get-WbItem -Path ([string]$path)
    if ($null -eq $item) { return $false }
    if ($null -eq $regex) { return $true }
    if ([string]$item.Type -ne 'file') { return $false }
    $text = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String((Read-WbFile -Path ([string]$path) -MaxBytes 67108864)))
    return $text -match $regex
}

function Test-Condition {
    if ($null -ne $path) { if ($state -eq 'absent') { return -not (Test-File) } return Test-File }
    if ($state -eq 'drained') { return Test-Drained }
    if (@('stopped', 'absent') -contains $state) { return -not (Test-Port) }
    return Test-Port
}

$message = "timeout while waiting for $($hostName):$port to start listening"
if ($null -ne $path) {
    if ($null -eq $regex) {
        $what = 'present'
        if ($state -eq 'absent') { $what = 'absent' }
        $message = "timeout while waiting for file $path to be $what"
    }
    elseif ($state -eq 'absent') { $message = "timeout while waiting for string regex $regex in file $path to not match" }
    else { $message = "timeout while waiting for string regex $regex in file $path to match" }
}
elseif ($state -eq 'drained') { $message = "timeout while waiting for $($hostName):$port to drain" }
elseif (@('stopped', 'absent') -contains $state) { $message = "timeout while waiting for $($hostName):$port to stop listening" }

$started = Get-Date
if ($delay -gt 0) { Start-Sleep -Seconds $delay }
$attempts = 0
try {
    if ($null -eq $path -and $null -eq $port) {
        Start-Sleep -Seconds $timeout
    }
    else {
        $waitStart = Get-Date
        $done = $false
        while (((Get-Date) - $waitStart).TotalSeconds -lt $timeout) {
            $attempts += 1
            if (Test-Condition) { $done = $true; break }
            Start-Sleep -Seconds $sleep
        }
        if (-not $done) {
            $result.elapsed = ((Get-Date) - $started).TotalSeconds
            $result.wait_attempts = $attempts
            return Fail $message
        }
    }
}
catch {
    $result.elapsed = ((Get-Date) - $started).TotalSeconds
    $result.wait_attempts = $attempts
    return Fail ([string]$_.Exception.Message)
}
$result.elapsed = ((Get-Date) - $started).TotalSeconds
$result.wait_attempts = $attempts
return $result
