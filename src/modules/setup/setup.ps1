# setup: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (system, network, agent, accounts and registry verbs). Gathers the
# facts ansible.windows.setup gathers, by subset, under the same names and in the same formats, for the subsets
# winbook can answer (src/modules/setup/facts.ts lists them; a fact it cannot answer is refused at load where a play
# reads it). gather_subset is resolved as ansible.windows does: start from all, add the named subsets and groups,
# remove the '!' ones ('!all' keeps min); an unknown name is a warning. Read-only: check mode changes nothing.
# Each fact group runs as ansible.windows 1.14 runs it: in a PowerShell of its own, waited on for gather_timeout
# seconds (AsyncWaitHandle.WaitOne); one that is not done by then is stopped (BeginStop) and left out with the warning
# "Failed to collection <subsets> due to timeout", and the other groups are still gathered. Unlike 1.14, which makes a
# new [PowerShell] per group, the groups share one runspace (opening one and loading the façade into it costs a
# few hundred milliseconds), and a group that timed out leaves its runspace to stop while the next groups get a new one.
Set-StrictMode -Version 2.0

$subsetArg = @(Get-ModuleArg -Name 'gather_subset' -Default @('all'))
$groups = @{
    min = @('date_time', 'distribution', 'dns', 'env', 'local', 'platform', 'powershell_version', 'user')
    network = @('all_ipv4_addresses', 'all_ipv6_addresses', 'interfaces', 'windows_domain', 'winrm')
    hardware = @('bios', 'memory', 'processor', 'uptime', 'virtual')
    external = @('facter')
}
$all = New-Object 'System.Collections.Generic.HashSet[string]'
foreach ($g in @($groups.Values)) { foreach ($s in $g) { $null = $all.Add($s) } }
$groups.all = @($all)
$warnings = New-Object 'System.Collections.Generic.List[string]'
$actual = New-Object 'System.Collections.Generic.HashSet[string]' -ArgumentList (, [string[]]@($all))
$explicit = New-Object 'System.Collections.Generic.HashSet[string]'
$exclude = New-Object 'System.Collections.Generic.HashSet[string]'
foreach ($item in $subsetArg) {
    $item = [string]$item
    if ($item.StartsWith('!')) {
        $item = $item.Substring(1)
        if ($item -eq 'all') { foreach ($s in $all) { if ($groups.min -notcontains $s) { $null = $exclude.Add($s) } } }
        elseif ($groups.ContainsKey($item)) { foreach ($s in $groups[$item]) { $null = $exclude.Add($s) } }
        elseif ($all.Contains($item)) { $null = $exclude.Add($item) }
    }
    elseif ($groups.ContainsKey($item)) { foreach ($s in $groups[$item]) { $null = $explicit.Add($s) } }
    elseif ($all.Contains($item)) { $null = $explicit.Add($item) }
    else { $warnings.Add("invalid value $item specified in gather_subset") }
}
$actual.ExceptWith($exclude)
$actual.UnionWith($explicit)

$facts = [ordered]@{ gather_subset = $subsetArg; module_setup = $true }
$gatherTimeout = [int](Get-ModuleArg -Name 'gather_timeout' -Default 10)

# The helpers every group's code may call, loaded into each fact runspace after the host façade (as text: a
# scriptblock made here belongs to this runspace).
$factHelpers = {
    Set-StrictMode -Version 2.0
    # The value of one registry value, $null when the key or value is missing.
    function Get-RegistryData {
        param([string]$Path, [string]$Name)
        $key = Get-WbRegistryKey -Path $Path
        if (-not $key.Exists) { return $null }
        $v = @($key.Values | Where-Object { [string]$_.Name -eq $Name }) | Select-Object -First 1
        if ($null -eq $v) { return $null }
        $v.Data
    }
}

