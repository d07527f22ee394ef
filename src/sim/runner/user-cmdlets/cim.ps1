# Get-CimInstance and Get-WmiObject for users' scripts on a simulated host, for the one class roles query most:
# Win32_Service (root/cimv2), answered from the host's SCM model (src/sim/windows/user-services.ts, wql.ts). -Filter
# takes a WQL condition, -Query a WQL SELECT. Any other class is refused saying the simulator does not model it,
# never answered with made-up instances. Read-only: Invoke-CimMethod / ([wmi]…).Change() are not here.

function __WbSimCimRows {
    param($Caller, [string]$Cmdlet, [string]$ClassName, [string]$Filter, [string]$Query, [string]$Namespace, [string]$ComputerName, [string[]]$Property, [string]$Kind)
    if ($ComputerName -and $ComputerName -ne '.' -and $ComputerName -ne 'localhost') {
        $Caller.ThrowTerminatingError((__WbSimError -Exception (New-Object System.NotSupportedException("winbook simulator: $Kind -ComputerName reaches other machines, which a simulated host cannot.")) -Id 'NotSupported' -Category NotImplemented -Target $ComputerName -Cmdlet $Cmdlet))
    }
    if ($Namespace -and ($Namespace -replace '\\', '/') -ne 'root/cimv2') {
        $Caller.ThrowTerminatingError((__WbSimError -Exception (New-Object System.NotSupportedException("winbook simulator: the simulated host models no WMI namespace but root/cimv2 (asked: $Namespace).")) -Id 'NotSupported' -Category NotImplemented -Target $Namespace -Cmdlet $Cmdlet))
    }
    $ask = @{}
    if ($Query) { $ask.Query = $Query }
    else {
        if ($ClassName -ne 'Win32_Service') {
            $Caller.ThrowTerminatingError((__WbSimError -Exception (New-Object System.NotSupportedException("winbook simulator: the simulated host models no CIM class '$ClassName' (only Win32_Service); this script cannot be rehearsed.")) -Id 'NotSupported' -Category NotImplemented -Target $ClassName -Cmdlet $Cmdlet))
        }
        if ($Filter) { $ask.Filter = $Filter }
    }
    try { $r = __WbSimCall 'User.Win32Service' $ask }
    catch {
        $w = $_.Exception
        if (-not ($w -is [System.Runtime.InteropServices.COMException])) { throw }
        # WBEM_E_INVALID_QUERY (0x80041017): as CIM reports it; Get-WmiObject's ManagementException cannot be made on
        # PowerShell 7 (System.Management is Windows-only), so it carries the same text in a COMException.
        if ($Kind -eq 'Get-CimInstance') {
            $e = New-Object Microsoft.Management.Infrastructure.CimException($w.Message)
            $Caller.WriteError((__WbSimError -Exception $e -Id 'HRESULT 0x80041017' -Category InvalidArgument -Target $null -Cmdlet $Cmdlet))
        }
        else {
            $Caller.WriteError((__WbSimError -Exception $w -Id 'GetWMIManagementException' -Category InvalidOperation -Target $null -Cmdlet $Cmdlet))
        }
        return
    }
    if ($r.Class -ne 'Win32_Service') {
        $Caller.ThrowTerminatingError((__WbSimError -Exception (New-Object System.NotSupportedException("winbook simulator: the simulated host models no CIM class '$($r.Class)' (only Win32_Service); this script cannot be rehearsed.")) -Id 'NotSupported' -Category NotImplemented -Target $r.Class -Cmdlet $Cmdlet))
    }
    $keep = if ($null -ne $r.Properties) { @($r.Properties) } elseif ($Property) { @($Property) } else { $null }
    foreach ($row in @($r.Rows)) {
        $h = [ordered]@{}
        foreach ($p in $row.PSObject.Properties) {
            # Properties a query did not select are there but empty, as on a CIM instance; Name is the key, always filled.
            $h[$p.Name] = if ($null -eq $keep -or $p.Name -eq 'Name' -or @($keep | Where-Object { $_ -eq $p.Name }).Count -gt 0) { $p.Value } else { $null }
        }
        , $h
    }
}

function Get-CimInstance {
    [CmdletBinding(DefaultParameterSetName = 'ClassNameComputerSet')]
    param(
        [Parameter(ParameterSetName = 'ClassNameComputerSet', Mandatory = $true, Position = 0)][string]$ClassName,
        [Parameter(ParameterSetName = 'QueryComputerSet', Mandatory = $true)][string]$Query,
        [Parameter(ParameterSetName = 'QueryComputerSet')][string]$QueryDialect,
        [Parameter(ParameterSetName = 'ClassNameComputerSet')][string]$Filter,
        [Parameter(ParameterSetName = 'ClassNameComputerSet')][Alias('SelectProperties')][string[]]$Property,
        [string]$Namespace,
        [Alias('CN', 'ServerName')][string[]]$ComputerName,
        [Alias('OT')][uint32]$OperationTimeoutSec,
        [switch]$Shallow,
        [switch]$KeyOnly
    )
    process {
        foreach ($h in (__WbSimCimRows -Caller $PSCmdlet -Cmdlet 'Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand' -ClassName $ClassName -Filter $Filter -Query $Query -Namespace $Namespace -ComputerName (@($ComputerName) -join '') -Property $Property -Kind 'Get-CimInstance')) {
            $o = [pscustomobject]$h
            $o.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance')
            $o.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#Win32_Service')
            $o.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Service')
            $o | Add-Member -MemberType NoteProperty -Name PSComputerName -Value $null
            $o
        }
    }
}

# A 5.1 cmdlet (PowerShell 7 has none): Win32_Service as a ManagementObject reads, with WMI's system properties.
function Get-WmiObject {
    [CmdletBinding(DefaultParameterSetName = 'query')]
    param(
        [Parameter(ParameterSetName = 'query', Mandatory = $true, Position = 0)][Alias('ClassName')][string]$Class,
        [Parameter(ParameterSetName = 'query', Position = 1)][string[]]$Property,
        [Parameter(ParameterSetName = 'query')][string]$Filter,
        [Parameter(ParameterSetName = 'WQLQuery', Mandatory = $true)][string]$Query,
        [Alias('NS')][string]$Namespace,
        [Alias('Cn')][string[]]$ComputerName
    )
    process {
        $computer = [string](__WbSimCall 'Get-WbHostInfo' @{}).Hostname
        foreach ($h in (__WbSimCimRows -Caller $PSCmdlet -Cmdlet 'GetWmiObjectCommand' -ClassName $Class -Filter $Filter -Query $Query -Namespace $Namespace -ComputerName (@($ComputerName) -join '') -Property $Property -Kind 'Get-WmiObject')) {
            $o = [pscustomobject]$h
            $o.PSObject.TypeNames.Insert(0, 'System.Management.ManagementBaseObject')
            $o.PSObject.TypeNames.Insert(0, 'System.Management.ManagementObject')
            $o.PSObject.TypeNames.Insert(0, 'System.Management.ManagementObject#root\cimv2\Win32_Service')
            foreach ($p in @(@('__CLASS', 'Win32_Service'), @('__NAMESPACE', 'root\cimv2'), @('__SERVER', $computer), @('__RELPATH', "Win32_Service.Name=`"$($h.Name)`""))) {
                $o | Add-Member -MemberType NoteProperty -Name $p[0] -Value $p[1]
            }
            $o | Add-Member -MemberType NoteProperty -Name PSComputerName -Value $computer
            $o
        }
    }
}
