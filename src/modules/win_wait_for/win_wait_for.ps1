# win_wait_for: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Polls a TCP port (TcpClient with connect_timeout) or a file (with an optional regex)
# every `sleep` seconds until the wanted state or `timeout`; read-only, so check mode runs it too.
Set-StrictMode -Version 2.0

$hostName = [string](Get-ModuleArg 'host' '127.0.0.1')
$port = Get-ModuleArg 'port'
$path = Get-ModuleArg 'path'
$regex = Get-ModuleArg 'regex'
$state = [string](Get-ModuleArg 'state' 'started')
$excludeHosts = Get-ModuleArg 'exclude_hosts'
$timeout = [int](Get-ModuleArg 'timeout' 300)
$delay = [int](Get-ModuleArg 'delay' 0)
$sleep = [int](Get-ModuleArg 'sleep' 1)
$connectTimeout = [int](Get-ModuleArg 'connect_timeout' 5)
$result = @{ changed = $false; elapsed = 0 }

function Fail {
    param([string]$Message)
    $result.failed = $true
    $result.msg = $Message
    return $result
}

if ($null -ne $port -and $null -ne $path) { return Fail 'port and path parameter can not both be passed to win_wait_for' }
if ($null -ne $excludeHosts -and $state -ne 'drained') { return Fail 'exclude_hosts should only be with state=drained' }
if ($null -ne $path -and $state -in @('stopped', 'drained')) { return Fail "state=$state should only be used for checking a port in the win_wait_for module" }
if ($null -ne $port -and $null -ne $regex) { return Fail 'regex should by used when checking a string in a file in the win_wait_for module' }

function Test-Port {
    $client = New-Object -TypeName System.Net.Sockets.TcpClient
    try {
        $connect = $client.BeginConnect($hostName, [int]$port, $null, $null)
        if (-not $connect.AsyncWaitHandle.WaitOne($connectTimeout * 1000, $false)) { return $false }
        try { $client.EndConnect($connect); return $true } catch { return $false }
    }
    finally { $client.Close() }
}

function Test-Drained {
    $props = [Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
    $remote = @($props.GetActiveTcpConnections() | Where-Object { $_.LocalEndPoint.Port -eq [int]$port } | ForEach-Object { $_.RemoteEndPoint.Address.ToString() })
    foreach ($h in @($excludeHosts | Where-Object { $_ })) {
        try { $ips = @([Net.Dns]::GetHostAddresses($h) | ForEach-Object { $_.IPAddressToString }) } catch { $ips = @() }
        $remote = @($remote | Where-Object { $ips -notcontains $_ })
    }
    return $remote.Count -eq 0
}

function Test-File {
    if (-not (Test-Path -LiteralPath $path)) { return $false }
    if ($null -eq $regex) { return $true }
    return (Get-Content -LiteralPath $path -Raw) -match $regex
}

function Test-Condition {
    if ($null -ne $path) { if ($state -eq 'absent') { return -not (Test-File) } return Test-File }
    if ($state -eq 'drained') { return Test-Drained }
    if ($state -in @('stopped', 'absent')) { return -not (Test-Port) }
    return Test-Port
}

$message = if ($null -ne $path) {
    if ($null -eq $regex) { "timeout while waiting for file $path to be $(if ($state -eq 'absent') { 'absent' } else { 'present' })" }
    elseif ($state -eq 'absent') { "timeout while waiting for string regex $regex in file $path to not match" }
    else { "timeout while waiting for string regex $regex in file $path to match" }
}
elseif ($state -eq 'drained') { "timeout while waiting for $($hostName):$port to drain" }
elseif ($state -in @('stopped', 'absent')) { "timeout while waiting for $($hostName):$port to stop listening" }
else { "timeout while waiting for $($hostName):$port to start listening" }

$started = Get-Date
if ($delay -gt 0) { Start-Sleep -Seconds $delay }
$attempts = 0
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
$result.elapsed = ((Get-Date) - $started).TotalSeconds
$result.wait_attempts = $attempts
return $result
