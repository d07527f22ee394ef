# win_service_info: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Read-only, on the host façade (Find-WbService): services matched on name or display name
# (wildcards), with ansible.windows.win_service_info's field names and values (state: started, stopped, paused,
# start_pending, ...; service_type: win32_own_process, ...; start_mode: auto, delayed, manual, disabled).
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

function ConvertTo-SnakeCase {
    param([string]$Text)
    ($Text -creplace '(?<=[a-z0-9])([A-Z])', '_$1').ToLowerInvariant()
}

function ConvertTo-AnsibleServiceState {
    param([string]$State)
    # ServiceControllerStatus names as ansible.windows reports them: Running is "started".
    if ($State -eq 'Running') { return 'started' }
    return (ConvertTo-SnakeCase -Text $State)
}

function Get-ControlsAccepted {
    param($Service)
    # A stopped service accepts no control; a running (or paused) one accepts stop, and pause/continue when it can.
    if ($Service.State -ne 'Running' -and $Service.State -ne 'Paused') { return , @() }
    $controls = @('stop')
    if ($Service.CanPauseAndContinue) { $controls += 'pause_continue' }
    return , $controls
}

$pattern = $null
if (Test-ModuleArg -Name 'name') { $pattern = [string](Get-ModuleArg -Name 'name') }

$found = @(if ($null -eq $pattern) { Find-WbService } else { Find-WbService -Pattern $pattern })
$services = @(foreach ($svc in $found) {
        $startMode = ''
        if ($null -ne $svc.StartMode) { $startMode = ([string]$svc.StartMode).ToLowerInvariant() }
        $errorControl = 'normal'
        if ($null -ne $svc.ErrorControl -and "$($svc.ErrorControl)" -ne '') { $errorControl = ([string]$svc.ErrorControl).ToLowerInvariant() }
        @{
            name             = $svc.Name
            display_name     = $svc.DisplayName
            state            = ConvertTo-AnsibleServiceState -State $svc.State
            start_mode       = $startMode
            service_type     = ConvertTo-SnakeCase -Text $svc.ServiceType
            username         = $svc.Account
            path             = $svc.Path
            description      = $svc.Description
            desktop_interact = [bool]$svc.DesktopInteract
            dependencies     = [string[]]@($svc.Dependencies)
            dependency_of    = [string[]]@($svc.DependentServices)
            controls_accepted = Get-ControlsAccepted -Service $svc
            error_control    = $errorControl
            win32_exit_code  = [int]$svc.ExitCode
            service_exit_code = [int]$svc.ServiceSpecificExitCode
            checkpoint       = 0
            wait_hint_ms     = 0
        }
    })

@{ changed = $false; exists = ($services.Count -gt 0); services = $services }
