# Façade, Windows side (src/hostapi/contract/network.ts). Windows PowerShell 5.1, System.Net only.
# Certificate checks are switched off per request (HttpWebRequest.ServerCertificateValidationCallback, .NET 4.5+),
# never through ServicePointManager.ServerCertificateValidationCallback, which would stay off for every later request
# of the persistent agent (issue 13, win_uri.ps1:19).

function Test-WbTcpPort {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$HostName, [Parameter(Mandatory = $true)][int]$Port, [Parameter(Mandatory = $true)][int]$TimeoutMs)
    $client = New-Object Net.Sockets.TcpClient
    try {
        $connect = $client.BeginConnect($HostName, $Port, $null, $null)
        if (-not $connect.AsyncWaitHandle.WaitOne($TimeoutMs, $false)) { return $false }
        $client.EndConnect($connect)
        return $true
    }
    catch { return $false }
    finally { $client.Close() }
}

function Get-WbTcpListener {
    [CmdletBinding()]
    param()
    foreach ($ep in [Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().GetActiveTcpListeners()) {
        [pscustomobject]@{ Address = $ep.Address.ToString(); Port = $ep.Port }
    }
}

function Get-WbTcpConnection {
    [CmdletBinding()]
    param([int]$LocalPort)
    foreach ($c in [Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().GetActiveTcpConnections()) {
        if ($PSBoundParameters.ContainsKey('LocalPort') -and $c.LocalEndPoint.Port -ne $LocalPort) { continue }
        [pscustomobject]@{
            LocalAddress = $c.LocalEndPoint.Address.ToString(); LocalPort = $c.LocalEndPoint.Port
            RemoteAddress = $c.RemoteEndPoint.Address.ToString(); RemotePort = $c.RemoteEndPoint.Port
            State = $c.State.ToString()
        }
    }
}

function Resolve-WbHostAddress {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Name)
    try { $addresses = [Net.Dns]::GetHostAddresses($Name) }
    catch { throw (ConvertTo-WbWin32Exception $_) }
    foreach ($a in $addresses) { $a.IPAddressToString }
}

# A WebException without a response as the contract's Win32Exception, keeping .NET's text (what Invoke-WebRequest
# shows): the status decides the code.
function ConvertTo-WbWebError {
    param([Parameter(Mandatory = $true)]$ErrorRecord)
    $e = $ErrorRecord.Exception
    while ($null -ne $e) {
        if ($e -is [Net.WebException]) {
            $code = 10061
            if ($e.Status -eq [Net.WebExceptionStatus]::Timeout) { $code = 1460 }
            elseif ($e.Status -eq [Net.WebExceptionStatus]::NameResolutionFailure) { $code = 11001 }
            elseif ($e.Status -eq [Net.WebExceptionStatus]::TrustFailure) { $code = -2146762487 }
            return (New-Object ComponentModel.Win32Exception -ArgumentList $code, $e.Message)
        }
        if ($e -is [UriFormatException]) { return (New-Object ComponentModel.Win32Exception -ArgumentList 87, $e.Message) }
        # OutFile's own failures keep .NET's text (the path is in it).
        if ($e -is [IO.DirectoryNotFoundException]) { return (New-Object ComponentModel.Win32Exception -ArgumentList 3, $e.Message) }
        if ($e -is [UnauthorizedAccessException]) { return (New-Object ComponentModel.Win32Exception -ArgumentList 5, $e.Message) }
        $e = $e.InnerException
    }
    ConvertTo-WbWin32Exception $ErrorRecord
}

function Invoke-WbHttpRequest {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Url,
        [Parameter(Mandatory = $true)][string]$Method,
        [AllowNull()][object]$Headers,
        [AllowNull()][AllowEmptyString()][string]$Body,
        [AllowNull()][AllowEmptyString()][string]$User,
        [AllowNull()][AllowEmptyString()][string]$Password,
        [bool]$ForceBasicAuth = $false,
        [bool]$FollowRedirects = $true,
        [int]$TimeoutSeconds = 30,
        [bool]$ValidateCerts = $true,
        [int]$MaximumRedirection = 50,
        [bool]$UseProxy = $true,
        [AllowNull()][AllowEmptyString()][string]$OutFile
    )
    $uri = $null
    if (-not [Uri]::TryCreate($Url, [UriKind]::Absolute, [ref]$uri) -or @('http', 'https') -notcontains $uri.Scheme) {
        throw (New-Object ComponentModel.Win32Exception -ArgumentList 87, 'Invalid URI: The format of the URI could not be determined.')
    }
    # Adds TLS 1.2 to what the process offers (5.1 on .NET 4.x may default to SSL3/TLS 1.0); removes nothing.
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    $req = [Net.HttpWebRequest][Net.WebRequest]::Create($uri)
    $req.Method = $Method
    $ms = $TimeoutSeconds * 1000
    if ($TimeoutSeconds -le 0) { $ms = 100000 }
    $req.Timeout = $ms
    $req.ReadWriteTimeout = $ms
    # HttpWebRequest refuses a limit of 0: no redirect allowed is AllowAutoRedirect off.
    $req.AllowAutoRedirect = $FollowRedirects -and $MaximumRedirection -gt 0
    if ($MaximumRedirection -gt 0) { $req.MaximumAutomaticRedirections = $MaximumRedirection }
    if (-not $UseProxy) { $req.Proxy = $null }
    if (-not $ValidateCerts) {
        if (-not ('Winbook.HostApiCertificates' -as [type])) {
            Add-Type -TypeDefinition 'namespace Winbook { public static class HostApiCertificates { public static readonly System.Net.Security.RemoteCertificateValidationCallback AcceptAll = delegate { return true; }; } }'
        }
        # This request only.
        $req.ServerCertificateValidationCallback = [Winbook.HostApiCertificates]::AcceptAll
    }
    if ($null -ne $Headers) {
        $pairs = @()
        if ($Headers -is [Collections.IDictionary]) { foreach ($k in @($Headers.Keys)) { $pairs += , @([string]$k, [string]$Headers[$k]) } }
        else { foreach ($p in $Headers.PSObject.Properties) { $pairs += , @([string]$p.Name, [string]$p.Value) } }
        foreach ($pair in $pairs) {
            # HttpWebRequest keeps these in properties; setting them through Headers throws.
            if ($pair[0] -eq 'Content-Type') { $req.ContentType = $pair[1] }
            elseif ($pair[0] -eq 'Accept') { $req.Accept = $pair[1] }
            elseif ($pair[0] -eq 'User-Agent') { $req.UserAgent = $pair[1] }
            elseif ($pair[0] -eq 'Referer') { $req.Referer = $pair[1] }
            else { $req.Headers[$pair[0]] = $pair[1] }
        }
    }
    if ($User) {
        if ($ForceBasicAuth) { $req.Headers['Authorization'] = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($User + ':' + $Password)) }
        else { $req.Credentials = New-Object Net.NetworkCredential -ArgumentList $User, $Password }
    }
    else { $req.UseDefaultCredentials = $false }
    $resp = $null
    try {
        # Only a bound Body is sent: a [string] parameter reads '' when absent, and GET refuses any content-body.
        if ($PSBoundParameters.ContainsKey('Body')) {
            $bytes = [Text.Encoding]::UTF8.GetBytes($Body)
            $stream = $req.GetRequestStream()
            try { $stream.Write($bytes, 0, $bytes.Length) } finally { $stream.Dispose() }
        }
        try { $resp = $req.GetResponse() }
        catch {
            # A 4xx/5xx is a response: its status is the answer.
            $web = $_.Exception
            while ($null -ne $web -and -not ($web -is [Net.WebException])) { $web = $web.InnerException }
            if ($null -eq $web -or $null -eq $web.Response) { throw }
            $resp = $web.Response
        }
        $headersOut = [ordered]@{}
        foreach ($k in $resp.Headers.AllKeys) { $headersOut[$k] = $resp.Headers[$k] }
        $stream = $resp.GetResponseStream()
        $status = [int]$resp.StatusCode
        if ($OutFile -and $status -ge 200 -and $status -lt 300) {
            $content = ''
            try {
                $file = [IO.File]::Create($OutFile)
                try { $stream.CopyTo($file); $file.Flush() } finally { $file.Dispose() }
            }
            finally { $stream.Dispose() }
        }
        else {
            $reader = New-Object IO.StreamReader -ArgumentList @($stream, [Text.Encoding]::UTF8)
            try { $content = $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        [pscustomobject]@{
            StatusCode = [int]$resp.StatusCode
            StatusDescription = [string]$resp.StatusDescription
            Headers = [pscustomobject]$headersOut
            Content = $content
        }
    }
    catch { throw (ConvertTo-WbWebError $_) }
    finally { if ($null -ne $resp) { $resp.Close() } }
}

function Get-WbNetworkAdapter {
    [CmdletBinding()]
    param()
    $dnsByIndex = @{}
    foreach ($cfg in @(Get-CimInstance -ClassName Win32_NetworkAdapterConfiguration -Filter 'IPEnabled = True' -Property @('InterfaceIndex', 'DNSServerSearchOrder'))) {
        $dnsByIndex[[int]$cfg.InterfaceIndex] = @($cfg.DNSServerSearchOrder | Where-Object { $null -ne $_ })
    }
    foreach ($nic in [Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces()) {
        if (@('Loopback', 'Tunnel') -contains [string]$nic.NetworkInterfaceType) { continue }
        $props = $nic.GetIPProperties()
        $v4 = $null
        try { $v4 = $props.GetIPv4Properties() } catch [Net.NetworkInformation.NetworkInformationException] { $v4 = $null }
        if ($null -eq $v4) { continue }
        $gateway = $null
        if ($props.GatewayAddresses.Count -gt 0) { $gateway = $props.GatewayAddresses[0].Address.ToString() }
        $ipv4 = @(); $ipv6 = @()
        foreach ($u in $props.UnicastAddresses) {
            $entry = [pscustomobject]@{ Address = $u.Address.ToString(); PrefixLength = [int]$u.PrefixLength }
            if ($u.Address.AddressFamily -eq [Net.Sockets.AddressFamily]::InterNetwork) { $ipv4 += $entry } else { $ipv6 += $entry }
        }
        $dns = @()
        if ($dnsByIndex.ContainsKey([int]$v4.Index)) { $dns = $dnsByIndex[[int]$v4.Index] }
        [pscustomobject]@{
            Name = $nic.Name
            Description = $nic.Description
            InterfaceIndex = [int]$v4.Index
            MacAddress = (($nic.GetPhysicalAddress().ToString() -replace '(..)', '$1:').TrimEnd(':')).ToUpperInvariant()
            IPv4 = $ipv4
            IPv6 = $ipv6
            DefaultGateway = $gateway
            DnsSuffix = [string]$props.DnsSuffix
            DnsServers = @($dns)
            Mtu = [int]$v4.Mtu
            SpeedMbps = [long]($nic.Speed / 1000000)
        }
    }
}

function Set-WbDnsServer {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][int]$InterfaceIndex, [Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]]$Servers)
    $cfg = @(Get-CimInstance -ClassName Win32_NetworkAdapterConfiguration -Filter "IPEnabled = True AND InterfaceIndex = $InterfaceIndex") | Select-Object -First 1
    if ($null -eq $cfg) { throw (New-Object ComponentModel.Win32Exception 1168) }
    $current = @($cfg.DNSServerSearchOrder | Where-Object { $null -ne $_ })
    if ([string]::Join(',', [string[]]$current) -eq [string]::Join(',', [string[]]@($Servers))) { return $false }
    $r = Invoke-CimMethod -InputObject $cfg -MethodName SetDNSServerSearchOrder -Arguments @{ DNSServerSearchOrder = [string[]]@($Servers) }
    # 0 done, 1 done after a reboot; 70 (invalid IP address) and the rest: the parameter was refused.
    if ($r.ReturnValue -ne 0 -and $r.ReturnValue -ne 1) {
        throw (New-Object ComponentModel.Win32Exception -ArgumentList 87, "SetDNSServerSearchOrder returned $($r.ReturnValue)")
    }
    $true
}
