# Windows PowerShell 5.1's service cmdlets (Microsoft.PowerShell.Management) for users' scripts on a simulated host,
# as advanced functions over the host's SCM model (src/sim/windows/user-services.ts; reads through the façade's
# Find-WbService/Get-WbService). Parameter sets, messages, error ids and categories are those of PowerShell's
# Service.cs and ServiceResources.resx (PowerShell/PowerShell, src/Microsoft.PowerShell.Commands.Management),
# where 5.1 and 7 agree; where 7 changed a cmdlet, 5.1's behaviour is kept and the comment says so. The inner
# exceptions' texts are .NET Framework's ServiceController ("Cannot start service X on computer '.'.").
# Objects: ServiceController-like (PSTypeName System.ServiceProcess.ServiceController) snapshots whose Status is a
# real ServiceControllerStatus and StartType a real ServiceStartMode, so `-eq 'Running'` compares as on Windows.

# One service as a ServiceController-like object, without its two service lists (__WbSimServiceGraph adds them).
function __WbSimServiceShell {
    param($S)
    $type = switch ($S.ServiceType) {
        'Win32ShareProcess' { 32 }
        'UserOwnProcess' { 80 }
        'UserShareProcess' { 96 }
        'KernelDriver' { 1 }
        default { 16 }
    }
    if ($S.DesktopInteract) { $type = $type -bor 256 }
    # 5.1's ServiceStartMode has no AutomaticDelayedStart: a delayed service reads Automatic.
    $start = switch ($S.StartMode) {
        'Manual' { 'Manual' }
        'Disabled' { 'Disabled' }
        default { 'Automatic' }
    }
    $status = [System.ServiceProcess.ServiceControllerStatus]$S.State
    $o = [pscustomobject]@{
        PSTypeName          = 'System.ServiceProcess.ServiceController'
        CanPauseAndContinue = [bool]$S.CanPauseAndContinue
        CanShutdown         = $false
        # SERVICE_ACCEPT_STOP, as a running service reports it; the model has no service that refuses stop controls.
        CanStop             = ($status -eq 'Running' -or $status -eq 'Paused')
        DisplayName         = [string]$S.DisplayName
        MachineName         = '.'
        ServiceName         = [string]$S.Name
        ServiceHandle       = $null
        Status              = $status
        ServiceType         = [System.ServiceProcess.ServiceType]$type
        StartType           = [System.ServiceProcess.ServiceStartMode]$start
        Site                = $null
        Container           = $null
    }
    # ServiceController.ToString(), which error records show as their target's name.
    $o | Add-Member -MemberType CodeMethod -Name ToString -Value ([WinbookSim.UserLayerObjects].GetMethod('ServiceControllerToString')) -Force
    # Types.ps1xml's aliases on ServiceController.
    $o | Add-Member -MemberType AliasProperty -Name Name -Value ServiceName
    $o
}

# The services as objects whose DependentServices and ServicesDependedOn are the other objects, as ServiceController
# answers them from the SCM: plain properties (not script properties), so they read the same after the user's
# runspace is gone (win_powershell converts its output afterwards). The SCM refuses dependency cycles, but the two
# lists point at each other, so the objects are made first and linked after. Drivers named as a dependency (HTTP)
# are fetched by name, as wildcard listings leave them out.
function __WbSimServiceGraph {
    param([object[]]$All)
    $raw = @{}
    foreach ($s in $All) { if ($null -ne $s) { $raw[$s.Name.ToLowerInvariant()] = $s } }
    foreach ($s in @($raw.Values)) {
        foreach ($d in @($s.Dependencies)) {
            if ($d -and -not $raw.ContainsKey($d.ToLowerInvariant())) {
                $x = __WbSimCall 'Get-WbService' @{ Name = $d }
                if ($null -ne $x) { $raw[$d.ToLowerInvariant()] = $x }
            }
        }
    }
    $objects = @{}
    foreach ($k in @($raw.Keys)) { $objects[$k] = __WbSimServiceShell $raw[$k] }
    foreach ($k in @($raw.Keys)) {
        $dependents = @(foreach ($n in @($raw[$k].DependentServices)) { if ($n -and $objects.ContainsKey($n.ToLowerInvariant())) { $objects[$n.ToLowerInvariant()] } })
        $dependsOn = @(foreach ($n in @($raw[$k].Dependencies)) { if ($n -and $objects.ContainsKey($n.ToLowerInvariant())) { $objects[$n.ToLowerInvariant()] } })
        $objects[$k] | Add-Member -MemberType NoteProperty -Name DependentServices -Value $dependents
        $objects[$k] | Add-Member -MemberType NoteProperty -Name ServicesDependedOn -Value $dependsOn
        $objects[$k] | Add-Member -MemberType AliasProperty -Name RequiredServices -Value ServicesDependedOn
    }
    $objects
}

