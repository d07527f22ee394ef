# Qlik service helpers shared by qlik_services and qlik_service_account (prepended to both module scripts), on the
# host façade's SCM verbs (src/hostapi/contract/services.ts). Windows PowerShell 5.1.
# The documented start order: QRD, (QLS), QSD, QRS, then the rest; stop in reverse.
# Service objects are the façade's (Name, DisplayName, State, StartMode, Account, ...); read them again with
# Get-WbService after a change. Get-QlikService writes its services to the pipeline: wrap the call in @().
# uses: ../module-utils/win32-error.ps1
$script:QlikOrder = @(
    'QlikSenseRepositoryDatabase', 'QlikLoggingService', 'QlikSenseServiceDispatcher', 'QlikSenseRepositoryService',
    'QlikSenseProxyService', 'QlikSenseEngineService', 'QlikSenseSchedulerService', 'QlikSensePrintingService'
)

function Get-QlikOrderRank {
    param([string]$Name)
    $i = [array]::IndexOf($script:QlikOrder, $Name)
    if ($i -lt 0) { return 99 }
    return $i
}

# "<code>: <Windows text>" for a Win32 refusal, else the error's message.
function Format-QlikServiceError {
    param($ErrorRecord)
    $w = Get-InnermostWin32Exception -ErrorRecord $ErrorRecord
    if ($null -ne $w) { return ('{0}: {1}' -f $w.NativeErrorCode, $w.Message) }
    if ($ErrorRecord -is [System.Management.Automation.ErrorRecord]) { return $ErrorRecord.Exception.Message }
    return "$ErrorRecord"
}

# The node's Qlik services in start order. -Names $null (or absent): every installed Qlik Sense service; a list,
# even an empty one, means exactly those (issue 13, M1: `services: []` is no services, never all of them).
function Get-QlikService {
    param([AllowNull()][AllowEmptyCollection()][object[]]$Names)
    if ($null -eq $Names) {
        $found = @(Find-WbService -Pattern 'Qlik*' | Where-Object { $script:QlikOrder -contains $_.Name })
    }
    else {
        $found = @(foreach ($n in $Names) {
                $svc = Get-WbService -Name ([string]$n)
                if ($null -eq $svc) { throw "Service '$n' was not found: The specified service does not exist as an installed service." }
                $svc
            })
    }
    # Items to the pipeline (callers wrap: @(Get-QlikService ...)).
    $found | Sort-Object -Property @{ Expression = { Get-QlikOrderRank -Name $_.Name } }
}

# Stops one service (and, with it, any running dependents) and waits, at most $Timeout seconds (1053 after that).
function Stop-QlikService {
    param($Service, [string]$Name, [int]$Timeout = 600)
    if ($null -ne $Service) { $Name = [string]$Service.Name }
    $null = Stop-WbService -Name $Name -Force -TimeoutSeconds $Timeout
}

# Starts one service and waits until it runs. Throws "<code>: <Windows text>" when the SCM refuses the start
# (1069 logon failure, 1058 disabled), the process exits while starting (1067) or the wait runs out (1053).
function Start-QlikService {
    param($Service, [string]$Name, [int]$Timeout = 600)
    if ($null -ne $Service) { $Name = [string]$Service.Name }
    try { $null = Start-WbService -Name $Name -TimeoutSeconds $Timeout }
    catch { throw (Format-QlikServiceError -ErrorRecord $_) }
}