# Ansible.windows 1.14's $factMeta, in its order, for the subsets winbook answers (facts.ts lists them).
$factGroups = @(
    @{
        Subsets = @('all_ipv4_addresses', 'all_ipv6_addresses')
        Code = {
            param($facts)
            $adapters = @(Get-WbNetworkAdapter)
            $facts.ansible_ip_addresses = @(foreach ($a in $adapters) {
                    foreach ($ip in @($a.IPv4) + @($a.IPv6)) { if (@('::1', '127.0.0.1') -notcontains [string]$ip.Address) { [string]$ip.Address } }
                })
        }
    },
    @{
        Subsets = @('date_time')
        Code = {
            param($facts)
            $now = Get-Date
            $utc = $now.ToUniversalTime()
            $epoch = New-Object DateTime -ArgumentList 1970, 1, 1, 0, 0, 0, ([DateTimeKind]::Utc)
            $seconds = ($utc - $epoch).TotalSeconds
            $localSeconds = ((New-Object DateTime -ArgumentList $now.Ticks, ([DateTimeKind]::Utc)) - $epoch).TotalSeconds
            $inv = [Globalization.CultureInfo]::InvariantCulture
            $facts.ansible_date_time = [ordered]@{
                date = $now.ToString('yyyy-MM-dd', $inv)
                day = $now.ToString('dd', $inv)
                # ansible.windows 1.14 prints these with Get-Date -UFormat '+%s', which on Windows PowerShell 5.1 (the host
                # modelled, ansible_powershell_version 5) appends TotalSeconds as a .NET Framework double: 15 significant
                # digits, so a fraction ('1733340000.51234'); PowerShell 6+ would print whole seconds. epoch_int is [int] of
                # the same double: rounded to the nearest second, not cut.
                epoch = $seconds.ToString('G15', $inv)
                epoch_int = [int]$seconds
                epoch_local = $localSeconds.ToString('G15', $inv)
                hour = $now.ToString('HH', $inv)
                iso8601 = $utc.ToString('yyyy-MM-ddTHH:mm:ssZ', $inv)
                iso8601_basic = $now.ToString('yyyyMMddTHHmmssffffff', $inv)
                iso8601_basic_short = $now.ToString('yyyyMMddTHHmmss', $inv)
                iso8601_micro = $utc.ToString('yyyy-MM-ddTHH:mm:ss.ffffffZ', $inv)
                minute = $now.ToString('mm', $inv)
                month = $now.ToString('MM', $inv)
                second = $now.ToString('ss', $inv)
                time = $now.ToString('HH:mm:ss', $inv)
                tz = [TimeZoneInfo]::Local.Id
                tz_offset = $now.ToString('zzzz', $inv)
                weekday = $now.ToString('dddd', $inv)
                weekday_number = [string][int]$now.DayOfWeek
                # %W: weeks starting on Monday, the days before the year's first Monday in week 00.
                weeknumber = ([int][Math]::Floor(($now.DayOfYear - 1 + 7 - (([int]$now.DayOfWeek + 6) % 7)) / 7)).ToString('00')
                year = $now.ToString('yyyy', $inv)
            }
        }
    },
    @{
        Subsets = @('distribution')
        Code = {
            param($facts)
            $sys = Get-WbSystemInfo
            $version = [version]$sys.OsVersion
            $facts.ansible_distribution = $sys.OsCaption
            $facts.ansible_distribution_version = $sys.OsVersion
            $facts.ansible_distribution_major_version = [string]$version.Major
            $facts.ansible_os_family = 'Windows'
            $facts.ansible_os_name = $sys.OsCaption
            $productType = @{ 1 = 'workstation'; 2 = 'domain_controller'; 3 = 'server' }[[int]$sys.ProductType]
            if ($null -eq $productType) { $productType = 'unknown' }
            $facts.ansible_os_product_type = $productType
            $facts.ansible_os_installation_type = $sys.InstallationType
        }
    },
    @{
        Subsets = @('env')
        Code = {
            param($facts)
            $envBlock = Get-WbProcessEnvironmentBlock
            $envVars = [ordered]@{}
            # ansible.windows trims a trailing '\' from every value.
            foreach ($p in $envBlock.PSObject.Properties) { $envVars[$p.Name] = ([string]$p.Value).TrimEnd('\') }
            $facts.ansible_env = $envVars
        }
    },
    @{
        Subsets = @('interfaces')
        Code = {
            param($facts)
            $adapters = @(Get-WbNetworkAdapter)
            $facts.ansible_interfaces = @(foreach ($a in $adapters) {
                    [ordered]@{
                        connection_name = $a.Name
                        default_gateway = $a.DefaultGateway
                        dns_domain = if ([string]$a.DnsSuffix) { [string]$a.DnsSuffix } else { $null }
                        interface_index = $a.InterfaceIndex
                        interface_name = $a.Description
                        ipv4 = @(foreach ($ip in @($a.IPv4)) { [ordered]@{ address = [string]$ip.Address; prefix = [string]$ip.PrefixLength } })
                        ipv6 = @(foreach ($ip in @($a.IPv6)) { [ordered]@{ address = [string]$ip.Address; prefix = [string]$ip.PrefixLength } })
                        macaddress = $a.MacAddress
                        mtu = $a.Mtu
                        speed = $a.SpeedMbps
                    }
                })
        }
    },
    @{
        Subsets = @('platform')
        Code = {
            param($facts)
            $sys = Get-WbSystemInfo
            $fqdn = [string]$sys.DnsHostName
            if ($sys.DnsDomain) { $fqdn = "$fqdn.$($sys.DnsDomain)" }
            $suffix = ''
            if ($sys.PartOfDomain) { $suffix = [string]$sys.Domain } elseif ($sys.DnsDomain) { $suffix = [string]$sys.DnsDomain }
            $nt = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
            $facts.ansible_domain = $suffix
            $facts.ansible_fqdn = $fqdn
            $facts.ansible_hostname = [string]$sys.DnsHostName
            $facts.ansible_netbios_name = [string]$sys.NetbiosName
            $facts.ansible_kernel = [string]$sys.OsVersion
            $facts.ansible_nodename = $fqdn
            $facts.ansible_owner_name = [string](Get-RegistryData -Path $nt -Name 'RegisteredOwner')
            $facts.ansible_system = 'Win32NT'
            $facts.ansible_system_description = [string](Get-RegistryData -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters' -Name 'srvcomment')
            $facts.ansible_architecture = [string]$sys.OsArchitecture
            $arch2 = @{ 0 = 'i386'; 5 = 'arm'; 6 = 'ia64'; 9 = 'x86_64'; 12 = 'arm64' }[[int]$sys.ProcessorArchitecture]
            if ($null -eq $arch2) { $arch2 = 'unknown' }
            $facts.ansible_architecture2 = $arch2
            # The legacy pending-reboot checks ansible.windows makes: file renames, CBS, Server Manager.
            $renames = Get-RegistryData -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name 'PendingFileRenameOperations'
            $cbs = (Get-WbRegistryKey -Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending').Exists
            $sm = Get-RegistryData -Path 'HKLM:\SOFTWARE\Microsoft\ServerManager\ServicingStorage\ServerComponentCache' -Name 'RestartRequired'
            $facts.ansible_reboot_pending = [bool]($renames -or $cbs -or $sm)
        }
    },
    @{
        Subsets = @('powershell_version')
        Code = {
            param($facts)
            $sys = Get-WbSystemInfo
            $facts.ansible_powershell_version = ([version]$sys.PowerShellVersion).Major
        }
    },
    @{
        Subsets = @('uptime')
        Code = {
            param($facts)
            $info = Get-WbHostInfo
            $boot = (New-Object DateTime -ArgumentList 1970, 1, 1, 0, 0, 0, ([DateTimeKind]::Utc)).AddSeconds([double]$info.BootTime).ToLocalTime()
            $facts.ansible_lastboot = $boot.ToString('u', [Globalization.CultureInfo]::InvariantCulture)
            $facts.ansible_uptime_seconds = [long]$info.Uptime
        }
    },
    @{
        Subsets = @('user')
        Code = {
            param($facts)
            $envBlock = Get-WbProcessEnvironmentBlock
            $name = [string]$envBlock.USERNAME
            $sid = $null
            try { $sid = [string](Resolve-WbAccount -Name ("$($envBlock.USERDOMAIN)\$name")).Sid } catch { $sid = $null }
            $facts.ansible_user_dir = [string]$envBlock.USERPROFILE
            $facts.ansible_user_gecos = ''
            $facts.ansible_user_id = $name
            $facts.ansible_user_sid = $sid
        }
    },
    @{
        Subsets = @('windows_domain')
        Code = {
            param($facts)
            $sys = Get-WbSystemInfo
            $facts.ansible_windows_domain = [string]$sys.Domain
            $facts.ansible_windows_domain_member = [bool]$sys.PartOfDomain
            $roles = @{ 0 = 'Stand-alone workstation'; 1 = 'Member workstation'; 2 = 'Stand-alone server'; 3 = 'Member server'; 4 = 'Backup domain controller'; 5 = 'Primary domain controller' }
            $role = $roles[[int]$sys.DomainRole]
            if ($null -eq $role) { $role = "Unknown DomainRole $($sys.DomainRole)" }
            $facts.ansible_windows_domain_role = $role
        }
    }
)

# A runspace like the agent's own (same session state: on the simulator, the same restricted command set) with the
# host façade the agent was given ($global:WinbookFacade, agent/bootstrap.ps1) and the helpers above.
function New-FactRunspace {
    $rs = [runspacefactory]::CreateRunspace([runspace]::DefaultRunspace.InitialSessionState)
    $rs.Open()
    $ps = [PowerShell]::Create()
    $ps.Runspace = $rs
    $null = $ps.AddScript($global:WinbookFacade, $false).AddStatement().AddScript([string]$factHelpers, $false)
    $null = $ps.Invoke()
    $ps.Dispose()
    $rs
}

$runspace = $null
foreach ($group in $factGroups) {
    $run = $false
    foreach ($n in $group.Subsets) { if ($actual.Contains($n)) { $run = $true } }
    if (-not $run) { continue }
    $name = $group.Subsets -join ', '
    if ($null -eq $runspace) { $runspace = New-FactRunspace }
    $ps = [PowerShell]::Create()
    $ps.Runspace = $runspace
    $null = $ps.AddScript([string]$group.Code).AddArgument($facts)
    $async = $ps.BeginInvoke()
    $null = $async.AsyncWaitHandle.WaitOne($gatherTimeout * 1000)
    if ($async.IsCompleted) {
        try { $null = $ps.EndInvoke($async) }
        catch {
            $record = $_.Exception.InnerException.ErrorRecord
            $warnings.Add("Error when collecting $name facts: $record`n$($record.ScriptStackTrace)")
        }
        foreach ($record in $ps.Streams.Error) { $warnings.Add("Error when collecting $name facts: $record`n$($record.ScriptStackTrace)") }
        $ps.Dispose()
    }
    else {
        # As ansible.windows: a best effort to stop it without waiting (Stop() could block on the stuck call).
        $null = $ps.BeginStop($null, $null)
        $runspace.CloseAsync()
        $runspace = $null
        $warnings.Add("Failed to collection $name due to timeout")
    }
}
if ($null -ne $runspace) { $runspace.Dispose() }

$result = @{ changed = $false; ansible_facts = $facts }
if ($warnings.Count -gt 0) { $result.warnings = @($warnings) }
$result
