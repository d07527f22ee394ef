# win_dns_client: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (network verbs). Sets the DNS servers of the named adapters
# (connection names, wildcards as Get-NetAdapter -Name takes them, '*' for all IP-enabled adapters), as
# ansible.windows.win_dns_client does: adapters are found first (one that matches nothing fails with the module's
# text), then the addresses are checked, then each adapter whose servers differ (in order) is changed. An empty list
# resets the adapter to DHCP-assigned servers. The aliases ipv4_addresses, ip_addresses and addresses read as dns_servers.
Set-StrictMode -Version 2.0

$names = @(Get-ModuleArg -Name 'adapter_names' -Default @('*'))
$serversArg = $null
foreach ($n in @('dns_servers', 'ipv4_addresses', 'ip_addresses', 'addresses')) {
    if (Test-ModuleArg -Name $n) { $serversArg = $n; break }
}
$servers = @()
if ($null -ne $serversArg) { $servers = @(Get-ModuleArg -Name $serversArg | ForEach-Object { [string]$_ }) }

$all = @(Get-WbNetworkAdapter)
$adapters = @()
if ($names.Count -eq 1 -and [string]$names[0] -eq '*') { $adapters = $all }
else {
    foreach ($name in $names) {
        $found = @($all | Where-Object { [string]$_.Name -like [string]$name })
        if ($found.Count -eq 0) { throw "Get-NetAdapterInfo: Failed to find network adapter(s) that are IP enabled with the name '$name'" }
        $adapters += $found
    }
}

$invalid = @($servers | Where-Object {
        $ip = $null
        -not ([Net.IPAddress]::TryParse([string]$_, [ref]$ip) -and $ip.AddressFamily -eq [Net.Sockets.AddressFamily]::InterNetwork)
    })
if ($invalid.Count -gt 0) { throw ('Invalid IP address(es): ({0})' -f ($invalid -join ', ')) }

$result = @{ changed = $false }
foreach ($a in $adapters) {
    $current = @($a.DnsServers | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_ })
    if ([string]::Join(',', [string[]]$current) -eq [string]::Join(',', [string[]]$servers)) { continue }
    $result.changed = $true
    if (-not $CheckMode) { $null = Set-WbDnsServer -InterfaceIndex ([int]$a.InterfaceIndex) -Servers ([string[]]$servers) }
}
$result