function __WbSimServiceObject {
    param($S)
    (__WbSimServiceGraph -All (@(__WbSimAllServices) + @($S)))[$S.Name.ToLowerInvariant()]
}

function __WbSimServiceLabel {
    param($S)
    "$($S.DisplayName) ($($S.Name))"
}

# The service cmdlets' error: ServiceCommandException "Service 'Display (Name)' cannot … due to the following error: X".
function __WbSimServiceError {
    param($S, [Exception]$Inner, [string]$Id, [string]$Format, [System.Management.Automation.ErrorCategory]$Category, [string]$Cmdlet, $Target)
    $third = if ($null -eq $Inner) { [string]$Category } else { $Inner.Message }
    $message = [string]::Format($Format, $S.Name, $S.DisplayName, $third)
    $e = New-Object Microsoft.PowerShell.Commands.ServiceCommandException($message, $Inner)
    $e.ServiceName = $S.Name
    $isService = $null -eq $Target
    if ($isService) { $Target = __WbSimServiceObject $S }
    $r = __WbSimError -Exception $e -Id $Id -Category $Category -Target $Target -Cmdlet $Cmdlet
    # The category line names the target as a ServiceController would: (System.ServiceProcess.ServiceController:ServiceController).
    if ($isService) { $r.CategoryInfo.TargetName = 'System.ServiceProcess.ServiceController'; $r.CategoryInfo.TargetType = 'ServiceController' }
    $r
}

# ServiceController's own exception around the SCM's error: OpenService failing (access denied) or the call itself.
function __WbSimControllerError {
    param([string]$Name, [System.ComponentModel.Win32Exception]$ScmError, [string]$Format)
    if ($ScmError.NativeErrorCode -eq 5 -or $ScmError.NativeErrorCode -eq 1060) { $Format = "Cannot open {0} service on computer '.'." }
    New-Object System.InvalidOperationException(([string]::Format($Format, $Name)), $ScmError)
}

function __WbSimAllServices { @(__WbSimCall 'Find-WbService' @{}) }

# MatchingServices(): by name (a key or display name without wildcards; key names with them), by display name, or
# the piped objects; then -Include/-Exclude on the key name. A name without wildcards that matches nothing is an error.
function __WbSimMatchServices {
    param($Caller, [string]$Cmdlet, [string]$Set, [string[]]$Name, [string[]]$DisplayName, [object[]]$InputObject, [string[]]$Include, [string[]]$Exclude)
    $all = @(__WbSimAllServices)
    $found = New-Object System.Collections.ArrayList
    $seen = @{}
    $add = {
        param($s)
        if ($seen.ContainsKey($s.Name.ToLowerInvariant())) { return }
        if ($Include -and -not @($Include | Where-Object { __WbSimLike $s.Name $_ })) { return }
        if ($Exclude -and @($Exclude | Where-Object { __WbSimLike $s.Name $_ })) { return }
        $seen[$s.Name.ToLowerInvariant()] = $true
        [void]$found.Add($s)
    }
    if ($Set -eq 'InputObject') {
        foreach ($io in $InputObject) {
            $s = $all | Where-Object { $_.Name -eq $io.ServiceName } | Select-Object -First 1
            if ($null -ne $s) { & $add $s }
        }
    }
    elseif ($Set -eq 'DisplayName') {
        foreach ($p in $DisplayName) {
            $hit = @($all | Where-Object { __WbSimLike $_.DisplayName $p })
            foreach ($s in $hit) { & $add $s }
            if ($hit.Count -eq 0 -and -not (__WbSimHasWildcard $p)) {
                $e = New-Object Microsoft.PowerShell.Commands.ServiceCommandException(([string]::Format("Cannot find any service with display name '{1}'.", '', $p)), $null)
                $e.ServiceName = ''
                $Caller.WriteError((__WbSimError -Exception $e -Id 'NoServiceFoundForGivenDisplayName' -Category ObjectNotFound -Target $p -Cmdlet $Cmdlet))
            }
        }
    }
    else {
        if ($null -eq $Name) { $Name = @('*') }
        foreach ($p in $Name) {
            if (__WbSimHasWildcard $p) {
                foreach ($s in @($all | Where-Object { __WbSimLike $_.Name $p })) { & $add $s }
                continue
            }
            # A name without wildcards is opened as ServiceController(name) opens it: a key or display name, a driver
            # too (HTTP), which wildcard listings (ServiceController.GetServices()) leave out.
            $s = __WbSimCall 'Get-WbService' @{ Name = $p }
            if ($null -ne $s) { & $add $s; continue }
            $e = New-Object Microsoft.PowerShell.Commands.ServiceCommandException("Cannot find any service with service name '$p'.", $null)
            $e.ServiceName = $p
            $Caller.WriteError((__WbSimError -Exception $e -Id 'NoServiceFoundForGivenName' -Category ObjectNotFound -Target $p -Cmdlet $Cmdlet))
        }
    }
    , $found.ToArray()
}

