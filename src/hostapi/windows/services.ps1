# Façade, Windows side (src/hostapi/contract/services.ts): the Service Control Manager. Windows PowerShell 5.1.
# ServiceController for status and controls (every control WAITS, with a timeout: 1053 when it runs out, never an
# endless Stop-Service), Win32_Service (CIM) for the configuration, the DelayedAutostart flag through sc.exe (no
# cmdlet or CIM method sets it; no secret ever goes on its command line). Errors: the innermost Win32Exception.

Add-Type -AssemblyName System.ServiceProcess -ErrorAction SilentlyContinue

# Win32_Service method return values are WMI's own numbering; the contract speaks Win32 codes.
$script:WbCimServiceCodes = @{
    1 = 50; 2 = 5; 3 = 1051; 4 = 1052; 5 = 1061; 6 = 1062; 7 = 1053; 8 = 1064; 9 = 3; 10 = 1056; 11 = 1055
    12 = 1075; 13 = 1068; 14 = 1058; 15 = 1069; 16 = 1072; 17 = 1054; 18 = 1059; 19 = 1078; 20 = 123; 21 = 87
    22 = 1057; 23 = 1073; 24 = 1056
}

function Assert-WbCimServiceResult {
    param([Parameter(Mandatory = $true)]$Result)
    $rv = [int]$Result.ReturnValue
    if ($rv -eq 0) { return }
    $code = 1064
    if ($script:WbCimServiceCodes.ContainsKey($rv)) { $code = [int]$script:WbCimServiceCodes[$rv] }
    Write-WbWin32Error -Code $code
}

function ConvertTo-WbWqlString {
    param([string]$Text)
    # WQL string literal: backslash and quote are escaped with a backslash.
    ($Text -replace '\\', '\\') -replace "'", "\'"
}

# The ServiceController of a service or driver by key name, else by display name; $null when absent.
function Get-WbServiceController {
    param([Parameter(Mandatory = $true)][string]$Name)
    $all = @([System.ServiceProcess.ServiceController]::GetServices()) + @([System.ServiceProcess.ServiceController]::GetDevices())
    foreach ($sc in $all) { if ($sc.ServiceName -eq $Name) { return $sc } }
    foreach ($sc in $all) { if ($sc.DisplayName -eq $Name) { return $sc } }
    return $null
}

function Get-WbServiceControllerOrThrow {
    param([Parameter(Mandatory = $true)][string]$Name)
    $sc = Get-WbServiceController -Name $Name
    if ($null -eq $sc) { Write-WbWin32Error -Code 1060 }
    return $sc
}

function Get-WbServiceCim {
    param([Parameter(Mandatory = $true)][string]$Name)
    $filter = "Name='$(ConvertTo-WbWqlString -Text $Name)'"
    $cim = Get-CimInstance -ClassName Win32_Service -Filter $filter -ErrorAction SilentlyContinue
    if ($null -eq $cim) { $cim = Get-CimInstance -ClassName Win32_SystemDriver -Filter $filter -ErrorAction SilentlyContinue }
    return $cim
}

function Test-WbServiceDelayed {
    param([Parameter(Mandatory = $true)][string]$Name)
    # The registry API, not the provider: a plain int, no PSPath decoration.
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey("SYSTEM\CurrentControlSet\Services\$Name")
    if ($null -eq $key) { return $false }
    try { return ([int]$key.GetValue('DelayedAutostart', 0) -eq 1) } finally { $key.Dispose() }
}

