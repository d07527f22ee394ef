# win_service's SCM options beyond name, state, account, path and dependencies (composed before win_service.ps1 by
# src/modules/script.ts): service type and desktop interaction, error control, load order group, failure actions,
# the service SID type, required privileges and the preshutdown time-out, compared and set as
# ansible.windows.win_service 1.14 does; and the diff in 1.14's shape (every option, state as win_service_info
# names it, the password as REDACTED).

# ServiceType names of the façade as Ansible's options name them.
$WbServiceTypeOptions = [ordered]@{
    Win32OwnProcess = 'win32_own_process'; Win32ShareProcess = 'win32_share_process'; UserOwnProcess = 'user_own_process'
    UserShareProcess = 'user_share_process'; KernelDriver = 'kernel_driver'; FileSystemDriver = 'file_system_driver'
}
$WbFailureActionTypes = [ordered]@{ None = 'none'; Restart = 'restart'; Reboot = 'reboot'; RunCommand = 'run_command' }

function ConvertTo-OptionName {
    param([hashtable]$Table, [string]$Name)
    foreach ($k in @($Table.Keys)) { if ($k -eq $Name) { return [string]$Table[$k] } }
    return $Name.ToLowerInvariant()
}

function ConvertFrom-OptionName {
    param([System.Collections.IDictionary]$Table, [string]$Option)
    foreach ($k in @($Table.Keys)) { if ([string]$Table[$k] -eq $Option) { return [string]$k } }
    return $Option
}

function ConvertTo-FailureActionsView {
    param($Actions)
    , @(foreach ($a in @($Actions)) {
            if ($null -eq $a) { continue }
            [ordered]@{ type = ConvertTo-OptionName -Table $WbFailureActionTypes -Name ([string]$a.Type); delay_ms = [long]$a.Delay }
        })
}

# ServiceControllerStatus as win_service_info names it: Running is "started", the rest snake_case.
function ConvertTo-ServiceStateOption {
    param([string]$State)
    if ($State -eq 'Running') { return 'started' }
    return ($State -creplace '(?<=[a-z])([A-Z])', '_$1').ToLowerInvariant()
}

function ConvertTo-TitleWord {
    param([string]$Text)
    $Text.Substring(0, 1).ToUpperInvariant() + $Text.Substring(1)
}

# SERVICE_FAILURE_ACTIONS of a service object; none when the façade could not read them (a DACL refusing QueryConfig).
function Get-FailureActions {
    param($Service)
    if ($null -ne $Service.FailureActions) { return $Service.FailureActions }
    [pscustomobject]@{ ResetPeriod = 0; RebootMsg = $null; Command = $null; Actions = @() }
}

function Get-NullableText {
    param($Text)
    if ($null -eq $Text -or [string]$Text -eq '') { return $null }
    return [string]$Text
}

# The service as 1.14's diff shows it ("before", and the base of "after").
function ConvertTo-ServiceDiff {
    param($Service)
    $fa = Get-FailureActions -Service $Service
    $diff = [ordered]@{
        dependencies                         = [string[]]@($Service.Dependencies)
        description                          = Get-NullableText -Text $Service.Description
        desktop_interact                     = [bool]$Service.DesktopInteract
        display_name                         = [string]$Service.DisplayName
        error_control                        = ([string]$Service.ErrorControl).ToLowerInvariant()
        failure_actions                      = ConvertTo-FailureActionsView -Actions $fa.Actions
        failure_actions_on_non_crash_failure = [bool]$Service.FailureActionsOnNonCrashFailures
        failure_command                      = Get-NullableText -Text $fa.Command
        failure_reboot_msg                   = Get-NullableText -Text $fa.RebootMsg
        failure_reset_period_sec             = [long]$fa.ResetPeriod
        load_order_group                     = [string]$Service.LoadOrderGroup
        name                                 = [string]$Service.Name
        path                                 = [string]$Service.Path
        pre_shutdown_timeout_ms              = [long]$Service.PreShutdownTimeout
        required_privileges                  = [string[]]@($Service.RequiredPrivileges)
        service_type                         = ConvertTo-OptionName -Table $WbServiceTypeOptions -Name ([string]$Service.ServiceType)
        sid_info                             = ([string]$Service.SidInfo).ToLowerInvariant()
        start_mode                           = ([string]$Service.StartMode).ToLowerInvariant()
        state                                = ConvertTo-ServiceStateOption -State ([string]$Service.State)
    }
    if ($Service.ServiceType -ne 'KernelDriver' -and $Service.ServiceType -ne 'FileSystemDriver') {
        $diff.username = Get-AccountDisplay -StartName $Service.Account
        $diff.password = 'REDACTED'
    }
    $diff
}