function __WbSimRefresh {
    param($S)
    __WbSimCall 'Get-WbService' @{ Name = $S.Name }
}

# DoStartService: Start (already running is no error), then the wait.
function __WbSimStart {
    param($S, $Caller, [string]$Cmdlet)
    try { $null = __WbSimCall 'User.ServiceControl' @{ Name = $S.Name; Control = 'start' } }
    catch {
        $w = $_.Exception
        if ($w -is [System.ComponentModel.Win32Exception] -and $w.NativeErrorCode -eq 1056) { return $true }
        if (-not ($w -is [System.ComponentModel.Win32Exception])) { throw }
        $inner = __WbSimControllerError -Format "Cannot start service {0} on computer '.'." -Name $S.Name -ScmError $w
        $Caller.WriteError((__WbSimServiceError -S $S -Inner $inner -Id 'CouldNotStartService' -Format "Service '{1} ({0})' cannot be started due to the following error: {2}" -Category OpenError -Cmdlet $Cmdlet))
        return $false
    }
    $now = __WbSimRefresh $S
    if ($now.State -ne 'Running') {
        $Caller.WriteError((__WbSimServiceError -S $now -Id 'StartServiceFailed' -Format "Failed to start service '{1} ({0})'." -Category OpenError -Cmdlet $Cmdlet))
        return $false
    }
    $true
}

# DoStopService: running dependants refuse the stop unless -Force; returns the services it stopped (dependants, then
# the service), or $null when it failed.
function __WbSimStop {
    param($S, [bool]$Force, $Caller, [string]$Cmdlet, [object[]]$All)
    $running = @($All | Where-Object { $S.DependentServices -contains $_.Name -and $_.State -ne 'Stopped' })
    if (-not $Force -and $running.Count -gt 0) {
        $Caller.WriteError((__WbSimServiceError -S $S -Id 'ServiceHasDependentServices' -Format "Cannot stop service '{1} ({0})' because it has dependent services. It can only be stopped if the Force flag is set." -Category InvalidOperation -Cmdlet $Cmdlet))
        return
    }
    try { $null = __WbSimCall 'User.ServiceControl' @{ Name = $S.Name; Control = 'stop'; Force = $Force } }
    catch {
        $w = $_.Exception
        if (-not ($w -is [System.ComponentModel.Win32Exception])) { throw }
        if ($w.NativeErrorCode -ne 1062) {
            $inner = __WbSimControllerError -Format "Cannot stop {0} service on computer '.'." -Name $S.Name -ScmError $w
            $Caller.WriteError((__WbSimServiceError -S $S -Inner $inner -Id 'CouldNotStopService' -Format "Service '{1} ({0})' cannot be stopped due to the following error: {2}" -Category CloseError -Cmdlet $Cmdlet))
            return
        }
    }
    $now = __WbSimRefresh $S
    if ($now.State -ne 'Stopped') {
        # A service that never leaves StopPending: Windows' Stop-Service would wait for ever, warning every 2 s; the
        # simulator cannot hold the run, so it warns once and reports the stop as failed.
        $Caller.WriteWarning("Waiting for service '$(__WbSimServiceLabel $S)' to stop...")
        $Caller.WriteError((__WbSimServiceError -S $now -Id 'StopServiceFailed' -Format "Service '{1} ({0})' stop failed." -Category OpenError -Cmdlet $Cmdlet))
        return
    }
    , @(@($running) + @($S))
}

