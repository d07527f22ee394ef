# win_service_info: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Read-only, on the host façade (Find-WbService): services matched on name or display name
# (wildcards), with ansible.windows.win_service_info's field names and values (state: started, stopped, paused,
# start_pending, ...; service_type: win32_own_process, ...; start_mode: auto, delayed, manual, disabled), and the
# SCM options win_service sets (failure actions, SID type, required privileges, preshutdown time-out, ...), and what
# only the SCM sets: triggers, launch protection, the preferred NUMA node, the process id and service flags, in
# 1.14's shapes (win_service_info.ps1: trigger sub types named by their GUID, data items' bytes as base64).
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

# SERVICE_TRIGGER subtypes ansible.windows names (SCManager.cs, class Trigger); any other GUID is 'custom'.
$TriggerSubTypes = @{
    '1f81d131-3fac-4537-9e0c-7e7b0c2f4b55' = 'named_pipe_event'
    'bc90d167-9470-4139-a9ba-be0bbbf5b74d' = 'rpc_interface_event'
    '1ce20aba-9851-4421-9430-1ddeb766e809' = 'domain_join'
    'ddaf516e-58c2-4866-9574-c3b615d42ea1' = 'domain_leave'
    'b7569e07-8421-4ee0-ad10-86915afdad09' = 'firewall_port_open'
    'a144ed38-8e12-4de4-9d96-e64740b1a524' = 'firewall_port_close'
    '659fcae6-5bdb-4da9-b1ff-ca2a178d46e0' = 'machine_policy_present'
    '54fb46c8-f089-464c-b1fd-59d1b62c3b50' = 'user_policy_present'
    '4f27f2de-14e2-430b-a549-7cd48cbc8245' = 'network_first_ip_arrival'
    'cc4ba62a-162e-4648-847a-b6bdf993e335' = 'network_last_ip_removal'
}
# The trigger types 1.14 names; another (CustomSystemStateChange) has no name there and reads as $null.
$TriggerTypes = @{
    DeviceInterfaceArrival = 'device_interface_arrival'; IpAddressAvailability = 'ip_address_availability'; DomainJoin = 'domain_join'
    FirewallPortEvent = 'firewall_port_event'; GroupPolicy = 'group_policy'; NetworkEndpoint = 'network_endpoint'; Custom = 'custom'
}

function Get-TriggersView {
    param($Triggers)
    , @(foreach ($t in @($Triggers)) {
            if ($null -eq $t) { continue }
            $action = 'stop_service'
            if ([string]$t.Action -eq 'ServiceStart') { $action = 'start_service' }
            $guid = ([string]$t.SubType).ToLowerInvariant()
            $subType = 'custom'
            if ($TriggerSubTypes.ContainsKey($guid)) { $subType = $TriggerSubTypes[$guid] }
            $items = @(foreach ($d in @($t.DataItems)) {
                    if ($null -eq $d) { continue }
                    $data = $d.Data
                    # A level is one byte: 1.14 returns it, like binary data, as base64 (the façade gives binary as base64 already).
                    if ([string]$d.Type -eq 'Level') { $data = [Convert]::ToBase64String([byte[]]@([byte]$data)) }
                    [ordered]@{ type = ConvertTo-SnakeCase -Text ([string]$d.Type); data = $data }
                })
            [ordered]@{ action = $action; type = $TriggerTypes[[string]$t.Type]; sub_type = $subType; sub_type_guid = $guid; data_items = $items }
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
            triggers         = Get-TriggersView -Triggers $svc.Triggers
            # 1.14 says 'none' where the level cannot be read (before Windows 8.1).
            launch_protection = $(if ($null -eq $svc.LaunchProtection) { 'none' } else { ConvertTo-SnakeCase -Text ([string]$svc.LaunchProtection) })
            preferred_node   = $svc.PreferredNode
            process_id       = [long]$svc.ProcessId
            service_flags    = [string[]]@(if (([long]$svc.ServiceFlags -band 1) -ne 0) { 'runs_in_system_process' })
        }
    })

@{ changed = $false; exists = ($services.Count -gt 0); services = $services }
