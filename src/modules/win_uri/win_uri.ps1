# win_uri: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (network: Invoke-WbHttpRequest; files: Get-WbItem). Read-only:
# changed is always false; in check mode only GET, HEAD and OPTIONS are sent. validate_certs: false switches the
# certificate check off for this request only: the old global ServicePointManager callback stayed off for every
# later request of the agent (issue 13, win_uri.ps1:19). Defaults come from the module's schema.
# uses: ../module-utils/http-agent.ps1
Set-StrictMode -Version 2.0

$url = [string](Get-ModuleArg 'url')
$method = ([string](Get-ModuleArg 'method')).ToUpperInvariant()
$statusCodes = @(@(Get-ModuleArg 'status_code') | ForEach-Object { [int]$_ })
$result = @{ changed = $false; url = $url; elapsed = 0 }

if ($method -cnotmatch '^[A-Z]+$') { return @{ failed = $true; msg = "Parameter 'method' needs to be a single word in uppercase, like GET or POST." } }
$creates = Get-ModuleArg 'creates'
$removes = Get-ModuleArg 'removes'
try {
    if ($creates -and ($null -ne (Get-WbItem -Path ([string]$creates)))) { $result.skipped = $true; $result.msg = "The 'creates' file or directory ($creates) already exists."; return $result }
    if ($removes -and ($null -eq (Get-WbItem -Path ([string]$removes)))) { $result.skipped = $true; $result.msg = "The 'removes' file or directory ($removes) does not exist."; return $result }
}
catch { return @{ failed = $true; msg = [string]$_.Exception.Message } }
if ($CheckMode -and @('GET', 'HEAD', 'OPTIONS') -notcontains $method) { $result.skipped = $true; $result.msg = "check mode: the $method request was not sent"; return $result }

$follow = [string](Get-ModuleArg 'follow_redirects')
$request = @{
    Url = $url
    Method = $method
    TimeoutSeconds = [int](Get-ModuleArg 'url_timeout')
    ValidateCerts = [bool](Get-ModuleArg 'validate_certs')
    FollowRedirects = (($follow -eq 'all') -or ($follow -eq 'safe' -and @('GET', 'HEAD') -contains $method))
}
$headers = Get-WbRequestHeaders -HttpAgent ([string](Get-ModuleArg 'http_agent')) -Given (Get-ModuleArg 'headers') -Result $result
$contentType = Get-ModuleArg 'content_type'
if ($null -ne $contentType) { $headers['Content-Type'] = [string]$contentType }
$request.Headers = $headers
if (Test-ModuleArg 'url_username') {
    $request.User = [string](Get-ModuleArg 'url_username')
    $request.Password = [string](Get-ModuleArg 'url_password' '')
    $request.ForceBasicAuth = [bool](Get-ModuleArg 'force_basic_auth')
}
if (Test-ModuleArg 'body') {
    $body = Get-ModuleArg 'body'
    if ($body -is [string]) { $request.Body = $body } else { $request.Body = ConvertTo-Json -InputObject $body -Compress -Depth 20 }
}

$started = Get-Date
try { $resp = Invoke-WbHttpRequest @request }
catch {
    $result.failed = $true
    $result.msg = "Unhandled exception occurred when sending web request. Exception: $($_.Exception.Message)"
    return $result
}
$result.elapsed = ((Get-Date) - $started).TotalSeconds
$result.status_code = [int]$resp.StatusCode
$result.status_description = [string]$resp.StatusDescription
foreach ($k in $resp.Headers.PSObject.Properties) {
    # Convert-StringToSnakeCase, as Ansible names the returned headers: X-Request-Id → x_request_id.
    $snake = ((($k.Name -replace '-', '') -creplace '(.)([A-Z][a-z]+)', '$1_$2') -creplace '([a-z0-9])([A-Z])', '$1_$2').ToLowerInvariant()
    $result[$snake] = [string]$k.Value
}
$content = [string]$resp.Content
$result.content_length = [Text.Encoding]::UTF8.GetByteCount($content)
if ([bool](Get-ModuleArg 'return_content')) {
    $result.content = $content
    if ($result.ContainsKey('content_type') -and $result.content_type -match 'text|json|javascript') {
        try { $result.json = ConvertFrom-Json -InputObject $content } catch { $null = $_ }
    }
}
if ($statusCodes -notcontains $result.status_code) {
    $reason = [string]$result.status_code
    try { $reason = [string][Net.HttpStatusCode]$result.status_code } catch { $null = $_ }
    $result.failed = $true
    $result.msg = "Status code of request '$($result.status_code)' is not in list of valid status codes $statusCodes : $reason'."
}
return $result