function __WbSimPauseOrResume {
    param($S, [string]$Control, $Caller, [string]$Cmdlet)
    $verb = if ($Control -eq 'pause') { 'suspended' } else { 'resumed' }
    $id = if ($Control -eq 'pause') { 'CouldNotSuspendService' } else { 'CouldNotResumeService' }
    try { $null = __WbSimCall 'User.ServiceControl' @{ Name = $S.Name; Control = $Control }; return $true }
    catch {
        $w = $_.Exception
        if (-not ($w -is [System.ComponentModel.Win32Exception])) { throw }
        if ($w.NativeErrorCode -eq 1062) { $Caller.WriteError((__WbSimServiceError -S $S -Id "$($id)NotRunning" -Format "Service '{1} ({0})' cannot be $verb because it is not currently running." -Category CloseError -Cmdlet $Cmdlet)) }
        elseif ($w.NativeErrorCode -eq 1052) { $Caller.WriteError((__WbSimServiceError -S $S -Id "$($id)NotSupported" -Format "Service '{1} ({0})' cannot be $verb because the service does not support being suspended or resumed." -Category CloseError -Cmdlet $Cmdlet)) }
        else {
            $what = if ($Control -eq 'pause') { 'pause' } else { 'resume' }
            $inner = __WbSimControllerError -Format "Cannot $what {0} service on computer '.'." -Name $S.Name -ScmError $w
            $Caller.WriteError((__WbSimServiceError -S $S -Inner $inner -Id $id -Format "Service '{1} ({0})' cannot be $verb due to the following error: {2}" -Category CloseError -Cmdlet $Cmdlet))
        }
        return $false
    }
}

function Get-Service {
    [CmdletBinding(DefaultParameterSetName = 'Default')]
    param(
        [Parameter(ParameterSetName = 'Default', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]]$Name,
        [Parameter(ParameterSetName = 'DisplayName', Mandatory = $true)][string[]]$DisplayName,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)][ValidateNotNull()][PSTypeName('System.ServiceProcess.ServiceController')][object[]]$InputObject,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('Cn')][ValidateNotNullOrEmpty()][string[]]$ComputerName,
        [Alias('DS')][switch]$DependentServices,
        [Alias('SDO', 'ServicesDependedOn')][switch]$RequiredServices,
        [ValidateNotNullOrEmpty()][string[]]$Include,
        [ValidateNotNullOrEmpty()][string[]]$Exclude
    )
    process {
        if ($ComputerName -and @($ComputerName | Where-Object { $_ -ne '.' -and $_ -ne 'localhost' -and $_ -ne $env:COMPUTERNAME })) {
            $PSCmdlet.ThrowTerminatingError((__WbSimError -Exception (New-Object System.NotSupportedException('winbook simulator: Get-Service -ComputerName reaches other machines, which a simulated host cannot.')) -Id 'NotSupported' -Category NotImplemented -Target $ComputerName -Cmdlet 'GetServiceCommand'))
        }
        $matched = __WbSimMatchServices -Caller $PSCmdlet -Cmdlet 'GetServiceCommand' -Set $PSCmdlet.ParameterSetName -Name $Name -DisplayName $DisplayName -InputObject $InputObject -Include $Include -Exclude $Exclude
        if ($matched.Count -eq 0) { return }
        $graph = __WbSimServiceGraph -All (@(__WbSimAllServices) + @($matched))
        foreach ($s in $matched) {
            $o = $graph[$s.Name.ToLowerInvariant()]
            if ($DependentServices -or $RequiredServices) {
                if ($DependentServices) { $o.DependentServices }
                if ($RequiredServices) { $o.ServicesDependedOn }
            }
            else { $o }
        }
    }
}

