# win_get_url: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (network: Invoke-WbHttpRequest with OutFile; files verbs). Works as
# ansible.windows 1.14's win_get_url: the download goes to a temporary file first, its checksum decides whether
# `dest` changes (force: true), or a HEAD request's Last-Modified against dest's last write time decides whether to
# download at all (force: false, dest exists). Check mode downloads to the temporary file too and writes nothing
# else. Texts are 1.14's; defaults come from the module's schema.
# uses: ../module-utils/http-agent.ps1
Set-StrictMode -Version 2.0

$url = [string](Get-ModuleArg -Name 'url')
$destArg = Expand-WbEnvironmentString -Text ([string](Get-ModuleArg -Name 'dest'))
$force = [bool](Get-ModuleArg -Name 'force')
$algorithm = ([string](Get-ModuleArg -Name 'checksum_algorithm')).Trim().ToLowerInvariant()
$checksum = $null
if (Test-ModuleArg -Name 'checksum') { $checksum = ([string](Get-ModuleArg -Name 'checksum')).Trim().ToLowerInvariant() }
$result = @{ changed = $false; elapsed = 0; url = $url }

# One request's parameters for Invoke-WbHttpRequest, from the web_request options.
function New-WebRequestArgs {
    param([string]$Uri, [string]$Method)
    $follow = [string](Get-ModuleArg -Name 'follow_redirects')
    $request = @{
        Url = $Uri
        Method = $Method
        TimeoutSeconds = [int](Get-ModuleArg -Name 'url_timeout' -Default (Get-ModuleArg -Name 'timeout'))
        ValidateCerts = [bool](Get-ModuleArg -Name 'validate_certs')
        FollowRedirects = (($follow -eq 'all') -or ($follow -eq 'safe' -and @('GET', 'HEAD') -contains $Method))
        MaximumRedirection = [int](Get-ModuleArg -Name 'maximum_redirection')
        UseProxy = [bool](Get-ModuleArg -Name 'use_proxy')
    }
    $request.Headers = Get-WbRequestHeaders -HttpAgent ([string](Get-ModuleArg -Name 'http_agent')) -Given (Get-ModuleArg -Name 'headers') -Result $result
    $user = Get-ModuleArg -Name 'url_username' -Default (Get-ModuleArg -Name 'user' -Default (Get-ModuleArg -Name 'username'))
    if ($null -ne $user) {
        $request.User = [string]$user
        $request.Password = [string](Get-ModuleArg -Name 'url_password' -Default (Get-ModuleArg -Name 'password' -Default ''))
        $request.ForceBasicAuth = [bool](Get-ModuleArg -Name 'force_basic_auth')
    }
    $request
}

# Sends one request and records msg, status_code and elapsed as 1.14's Invoke-AnsibleWindowsWebRequest does; a
# status outside 2xx throws .NET's WebException text, as HttpWebRequest.GetResponse does there.
function Invoke-WebRequestStep {
    param([hashtable]$Request)
    $started = Get-Date
    try { $resp = Invoke-WbHttpRequest @Request }
    finally { $result.elapsed = ((Get-Date) - $started).TotalSeconds }
    $code = [int]$resp.StatusCode
    if ($code -lt 200 -or $code -gt 299) {
        $result.status_code = $code
        throw "The remote server returned an error: ($code) $($resp.StatusDescription)."
    }
    $result.msg = [string]$resp.StatusDescription
    $result.status_code = $code
    $resp
}

function Get-LeafName {
    param([string]$LocalPath)
    $LocalPath.Substring($LocalPath.LastIndexOf('/') + 1)
}