function ConvertTo-WbServiceObject {
    param([Parameter(Mandatory = $true)]$Controller, $Cim)
    $sc = $Controller
    $typeBits = [int]$sc.ServiceType
    $interactive = (($typeBits -band 256) -ne 0)
    # Without SERVICE_INTERACTIVE_PROCESS (0x100) and SERVICE_USER_SERVICE_INSTANCE (0x80); .NET's enum has no name
    # for the per-user types (0x50, 0x60).
    $baseType = $typeBits -band (-bnot 0x180)
    switch ($baseType) {
        0x50 { $typeName = 'UserOwnProcess' }
        0x60 { $typeName = 'UserShareProcess' }
        default { $typeName = ([System.ServiceProcess.ServiceType]$baseType).ToString() }
    }
    $isDriver = (($typeBits -band 3) -ne 0) -and (($typeBits -band 48) -eq 0)
    $startMode = $null
    $account = $null
    $path = $null
    $description = ''
    $exitCode = 0
    $specificExit = 0
    $errorControl = 'Normal'
    if ($null -ne $Cim) {
        $startMode = [string]$Cim.StartMode
        if ($startMode -eq 'Auto' -and (Test-WbServiceDelayed -Name $sc.ServiceName)) { $startMode = 'Delayed' }
        if (-not $isDriver) { $account = [string]$Cim.StartName }
        $path = [string]$Cim.PathName
        if ($null -ne $Cim.Description) { $description = [string]$Cim.Description }
        $exitCode = [int]$Cim.ExitCode
        $specificExit = [int]$Cim.ServiceSpecificExitCode
    }
    $view = [ordered]@{
        Name                    = [string]$sc.ServiceName
        DisplayName             = [string]$sc.DisplayName
        State                   = $sc.Status.ToString()
        StartMode               = $startMode
        Account                 = $account
        Path                    = $path
        Description             = $description
        Dependencies            = [string[]]@($sc.ServicesDependedOn | ForEach-Object { $_.ServiceName })
        DependentServices       = [string[]]@($sc.DependentServices | ForEach-Object { $_.ServiceName })
        CanPauseAndContinue     = [bool]$sc.CanPauseAndContinue
        ServiceType             = $typeName
        DesktopInteract         = $interactive
        ExitCode                = $exitCode
        ServiceSpecificExitCode = $specificExit
        ErrorControl            = $errorControl
    }
    # A service whose DACL refuses SERVICE_QUERY_CONFIG still lists: its optional configuration reads as $null.
    try {
        $extra = Get-WbServiceConfig2Properties -Name ([string]$sc.ServiceName)
        foreach ($k in @($extra.Keys)) { $view[$k] = $extra[$k] }
    }
    catch {
        foreach ($k in @('LoadOrderGroup', 'FailureActions', 'FailureActionsOnNonCrashFailures', 'SidInfo', 'RequiredPrivileges', 'PreShutdownTimeout', 'LaunchProtection', 'PreferredNode', 'Triggers', 'ProcessId', 'ServiceFlags')) { $view[$k] = $null }
    }
    [pscustomobject]$view
}

function Get-WbService {
    param([Parameter(Mandatory = $true)][string]$Name)
    $sc = Get-WbServiceController -Name $Name
    if ($null -eq $sc) { return $null }
    ConvertTo-WbServiceObject -Controller $sc -Cim (Get-WbServiceCim -Name $sc.ServiceName)
}

function Find-WbService {
    param([string]$Pattern)
    $cims = @{}
    foreach ($c in @(Get-CimInstance -ClassName Win32_Service)) { $cims[[string]$c.Name] = $c }
    $list = @([System.ServiceProcess.ServiceController]::GetServices() | Where-Object {
            [string]::IsNullOrEmpty($Pattern) -or $_.ServiceName -like $Pattern -or $_.DisplayName -like $Pattern
        } | Sort-Object -Property ServiceName)
    foreach ($sc in $list) { ConvertTo-WbServiceObject -Controller $sc -Cim $cims[[string]$sc.ServiceName] }
}

# sc.exe only for what no cmdlet or CIM method sets (the delayed-start flag; clearing every dependency). Its exit
# code is the Win32 error. Never pass a secret here.
function Invoke-WbScConfig {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string[]]$Setting)
    $null = & sc.exe config $Name @Setting
    if ($LASTEXITCODE -ne 0) { Write-WbWin32Error -Code $LASTEXITCODE }
}

function Set-WbServiceStartModeCore {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Mode, [Parameter(Mandatory = $true)]$Cim)
    switch ($Mode) {
        'Auto' { $wmiMode = 'Automatic' }
        'Delayed' { $wmiMode = 'Automatic' }
        'Manual' { $wmiMode = 'Manual' }
        'Disabled' { $wmiMode = 'Disabled' }
        default { Write-WbWin32Error -Code 87 }
    }
    Assert-WbCimServiceResult -Result (Invoke-CimMethod -InputObject $Cim -MethodName ChangeStartMode -Arguments @{ StartMode = $wmiMode })
    if ($Mode -eq 'Delayed') { Invoke-WbScConfig -Name $Name -Setting @('start=', 'delayed-auto') }
    elseif ($Mode -eq 'Auto' -and (Test-WbServiceDelayed -Name $Name)) { Invoke-WbScConfig -Name $Name -Setting @('start=', 'auto') }
}