function Start-Service {
    [CmdletBinding(DefaultParameterSetName = 'InputObject', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNullOrEmpty()][PSTypeName('System.ServiceProcess.ServiceController')][object[]]$InputObject,
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]]$Name,
        [Parameter(ParameterSetName = 'DisplayName', Mandatory = $true)][string[]]$DisplayName,
        [ValidateNotNullOrEmpty()][string[]]$Include,
        [ValidateNotNullOrEmpty()][string[]]$Exclude,
        [switch]$PassThru
    )
    process {
        foreach ($s in (__WbSimMatchServices -Caller $PSCmdlet -Cmdlet 'StartServiceCommand' -Set $PSCmdlet.ParameterSetName -Name $Name -DisplayName $DisplayName -InputObject $InputObject -Include $Include -Exclude $Exclude)) {
            if (-not $PSCmdlet.ShouldProcess((__WbSimServiceLabel $s))) { continue }
            if ((__WbSimStart -S $s -Caller $PSCmdlet -Cmdlet 'StartServiceCommand') -and $PassThru) { __WbSimServiceObject (__WbSimRefresh $s) }
        }
    }
}

function Stop-Service {
    [CmdletBinding(DefaultParameterSetName = 'InputObject', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNullOrEmpty()][PSTypeName('System.ServiceProcess.ServiceController')][object[]]$InputObject,
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]]$Name,
        [Parameter(ParameterSetName = 'DisplayName', Mandatory = $true)][string[]]$DisplayName,
        [ValidateNotNullOrEmpty()][string[]]$Include,
        [ValidateNotNullOrEmpty()][string[]]$Exclude,
        [switch]$Force,
        [switch]$NoWait,
        [switch]$PassThru
    )
    process {
        foreach ($s in (__WbSimMatchServices -Caller $PSCmdlet -Cmdlet 'StopServiceCommand' -Set $PSCmdlet.ParameterSetName -Name $Name -DisplayName $DisplayName -InputObject $InputObject -Include $Include -Exclude $Exclude)) {
            if (-not $PSCmdlet.ShouldProcess((__WbSimServiceLabel $s))) { continue }
            $stopped = __WbSimStop -S $s -Force ([bool]$Force) -Caller $PSCmdlet -Cmdlet 'StopServiceCommand' -All @(__WbSimAllServices)
            if ($null -ne $stopped -and $PassThru) { __WbSimServiceObject (__WbSimRefresh $s) }
        }
    }
}

function Restart-Service {
    [CmdletBinding(DefaultParameterSetName = 'InputObject', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNullOrEmpty()][PSTypeName('System.ServiceProcess.ServiceController')][object[]]$InputObject,
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]]$Name,
        [Parameter(ParameterSetName = 'DisplayName', Mandatory = $true)][string[]]$DisplayName,
        [ValidateNotNullOrEmpty()][string[]]$Include,
        [ValidateNotNullOrEmpty()][string[]]$Exclude,
        [switch]$Force,
        [switch]$PassThru
    )
    process {
        foreach ($s in (__WbSimMatchServices -Caller $PSCmdlet -Cmdlet 'RestartServiceCommand' -Set $PSCmdlet.ParameterSetName -Name $Name -DisplayName $DisplayName -InputObject $InputObject -Include $Include -Exclude $Exclude)) {
            if (-not $PSCmdlet.ShouldProcess((__WbSimServiceLabel $s))) { continue }
            # RestartServiceCommand: stop (with its running dependants under -Force), then start what DoStopService
            # stopped, in its order (the dependants, then the service: the SCM starts the service first as their
            # dependency); a stopped service is simply started.
            $stopped = __WbSimStop -S $s -Force ([bool]$Force) -Caller $PSCmdlet -Cmdlet 'RestartServiceCommand' -All @(__WbSimAllServices)
            if ($null -eq $stopped) { continue }
            foreach ($t in $stopped) {
                if ((__WbSimStart -S $t -Caller $PSCmdlet -Cmdlet 'RestartServiceCommand') -and $PassThru) { __WbSimServiceObject (__WbSimRefresh $t) }
            }
        }
    }
}

function Suspend-Service {
    [CmdletBinding(DefaultParameterSetName = 'InputObject', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNullOrEmpty()][PSTypeName('System.ServiceProcess.ServiceController')][object[]]$InputObject,
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]]$Name,
        [Parameter(ParameterSetName = 'DisplayName', Mandatory = $true)][string[]]$DisplayName,
        [ValidateNotNullOrEmpty()][string[]]$Include,
        [ValidateNotNullOrEmpty()][string[]]$Exclude,
        [switch]$PassThru
    )
    process {
        foreach ($s in (__WbSimMatchServices -Caller $PSCmdlet -Cmdlet 'SuspendServiceCommand' -Set $PSCmdlet.ParameterSetName -Name $Name -DisplayName $DisplayName -InputObject $InputObject -Include $Include -Exclude $Exclude)) {
            if (-not $PSCmdlet.ShouldProcess((__WbSimServiceLabel $s))) { continue }
            if ((__WbSimPauseOrResume -S $s -Control 'pause' -Caller $PSCmdlet -Cmdlet 'SuspendServiceCommand') -and $PassThru) { __WbSimServiceObject (__WbSimRefresh $s) }
        }
    }
}

