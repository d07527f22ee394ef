# Façade, Windows side (src/hostapi/contract/system.ts). Windows PowerShell 5.1. shutdown.exe runs through
# ProcessStartInfo and its exit code decides: with `2>&1` under ErrorActionPreference Stop, 5.1 turns the first
# stderr line into a terminating error, so an exit code such as 1190 could never be looked at (issue 13,
# win_reboot.ps1:14-17).

function Get-WbHostInfo {
    [CmdletBinding()]
    param()
    $os = Get-CimInstance -ClassName Win32_OperatingSystem -Property @('CSName', 'LastBootUpTime', 'Version')
    $epoch = New-Object DateTime -ArgumentList 1970, 1, 1, 0, 0, 0, ([DateTimeKind]::Utc)
    $bootUtc = $os.LastBootUpTime.ToUniversalTime()
    [pscustomobject]@{
        Hostname = [string]$os.CSName
        BootTime = [long][Math]::Floor(($bootUtc - $epoch).TotalSeconds)
        OsVersion = [string]$os.Version
        Uptime = [long][Math]::Floor(([DateTime]::UtcNow - $bootUtc).TotalSeconds)
    }
}

# shutdown.exe with an argument line; returns its exit code (output is read and dropped: the code is the answer).
function Invoke-WbShutdownExe {
    param([Parameter(Mandatory = $true)][string]$ArgumentLine)
    $psi = New-Object Diagnostics.ProcessStartInfo
    $psi.FileName = [IO.Path]::Combine([Environment]::SystemDirectory, 'shutdown.exe')
    $psi.Arguments = $ArgumentLine
    $psi.UseShellExecute = $false
    $psi.CreateNoWindow = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $p = [Diagnostics.Process]::Start($psi)
    try {
        # Both pipes drained before waiting, so a full pipe cannot hold the child.
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $null = $p.StandardError.ReadToEnd()
        $null = $stdout.Result
        $p.WaitForExit()
        return $p.ExitCode
    }
    finally { $p.Dispose() }
}

function Invoke-WbReboot {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][int]$DelaySeconds, [AllowNull()][AllowEmptyString()][string]$Message)
    if ($DelaySeconds -lt 0 -or $DelaySeconds -gt 315360000) { throw (New-Object ComponentModel.Win32Exception 87) }
    $line = "/r /t $DelaySeconds /f /d p:0:0"
    if ($Message) {
        # One quoted argument: no embedded quote, no trailing backslash to escape the closing one; 512 at most.
        $text = ($Message -replace '"', "'").TrimEnd('\')
        if ($text.Length -gt 512) { $text = $text.Substring(0, 512).TrimEnd('\') }
        $line = $line + ' /c "' + $text + '"'
    }
    $code = Invoke-WbShutdownExe -ArgumentLine $line
    if ($code -ne 0) { throw (New-Object ComponentModel.Win32Exception ([int]$code)) }
}

function Stop-WbScheduledReboot {
    [CmdletBinding()]
    param()
    $code = Invoke-WbShutdownExe -ArgumentLine '/a'
    if ($code -eq 0) { return $true }
    # ERROR_NO_SHUTDOWN_IN_PROGRESS
    if ($code -eq 1116) { return $false }
    throw (New-Object ComponentModel.Win32Exception ([int]$code))
}

function Get-WbErrorText {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][int]$Code)
    # Win32Exception(code) calls FormatMessage on the system message table; NERR codes (2100-2999) live in
    # netmsg.dll, which the accounts domain's native helper reads.
    if ($Code -ge 2100 -and $Code -le 2999) {
        Initialize-WbAccountsNative
        return [Winbook.AccountsNative]::Error($Code).Message
    }
    (New-Object ComponentModel.Win32Exception $Code).Message
}

function Get-WbSystemInfo {
    [CmdletBinding()]
    param()
    $cs = Get-CimInstance -ClassName Win32_ComputerSystem -Property @('PartOfDomain', 'Domain', 'DomainRole', 'Workgroup')
    $os = Get-CimInstance -ClassName Win32_OperatingSystem -Property @('Caption', 'OSArchitecture', 'ProductType')
    $ip = [Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
    $domain = [string]$cs.Domain
    if (-not $cs.PartOfDomain -and $cs.Workgroup) { $domain = [string]$cs.Workgroup }
    $install = (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -Name 'InstallationType' -ErrorAction SilentlyContinue)
    # PROCESSOR_ARCHITECTURE of a 64-bit process is the machine's (a 32-bit one sees PROCESSOR_ARCHITEW6432).
    $arch = $env:PROCESSOR_ARCHITEW6432
    if (-not $arch) { $arch = $env:PROCESSOR_ARCHITECTURE }
    # PROCESSOR_ARCHITECTURE_UNKNOWN when neither variable is set.
    $archCode = 65535
    $codes = @{ x86 = 0; ARM = 5; IA64 = 6; AMD64 = 9; ARM64 = 12 }
    if ($arch -and $codes.ContainsKey([string]$arch)) { $archCode = $codes[[string]$arch] }
    [pscustomobject]@{
        NetbiosName = [Environment]::MachineName
        DnsHostName = [string]$ip.HostName
        DnsDomain = [string]$ip.DomainName
        PartOfDomain = [bool]$cs.PartOfDomain
        Domain = $domain
        DomainRole = [int]$cs.DomainRole
        OsCaption = ([string]$os.Caption).Trim()
        OsVersion = [Environment]::OSVersion.Version.ToString()
        ProductType = [int]$os.ProductType
        InstallationType = if ($null -ne $install) { [string]$install.InstallationType } else { $null }
        OsArchitecture = [string]$os.OSArchitecture
        ProcessorArchitecture = [int]$archCode
        PowerShellVersion = $PSVersionTable.PSVersion.ToString()
    }
}
