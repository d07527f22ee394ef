# win_service_info: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Read-only, on the host façade (Find-WbService): services matched on name or display name
# (wildcards), with ansible.windows.win_service_info's field names and values (state: started, stopped, paused,
# start_pending, ...; service_type: win32_own_process, ...; start_mode: auto, delayed, manual, disabled), and the
# SCM options win_service sets (failure actions, SID type, required privileges, preshutdown time-out, ...).
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

# SC_ACTION types as ansible.windows names them (RunCommand is run_command).
function Get-FailureActionsView {
    param($Actions)
    , @(foreach ($a in @($Actions)) {
            if ($null -eq $a) { continue }
            [ordered]@{ type = ConvertTo-SnakeCase -Text ([string]$a.Type); delay_ms = [long]$a.Delay }
        })
}

function Get-NullableText {
    param($Text)
    if ($null -eq $Text -or [string]$Text -eq '') { return $null }
    return [string]$Text
}

$pattern = $null
if (Test-ModuleArg -Name 'name') { $pattern = [string](Get-ModuleArg -Name 'name') }

$found = @(if ($null -eq $pattern) { Find-WbService } else { Find-WbService -Pattern $pattern })
$services = @(foreach ($svc in $found) {
        $startMode = ''
        if ($null -ne $svc.StartMode) { $startMode = ([string]$svc.StartMode).ToLowerInvariant() }
        $errorControl = 'normal'
        if ($null -ne $svc.ErrorControl -and "$($svc.ErrorControl)" -ne '') { $errorControl = ([string]$svc.ErrorControl).ToLowerInvariant() }
        $fa = $svc.FailureActions
        if ($null -eq $fa) { $fa = [pscustomobject]@{ ResetPeriod = 0; RebootMsg = $null; Command = $null; Actions = @() } }
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
            load_order_group = [string]$svc.LoadOrderGroup
            failure_actions  = Get-FailureActionsView -Actions $fa.Actions
            failure_actions_on_non_crash_failure = [bool]$svc.FailureActionsOnNonCrashFailures
            failure_command  = Get-NullableText -Text $fa.Command
            failure_reboot_msg = Get-NullableText -Text $fa.RebootMsg
            failure_reset_period_sec = [long]$fa.ResetPeriod
            pre_shutdown_timeout_ms = [long]$svc.PreShutdownTimeout
            required_privileges = [string[]]@($svc.RequiredPrivileges)
            sid_info         = ([string]$svc.SidInfo).ToLowerInvariant()
        }
    })

@{ changed = $false; exists = ($services.Count -gt 0); services = $services }