# The configuration a service created in check mode would have (CreateService's defaults).
function Add-NewServiceDefaults {
    param($Service)
    $defaults = [ordered]@{
        ErrorControl = 'Normal'; LoadOrderGroup = ''; FailureActionsOnNonCrashFailures = $false; SidInfo = 'None'
        RequiredPrivileges = [string[]]@(); PreShutdownTimeout = 10000
        FailureActions = [pscustomobject]@{ ResetPeriod = 0; RebootMsg = $null; Command = $null; Actions = @() }
    }
    foreach ($k in @($defaults.Keys)) { $Service | Add-Member -NotePropertyName $k -NotePropertyValue $defaults[$k] -Force }
}

# Sets what differs among the SCM options; $Plan (the diff's "after") takes the wanted values. Returns $true when
# something differed. $Options holds the module's arguments for these options ($null: leave as it is).
function Set-ServiceOptions {
    param($Service, [hashtable]$Options, [System.Collections.IDictionary]$Plan, [string]$AccountSid)
    $name = [string]$Service.Name
    $changed = $false

    # ChangeServiceConfig: error control, load order group, type with SERVICE_INTERACTIVE_PROCESS.
    $config = @{}
    if ($null -ne $Options.error_control -and $Options.error_control -ne ([string]$Service.ErrorControl).ToLowerInvariant()) {
        $config.ErrorControl = (ConvertTo-TitleWord -Text ([string]$Options.error_control))
        $Plan.error_control = [string]$Options.error_control
    }
    if ($null -ne $Options.load_order_group -and [string]$Options.load_order_group -cne [string]$Service.LoadOrderGroup) {
        $config.LoadOrderGroup = [string]$Options.load_order_group
        $Plan.load_order_group = [string]$Options.load_order_group
    }
    if ($null -ne $Options.service_type -and $Options.service_type -ne $Plan.service_type) {
        $config.ServiceType = ConvertFrom-OptionName -Table $WbServiceTypeOptions -Option ([string]$Options.service_type)
        $Plan.service_type = [string]$Options.service_type
    }
    # desktop_interact defaults to false and is always enforced, as 1.14 does; true only for LocalSystem.
    $interact = [bool]$Options.desktop_interact
    if ($interact -and $AccountSid -ne 'S-1-5-18') { throw "Can only set 'desktop_interact' to true when 'username' equals 'SYSTEM'" }
    if ($interact -ne [bool]$Service.DesktopInteract) { $config.DesktopInteract = $interact }
    $Plan.desktop_interact = $interact
    if ($config.Count -gt 0) {
        if (-not $CheckMode) { $null = Set-WbServiceConfig -Name $name @config }
        $changed = $true
    }

    # ChangeServiceConfig2 levels.
    $config2 = @{}
    $fa = Get-FailureActions -Service $Service
    $haveActions = ConvertTo-FailureActionsView -Actions $fa.Actions
    $newFailure = @{}
    if ($null -ne $Options.failure_actions) {
        $wantActions = @(foreach ($a in @($Options.failure_actions)) { [ordered]@{ type = [string]$a.type; delay_ms = [long]$a.delay_ms } })
        $Plan.failure_actions = $wantActions
        $same = $wantActions.Count -eq $haveActions.Count
        for ($i = 0; $same -and $i -lt $wantActions.Count; $i++) {
            if ($wantActions[$i].type -ne $haveActions[$i].type -or $wantActions[$i].delay_ms -ne $haveActions[$i].delay_ms) { $same = $false }
        }
        if (-not $same) {
            $newFailure.Actions = @(foreach ($a in $wantActions) { @{ Type = ConvertFrom-OptionName -Table $WbFailureActionTypes -Option $a.type; Delay = $a.delay_ms } })
        }
    }
    if ($null -ne $Options.failure_reset_period_sec) {
        $Plan.failure_reset_period_sec = [long]$Options.failure_reset_period_sec
        if ([long]$Options.failure_reset_period_sec -ne [long]$fa.ResetPeriod) {
            # dwResetPeriod is only read with the actions: the existing ones go with it, and without any the SCM
            # would ignore it, so 1.14 refuses.
            if (-not $newFailure.ContainsKey('Actions')) {
                # Raised by the change itself, so check mode (which changes nothing) does not see it, as in 1.14.
                if ($haveActions.Count -eq 0 -and $null -eq $Options.failure_actions -and -not $CheckMode) {
                    throw 'Exception setting "FailureActions": "Cannot set FailureAction ResetPeriod without explicit Actions and no existing Actions"'
                }
                $newFailure.Actions = @(foreach ($a in @($fa.Actions)) { @{ Type = [string]$a.Type; Delay = [long]$a.Delay } })
            }
            $newFailure.ResetPeriod = [long]$Options.failure_reset_period_sec
        }
    }
    foreach ($pair in @(@('failure_command', 'Command'), @('failure_reboot_msg', 'RebootMsg'))) {
        $value = $Options[$pair[0]]
        if ($null -eq $value) { continue }
        # '' removes the text (the API's empty string); compared as "none".
        $want = Get-NullableText -Text $value
        $Plan[$pair[0]] = $want
        if ($want -cne (Get-NullableText -Text $fa.($pair[1]))) { $newFailure[$pair[1]] = [string]$value }
    }
    if ($newFailure.Count -gt 0) { $config2.FailureActions = $newFailure }
    if ($null -ne $Options.failure_actions_on_non_crash_failure) {
        $Plan.failure_actions_on_non_crash_failure = [bool]$Options.failure_actions_on_non_crash_failure
        if ([bool]$Options.failure_actions_on_non_crash_failure -ne [bool]$Service.FailureActionsOnNonCrashFailures) { $config2.FailureActionsOnNonCrashFailures = [bool]$Options.failure_actions_on_non_crash_failure }
    }
    if ($null -ne $Options.sid_info) {
        $Plan.sid_info = [string]$Options.sid_info
        if ($Options.sid_info -ne ([string]$Service.SidInfo).ToLowerInvariant()) { $config2.SidInfo = (ConvertTo-TitleWord -Text ([string]$Options.sid_info)) }
    }
    if ($null -ne $Options.required_privileges) {
        $want = [string[]]@($Options.required_privileges)
        $Plan.required_privileges = $want
        # Compared as sets, as 1.14 does; set as given.
        if (-not (Test-SameSet -A $want -B ([string[]]@($Service.RequiredPrivileges)))) { $config2.RequiredPrivileges = $want }
    }
    if ($null -ne $Options.pre_shutdown_timeout_ms) {
        $Plan.pre_shutdown_timeout_ms = [long]$Options.pre_shutdown_timeout_ms
        if ([long]$Options.pre_shutdown_timeout_ms -ne [long]$Service.PreShutdownTimeout) { $config2.PreShutdownTimeout = [long]$Options.pre_shutdown_timeout_ms }
    }
    if ($config2.Count -gt 0) {
        if (-not $CheckMode) { $null = Set-WbServiceConfig2 -Name $name @config2 }
        $changed = $true
    }
    return $changed
}