function New-WbService {
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][string]$Path,
        [string]$DisplayName,
        [string]$Description,
        [string]$StartMode,
        [AllowEmptyCollection()][string[]]$Dependencies
    )
    $newArgs = @{ Name = $Name; BinaryPathName = $Path; StartupType = 'Manual'; ErrorAction = 'Stop' }
    if ($PSBoundParameters.ContainsKey('DisplayName') -and $DisplayName -ne '') { $newArgs.DisplayName = $DisplayName }
    if ($PSBoundParameters.ContainsKey('Description')) { $newArgs.Description = $Description }
    if ($PSBoundParameters.ContainsKey('Dependencies') -and $null -ne $Dependencies -and $Dependencies.Count -gt 0) { $newArgs.DependsOn = $Dependencies }
    try {
        $null = New-Service @newArgs
        if ($PSBoundParameters.ContainsKey('StartMode') -and $StartMode -ne '' -and $StartMode -ne 'Manual') {
            Set-WbServiceStartModeCore -Name $Name -Mode $StartMode -Cim (Get-WbServiceCim -Name $Name)
        }
    }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
    Get-WbService -Name $Name
}

function Remove-WbService {
    param([Parameter(Mandatory = $true)][string]$Name)
    $sc = Get-WbServiceControllerOrThrow -Name $Name
    $cim = Get-WbServiceCim -Name $sc.ServiceName
    try { Assert-WbCimServiceResult -Result (Invoke-CimMethod -InputObject $cim -MethodName Delete) }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
}

function Set-WbServiceConfig {
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [string]$DisplayName,
        [string]$Path,
        [AllowNull()][AllowEmptyString()][string]$Description,
        [string]$StartMode,
        [AllowNull()][AllowEmptyCollection()][string[]]$Dependencies,
        [string]$ServiceType,
        [bool]$DesktopInteract,
        [string]$ErrorControl,
        [AllowEmptyString()][string]$LoadOrderGroup
    )
    $sc = Get-WbServiceControllerOrThrow -Name $Name
    $key = [string]$sc.ServiceName
    $cim = Get-WbServiceCim -Name $key
    $current = ConvertTo-WbServiceObject -Controller $sc -Cim $cim
    $changed = $false
    try {
        $change = @{}
        if ($PSBoundParameters.ContainsKey('DisplayName') -and $null -ne $DisplayName -and $DisplayName -cne $current.DisplayName) { $change.DisplayName = $DisplayName }
        if ($PSBoundParameters.ContainsKey('Path') -and $null -ne $Path -and $Path -cne $current.Path) { $change.PathName = $Path }
        $clearDependencies = $false
        if ($PSBoundParameters.ContainsKey('Dependencies') -and $null -ne $Dependencies) {
            # An explicit empty list clears them all (issue 13, M1); compared as sets, case-insensitively.
            $want = @($Dependencies | ForEach-Object { $_.ToLowerInvariant() } | Sort-Object -Unique)
            $have = @($current.Dependencies | ForEach-Object { $_.ToLowerInvariant() } | Sort-Object -Unique)
            if (($want -join '|') -ne ($have -join '|')) {
                if ($Dependencies.Count -eq 0) { $clearDependencies = $true } else { $change.ServiceDependencies = [string[]]$Dependencies }
            }
        }
        if ($change.Count -gt 0) {
            Assert-WbCimServiceResult -Result (Invoke-CimMethod -InputObject $cim -MethodName Change -Arguments $change)
            $changed = $true
        }
        if ($clearDependencies) {
            # Win32_Service.Change reads an empty array as "no change"; `depend= /` is ChangeServiceConfig's "none".
            Invoke-WbScConfig -Name $key -Setting @('depend=', '/')
            $changed = $true
        }
        if ($PSBoundParameters.ContainsKey('Description') -and $null -ne $Description -and $Description -cne $current.Description) {
            Set-Service -Name $key -Description $Description -ErrorAction Stop
            $changed = $true
        }
        if ($PSBoundParameters.ContainsKey('StartMode') -and $StartMode -ne '' -and $StartMode -ne $current.StartMode) {
            Set-WbServiceStartModeCore -Name $key -Mode $StartMode -Cim $cim
            $changed = $true
        }
        $typeChange = @{}
        foreach ($p in @('ServiceType', 'DesktopInteract', 'ErrorControl', 'LoadOrderGroup')) {
            if ($PSBoundParameters.ContainsKey($p)) { $typeChange[$p] = $PSBoundParameters[$p] }
        }
        if ($typeChange.Count -gt 0 -and (Set-WbServiceTypeCore -Name $key -Change $typeChange)) { $changed = $true }
    }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
    return $changed
}