function Resume-Service {
    [CmdletBinding(DefaultParameterSetName = 'InputObject', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNullOrEmpty()][PSTypeName('System.ServiceProcess.ServiceController')][object[]]$InputObject,
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]]$Name,
        [Parameter(ParameterSetName = 'DisplayName', Mandatory = $true)][string[]]$DisplayName,
        [ValidateNotNullOrEmpty()][string[]]$Include,
        [ValidateNotNullOrEmpty()][string[]]$Exclude,
        [switch]$PassThru
    )
    process {
        foreach ($s in (__WbSimMatchServices -Caller $PSCmdlet -Cmdlet 'ResumeServiceCommand' -Set $PSCmdlet.ParameterSetName -Name $Name -DisplayName $DisplayName -InputObject $InputObject -Include $Include -Exclude $Exclude)) {
            if (-not $PSCmdlet.ShouldProcess((__WbSimServiceLabel $s))) { continue }
            if ((__WbSimPauseOrResume -S $s -Control 'continue' -Caller $PSCmdlet -Cmdlet 'ResumeServiceCommand') -and $PassThru) { __WbSimServiceObject (__WbSimRefresh $s) }
        }
    }
}

# 5.1's Set-Service: -Name/-InputObject, -DisplayName, -Description, -StartupType (Automatic, Manual, Disabled),
# -Status, -PassThru. No -Credential, -Force or -SecurityDescriptorSddl (6.0 and later), so a script that passes
# them fails parameter binding as on 5.1.
function Set-Service {
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName', 'SN')][string]$Name,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)][PSTypeName('System.ServiceProcess.ServiceController')][object]$InputObject,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('cn')][ValidateNotNullOrEmpty()][string[]]$ComputerName,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('DN')][ValidateNotNullOrEmpty()][string]$DisplayName,
        [Parameter(ValueFromPipelineByPropertyName = $true)][ValidateNotNullOrEmpty()][string]$Description,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('StartMode', 'SM', 'ST')][System.ServiceProcess.ServiceStartMode]$StartupType,
        [Parameter(ValueFromPipelineByPropertyName = $true)][ValidateSet('Running', 'Stopped', 'Paused')][string]$Status,
        [switch]$PassThru
    )
    process {
        $key = if ($PSCmdlet.ParameterSetName -eq 'InputObject') { $InputObject.ServiceName } else { $Name }
        $s = __WbSimCall 'Get-WbService' @{ Name = $key }
        if ($null -eq $s) {
            # new ServiceController(name).DisplayName on a missing service: .NET Framework's InvalidOperationException.
            $PSCmdlet.WriteError((__WbSimError -Exception (New-Object System.InvalidOperationException("Service '$key' was not found on computer '.'.")) -Id 'InvalidOperationException' -Category ObjectNotFound -Target $key -Cmdlet 'SetServiceCommand'))
            return
        }
        if (-not $PSCmdlet.ShouldProcess((__WbSimServiceLabel $s))) { return }
        $change = @{ Name = $s.Name }
        if ($PSBoundParameters.ContainsKey('DisplayName')) { $change.DisplayName = $DisplayName }
        if ($PSBoundParameters.ContainsKey('Description')) { $change.Description = $Description }
        if ($PSBoundParameters.ContainsKey('StartupType')) {
            if ($StartupType -ne 'Automatic' -and $StartupType -ne 'Manual' -and $StartupType -ne 'Disabled') {
                $PSCmdlet.WriteError((__WbSimServiceError -S ([pscustomobject]@{ Name = [string]$StartupType; DisplayName = 'Set-Service' }) -Id 'UnsupportedStartupType' -Format "The startup type '{0}' is not supported by {1}." -Category InvalidArgument -Cmdlet 'SetServiceCommand' -Target $s.Name))
                return
            }
            $change.StartMode = [string]$StartupType
        }
        if ($change.Count -gt 1) {
            try { $null = __WbSimCall 'User.ServiceConfigure' $change }
            catch {
                if (-not ($_.Exception -is [System.ComponentModel.Win32Exception])) { throw }
                $PSCmdlet.WriteError((__WbSimServiceError -S $s -Inner $_.Exception -Id 'CouldNotSetService' -Format "Service '{1} ({0})' cannot be configured due to the following error: {2}" -Category PermissionDenied -Cmdlet 'SetServiceCommand'))
                return
            }
            $s = __WbSimRefresh $s
        }
        if ($Status -eq 'Running' -and $s.State -ne 'Running') {
            if ($s.State -eq 'Paused') { $null = __WbSimPauseOrResume -S $s -Control 'continue' -Caller $PSCmdlet -Cmdlet 'SetServiceCommand' }
            else { $null = __WbSimStart -S $s -Caller $PSCmdlet -Cmdlet 'SetServiceCommand' }
        }
        elseif ($Status -eq 'Stopped' -and $s.State -ne 'Stopped') {
            # 5.1 has no -Force here: a service with any dependants (running or not) is refused, as its
            # SetServiceCommand checks DependentServices.Length before stopping.
            if (@($s.DependentServices).Count -gt 0) {
                $PSCmdlet.WriteError((__WbSimServiceError -S $s -Id 'ServiceHasDependentServices' -Format "Cannot stop service '{1} ({0})' because it has dependent services. It can only be stopped if the Force flag is set." -Category InvalidOperation -Cmdlet 'SetServiceCommand'))
                return
            }
            $null = __WbSimStop -S $s -Force $true -Caller $PSCmdlet -Cmdlet 'SetServiceCommand' -All @(__WbSimAllServices)
        }
        elseif ($Status -eq 'Paused' -and $s.State -ne 'Paused') {
            $null = __WbSimPauseOrResume -S $s -Control 'pause' -Caller $PSCmdlet -Cmdlet 'SetServiceCommand'
        }
        if ($PassThru) { __WbSimServiceObject (__WbSimRefresh $s) }
    }
}