function Join-WindowsPath {
    param([string]$Parent, [string]$Child)
    if ($Parent.EndsWith('\')) { return $Parent + $Child }
    $Parent + '\' + $Child
}

# A folder as dest: the file is named after the URL's last path segment, or its host when there is none.
$destItem = $null
try { $destItem = Get-WbItem -Path $destArg } catch { $destItem = $null }
$dest = $destArg
if ($null -ne $destItem -and [string]$destItem.Type -eq 'directory') {
    $uri = [Uri]$url
    $leaf = Get-LeafName -LocalPath $uri.LocalPath
    if ($uri.LocalPath -and $uri.LocalPath -ne '/' -and $leaf) { $dest = Join-WindowsPath -Parent $destArg -Child $leaf }
    else { $dest = Join-WindowsPath -Parent $destArg -Child $uri.Host }
}
elseif ($destArg.EndsWith('\') -or $destArg.EndsWith('/')) {
    $result.failed = $true
    $result.msg = "The destination path '$destArg' does not exist, or is not visible to the current user. Ensure download destination folder exists (perhaps using win_file state=directory) before win_get_url runs."
    return $result
}
$result.dest = $dest
$destFull = Resolve-WbPath -Path $dest

if (Test-ModuleArg -Name 'checksum_url') {
    $checksumUrl = ([string](Get-ModuleArg -Name 'checksum_url')).Trim()
    try { $listing = [string](Invoke-WebRequestStep -Request (New-WebRequestArgs -Uri $checksumUrl -Method 'GET')).Content }
    catch {
        $result.failed = $true
        $result.msg = "Error when getting the remote checksum from '$checksumUrl'. $($_.Exception.Message)"
        return $result
    }
    $basename = Get-LeafName -LocalPath ([Uri]$url).LocalPath
    $pattern = '\s+\.?\/?\\?' + [regex]::Escape($basename) + '\s*$'
    $line = @($listing -split '\r?\n' | Where-Object { $_ -match $pattern }) | Select-Object -First 1
    if ($null -eq $line) {
        $result.failed = $true
        $result.msg = "Checksum record not found for file name '$basename' in file from url: '$checksumUrl'"
        return $result
    }
    $checksum = ($line.Split(' ', 2)[0].Trim()) -replace '\W+', ''
}

# Whether the server's copy is newer than dest (force: false): HEAD and its Last-Modified. HttpWebResponse reads a
# missing Last-Modified as now, so a server that sends none always counts as newer.
function Test-RemoteNewer {
    $resp = Invoke-WebRequestStep -Request (New-WebRequestArgs -Uri $url -Method 'HEAD')
    $remote = [DateTime]::UtcNow
    foreach ($p in $resp.Headers.PSObject.Properties) {
        if ($p.Name -eq 'Last-Modified') {
            $remote = [DateTime]::Parse([string]$p.Value, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal)
        }
    }
    $epoch = New-Object DateTime -ArgumentList 1970, 1, 1, 0, 0, 0, ([DateTimeKind]::Utc)
    ($remote - $epoch).TotalSeconds -gt [double](Get-WbItem -Path $destFull).LastWriteTime
}

function Invoke-Download {
    $parent = $destFull.Substring(0, $destFull.LastIndexOf('\'))
    if ($parent.EndsWith(':')) { $parent += '\' }
    $parentItem = $null
    try { $parentItem = Get-WbItem -Path $parent } catch { $parentItem = $null }
    if ($null -eq $parentItem -or [string]$parentItem.Type -ne 'directory') {
        $result.failed = $true
        $result.msg = "The path '$parent' does not exist for destination '$dest', or is not visible to the current user. Ensure download destination folder exists (perhaps using win_file state=directory) before win_get_url runs."
        return
    }
    # The module's temporary folder, removed when it ends (Ansible's module tmpdir).
    $tmpdir = Resolve-WbPath -Path ('%TEMP%\ansible-moduletmp-' + [DateTime]::UtcNow.Ticks + '-' + (New-Object Random).Next(0, 2147483647))
    $null = New-WbDirectory -Path $tmpdir
    try {
        $tmp = Join-WindowsPath -Parent $tmpdir -Child ([IO.Path]::GetRandomFileName())
        $method = [string](Get-ModuleArg -Name 'url_method' -Default (Get-ModuleArg -Name 'method' -Default 'GET'))
        $request = New-WebRequestArgs -Uri $url -Method $method.ToUpperInvariant()
        $request.OutFile = $tmp
        try { $null = Invoke-WebRequestStep -Request $request }
        catch {
            $result.failed = $true
            $result.msg = "Error downloading '$url' to '$dest': $($_.Exception.Message)"
            return
        }
        $tmpChecksum = Get-WbFileHash -Path $tmp -Algorithm $algorithm
        $result.checksum_src = $tmpChecksum
        if ($checksum -and $checksum -ne $tmpChecksum) {
            $result.failed = $true
            $result.msg = "The checksum for $url did not match '$checksum', it was '$tmpChecksum'"
            return
        }
        $existing = Get-WbItem -Path $destFull
        if ($null -ne $existing -and [string]$existing.Type -eq 'file') {
            $destChecksum = Get-WbFileHash -Path $destFull -Algorithm $algorithm
            if ($destChecksum -eq $tmpChecksum) {
                $result.checksum_dest = $destChecksum
                $result.size = [long]$existing.Size
                return
            }
        }
        if (-not $CheckMode) { Copy-WbFile -Source $tmp -Destination $destFull -Overwrite }
        $result.changed = $true
    }
    finally { try { $null = Remove-WbItem -Path $tmpdir } catch { $null = $_ } }
}

$exists = $null -ne (Get-WbItem -Path $destFull)
if ($force -or -not $exists) { Invoke-Download }
else {
    $newer = $false
    try { $newer = Test-RemoteNewer }
    catch {
        $result.failed = $true
        $result.msg = "Error when requesting 'Last-Modified' date from '$url'. $($_.Exception.Message)"
        return $result
    }
    if ($newer) { Invoke-Download }
}
if ($result.ContainsKey('failed')) { return $result }

$final = Get-WbItem -Path $destFull
if (-not $result.ContainsKey('checksum_dest') -and $null -ne $final) {
    $result.checksum_dest = Get-WbFileHash -Path $destFull -Algorithm $algorithm
    $result.size = [long]$final.Size
}
$result