function Set-WbServiceAccount {
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][string]$Account,
        [AllowNull()][AllowEmptyString()][string]$Password
    )
    $sc = Get-WbServiceControllerOrThrow -Name $Name
    $cim = Get-WbServiceCim -Name $sc.ServiceName
    # The secret goes to CIM as a method argument, never on a command line. Absent: the stored password stays.
    $change = @{ StartName = $Account }
    if ($PSBoundParameters.ContainsKey('Password') -and $null -ne $Password) { $change.StartPassword = $Password }
    try { Assert-WbCimServiceResult -Result (Invoke-CimMethod -InputObject $cim -MethodName Change -Arguments $change) }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
}

# Waits until the service reports $Want, polling so a process that dies while starting is reported with its exit
# code (1067 and the like) rather than as a timeout. Out of time: 1053, as the SCM words it.
function Wait-WbServiceStatus {
    param([Parameter(Mandatory = $true)]$Controller, [Parameter(Mandatory = $true)][string]$Want, [int]$TimeoutSeconds)
    if ($TimeoutSeconds -le 0) { $TimeoutSeconds = 30 }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $Controller.Refresh()
        $now = $Controller.Status.ToString()
        if ($now -eq $Want) { return }
        if ($Want -eq 'Running' -and $now -eq 'Stopped') {
            $cim = Get-WbServiceCim -Name $Controller.ServiceName
            $code = 1067
            if ($null -ne $cim -and [int]$cim.ExitCode -ne 0 -and [int]$cim.ExitCode -ne 1077) { $code = [int]$cim.ExitCode }
            Write-WbWin32Error -Code $code
        }
        if ([DateTime]::UtcNow -ge $deadline) { Write-WbWin32Error -Code 1053 }
        Start-Sleep -Milliseconds 250
    }
}

function Start-WbService {
    param([Parameter(Mandatory = $true)][string]$Name, [int]$TimeoutSeconds = 30)
    $sc = Get-WbServiceControllerOrThrow -Name $Name
    $status = $sc.Status.ToString()
    if ($status -eq 'Running') { return $false }
    try {
        if ($status -eq 'Paused' -or $status -eq 'PausePending' -or $status -eq 'ContinuePending') { Write-WbWin32Error -Code 1056 }
        if ($status -ne 'StartPending') { $sc.Start() }
        Wait-WbServiceStatus -Controller $sc -Want 'Running' -TimeoutSeconds $TimeoutSeconds
    }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
    return $true
}

function Stop-WbService {
    param([Parameter(Mandatory = $true)][string]$Name, [switch]$Force, [int]$TimeoutSeconds = 30)
    $sc = Get-WbServiceControllerOrThrow -Name $Name
    if ($sc.Status.ToString() -eq 'Stopped') { return $false }
    try {
        $running = @($sc.DependentServices | Where-Object { $_.Status.ToString() -ne 'Stopped' })
        if ($running.Count -gt 0 -and -not $Force) { Write-WbWin32Error -Code 1051 }
        # Dependents first, each with the same bounded wait (ServiceController.Stop would wait 30 s on each itself).
        foreach ($d in $running) { $null = Stop-WbService -Name $d.ServiceName -Force -TimeoutSeconds $TimeoutSeconds }
        $sc.Refresh()
        if ($sc.Status.ToString() -ne 'StopPending') { $sc.Stop() }
        Wait-WbServiceStatus -Controller $sc -Want 'Stopped' -TimeoutSeconds $TimeoutSeconds
    }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
    return $true
}

function Suspend-WbService {
    param([Parameter(Mandatory = $true)][string]$Name, [int]$TimeoutSeconds = 30)
    $sc = Get-WbServiceControllerOrThrow -Name $Name
    $status = $sc.Status.ToString()
    if ($status -eq 'Paused') { return $false }
    try {
        if ($status -ne 'Running' -and $status -ne 'PausePending') { Write-WbWin32Error -Code 1062 }
        if (-not $sc.CanPauseAndContinue) { Write-WbWin32Error -Code 1052 }
        if ($status -ne 'PausePending') { $sc.Pause() }
        Wait-WbServiceStatus -Controller $sc -Want 'Paused' -TimeoutSeconds $TimeoutSeconds
    }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
    return $true
}

function Resume-WbService {
    param([Parameter(Mandatory = $true)][string]$Name, [int]$TimeoutSeconds = 30)
    $sc = Get-WbServiceControllerOrThrow -Name $Name
    $status = $sc.Status.ToString()
    if ($status -eq 'Running') { return $false }
    try {
        if ($status -ne 'Paused' -and $status -ne 'ContinuePending') { Write-WbWin32Error -Code 1062 }
        if ($status -ne 'ContinuePending') { $sc.Continue() }
        Wait-WbServiceStatus -Controller $sc -Want 'Running' -TimeoutSeconds $TimeoutSeconds
    }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
    return $true
}