function New-Service {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)][Alias('ServiceName')][string]$Name,
        [Parameter(Mandatory = $true, Position = 1)][Alias('Path')][string]$BinaryPathName,
        [ValidateNotNullOrEmpty()][string]$DisplayName,
        [ValidateNotNullOrEmpty()][string]$Description,
        [System.ServiceProcess.ServiceStartMode]$StartupType = 'Automatic',
        [System.Management.Automation.Credential()][System.Management.Automation.PSCredential]$Credential,
        [string[]]$DependsOn
    )
    process {
        $shown = if ($DisplayName) { $DisplayName } else { $Name }
        $label = [pscustomobject]@{ Name = $Name; DisplayName = $shown }
        if (-not $PSCmdlet.ShouldProcess((__WbSimServiceLabel $label))) { return }
        if ($StartupType -ne 'Automatic' -and $StartupType -ne 'Manual' -and $StartupType -ne 'Disabled') {
            $PSCmdlet.WriteError((__WbSimServiceError -S ([pscustomobject]@{ Name = [string]$StartupType; DisplayName = 'New-Service' }) -Id 'UnsupportedStartupType' -Format "The startup type '{0}' is not supported by {1}." -Category InvalidArgument -Cmdlet 'NewServiceCommand' -Target $Name))
            return
        }
        $create = @{ Name = $Name; Path = $BinaryPathName; StartMode = [string]$StartupType }
        if ($DisplayName) { $create.DisplayName = $DisplayName }
        if ($Description) { $create.Description = $Description }
        if ($DependsOn) { $create.Dependencies = @($DependsOn) }
        if ($null -ne $Credential) { $create.Account = $Credential.UserName; $create.Password = __WbSimPlain $Credential.Password }
        try { $key = __WbSimCall 'User.ServiceCreate' $create }
        catch {
            if (-not ($_.Exception -is [System.ComponentModel.Win32Exception])) { throw }
            $PSCmdlet.WriteError((__WbSimServiceError -S $label -Inner $_.Exception -Id 'CouldNotNewService' -Format "Service '{1} ({0})' cannot be created due to the following error: {2}" -Category PermissionDenied -Cmdlet 'NewServiceCommand' -Target $Name))
            return
        }
        __WbSimServiceObject (__WbSimCall 'Get-WbService' @{ Name = $key })
    }
}
