# Qlik service helpers shared by qlik_services and qlik_service_account (prepended to both module scripts).
# Windows PowerShell 5.1. The documented start order: QRD, (QLS), QSD, QRS, then the rest; stop in reverse.
$script:QlikOrder = @(
    'QlikSenseRepositoryDatabase', 'QlikLoggingService', 'QlikSenseServiceDispatcher', 'QlikSenseRepositoryService',
    'QlikSenseProxyService', 'QlikSenseEngineService', 'QlikSenseSchedulerService', 'QlikSensePrintingService'
)

function Get-QlikService {
    param($Names)
    if ($null -eq $Names) {
        $found = @(Get-Service -ErrorAction SilentlyContinue | Where-Object { $script:QlikOrder -contains $_.Name })
    } else {
        $found = @($Names | ForEach-Object { Get-Service -Name $_ -ErrorAction Stop })
    }
    @($found | Sort-Object { $i = [array]::IndexOf($script:QlikOrder, $_.Name); if ($i -lt 0) { 99 } else { $i } })
}

function Stop-QlikService {
    param([System.ServiceProcess.ServiceController]$Service, [int]$Timeout)
    Stop-Service -Name $Service.Name -Force -ErrorAction Stop
    $Service.WaitForStatus('Stopped', [TimeSpan]::FromSeconds($Timeout))
}

# Starts one service and waits until it runs. Throws "<code>: <Windows text>" when the SCM refuses the start
# (1069 logon failure) or the process exits during start (its Win32 exit code, e.g. 1067).
function Start-QlikService {
    param([System.ServiceProcess.ServiceController]$Service, [int]$Timeout)
    try {
        $Service.Start()
    } catch {
        $inner = $_.Exception.InnerException
        if ($inner -is [System.ComponentModel.Win32Exception]) { throw ('{0}: {1}' -f $inner.NativeErrorCode, $inner.Message) }
        throw
    }
    $deadline = (Get-Date).AddSeconds($Timeout)
    while ((Get-Date) -lt $deadline) {
        $Service.Refresh()
        if ($Service.Status -eq 'Running') { return }
        if ($Service.Status -eq 'Stopped') {
            $code = (Get-CimInstance -ClassName Win32_Service -Filter "Name='$($Service.Name)'").ExitCode
            throw ('{0}: {1}' -f $code, (New-Object System.ComponentModel.Win32Exception([int]$code)).Message)
        }
        Start-Sleep -Milliseconds 500
    }
    throw "timed out after $Timeout s waiting for $($Service.Name) to run"
}
