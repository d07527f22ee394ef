# win_uri: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1 with System.Net.HttpWebRequest (what Invoke-WebRequest uses), TLS 1.2 enabled, never
# prompting. Read-only: changed is always false; in check mode only GET, HEAD and OPTIONS are sent.
Set-StrictMode -Version 2.0

$url = [string](Get-ModuleArg 'url')
$method = ([string](Get-ModuleArg 'method' 'GET')).ToUpperInvariant()
$statusCodes = @(Get-ModuleArg 'status_code' @(200) | ForEach-Object { [int]$_ })
$result = @{ changed = $false; url = $url; elapsed = 0 }

if ($method -cnotmatch '^[A-Z]+$') { return @{ failed = $true; msg = "Parameter 'method' needs to be a single word in uppercase, like GET or POST." } }
$creates = Get-ModuleArg 'creates'
$removes = Get-ModuleArg 'removes'
if ($creates -and (Test-Path -LiteralPath $creates)) { $result.skipped = $true; $result.msg = "The 'creates' file or directory ($creates) already exists."; return $result }
if ($removes -and -not (Test-Path -LiteralPath $removes)) { $result.skipped = $true; $result.msg = "The 'removes' file or directory ($removes) does not exist."; return $result }
if ($CheckMode -and $method -notin @('GET', 'HEAD', 'OPTIONS')) { $result.skipped = $true; $result.msg = "check mode: the $method request was not sent"; return $result }

[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
if (-not (Get-ModuleArg 'validate_certs' $true)) { [Net.ServicePointManager]::ServerCertificateValidationCallback = { $true } }

$started = Get-Date
try {
    $req = [Net.WebRequest]::Create($url)
    $req.Method = $method
    $req.Timeout = [int](Get-ModuleArg 'url_timeout' 30) * 1000
    $follow = [string](Get-ModuleArg 'follow_redirects' 'safe')
    $req.AllowAutoRedirect = ($follow -eq 'all') -or ($follow -eq 'safe' -and $method -in @('GET', 'HEAD'))
    $headers = Get-ModuleArg 'headers'
    if ($null -ne $headers) { foreach ($h in $headers.PSObject.Properties) { if ($h.Name -eq 'Content-Type') { $req.ContentType = [string]$h.Value } else { $req.Headers[$h.Name] = [string]$h.Value } } }
    $contentType = Get-ModuleArg 'content_type'
    if ($null -ne $contentType) { $req.ContentType = [string]$contentType }
    $user = Get-ModuleArg 'url_username'
    if ($null -ne $user) {
        $pass = [string](Get-ModuleArg 'url_password' '')
        if (Get-ModuleArg 'force_basic_auth' $false) {
            $req.Headers['Authorization'] = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($user):$pass"))
        }
        else { $req.Credentials = New-Object -TypeName Net.NetworkCredential -ArgumentList @([string]$user, $pass) }
    }
    else { $req.UseDefaultCredentials = $false }
    $body = Get-ModuleArg 'body'
    if ($null -ne $body) {
        $text = if ($body -is [string]) { $body } else { ConvertTo-Json -InputObject $body -Compress -Depth 20 }
        $bytes = [Text.Encoding]::UTF8.GetBytes($text)
        $stream = $req.GetRequestStream()
        try { $stream.Write($bytes, 0, $bytes.Length) } finally { $stream.Dispose() }
    }
    try { $resp = $req.GetResponse() }
    catch [Net.WebException] {
        # A 4xx/5xx is still a response: status_code decides whether it is a failure.
        if ($null -eq $_.Exception.Response) { throw }
        $resp = $_.Exception.Response
    }
}
catch {
    $result.failed = $true
    $result.msg = "Unhandled exception occurred when sending web request. Exception: $($_.Exception.InnerException.Message)"
    if ($null -eq $_.Exception.InnerException) { $result.msg = "Unhandled exception occurred when sending web request. Exception: $($_.Exception.Message)" }
    return $result
}

try {
    $result.status_code = [int]$resp.StatusCode
    $result.status_description = [string]$resp.StatusDescription
    foreach ($k in $resp.Headers.AllKeys) {
        $snake = ((($k -replace '-', '') -creplace '(.)([A-Z][a-z]+)', '$1_$2') -creplace '([a-z0-9])([A-Z])', '$1_$2').ToLowerInvariant()
        $result[$snake] = $resp.Headers[$k]
    }
    $reader = New-Object -TypeName IO.StreamReader -ArgumentList @($resp.GetResponseStream(), [Text.Encoding]::UTF8)
    try { $content = $reader.ReadToEnd() } finally { $reader.Dispose() }
    $result.content_length = [Text.Encoding]::UTF8.GetByteCount($content)
    if (Get-ModuleArg 'return_content' $false) {
        $result.content = $content
        if ($result.ContainsKey('content_type') -and $result.content_type -match 'text|json|javascript') {
            try { $result.json = ConvertFrom-Json -InputObject $content } catch { $null = $_ }
        }
    }
}
finally { $resp.Close() }
$result.elapsed = ((Get-Date) - $started).TotalSeconds
if ($statusCodes -notcontains $result.status_code) {
    $result.failed = $true
    $result.msg = "Status code of request '$($result.status_code)' is not in list of valid status codes $statusCodes : $($resp.StatusCode)'."
}
return $result
