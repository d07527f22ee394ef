# win_service: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, on the host façade only (services, accounts, rights verbs). Reads the service first and
# changes only what differs, in win_service's order: create (needs `path`), account, logon right, configuration,
# start mode, then the state last; in check mode it changes nothing and reports the plan. Returns
# ansible.windows.win_service's fields, plus logon_right_granted: a real account set as the service's logon account
# is granted SeServiceLogonRight when neither it nor one of its groups holds it (Ansible does not, and the service
# then fails to start with 1069). Defaults (update_password, dependency_action, force_dependent_services) come from
# the module's schema.
# uses: ../module-utils/win32-error.ps1
# uses: service-options.ps1
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$BuiltinSids = @('S-1-5-18', 'S-1-5-19', 'S-1-5-20')

function Get-ErrorText {
    param($ErrorRecord)
    $w = Get-InnermostWin32Exception -ErrorRecord $ErrorRecord
    if ($null -ne $w) { return $w.Message }
    return $ErrorRecord.Exception.Message
}

# The account as NTAccount.Translate names it (LocalSystem for SYSTEM); the stored text when it no longer resolves.
function Get-AccountDisplay {
    param($StartName)
    if ($null -eq $StartName -or "$StartName" -eq '') { return $null }
    try { $a = Resolve-WbAccount -Name ([string]$StartName) }
    catch { return [string]$StartName }
    if ($a.Sid -eq 'S-1-5-18') { return 'LocalSystem' }
    if ($null -eq $a.Name) { return [string]$StartName }
    return [string]$a.Name
}

function Get-AccountSidOrName {
    param($StartName)
    if ($null -eq $StartName -or "$StartName" -eq '') { return '' }
    try { return [string](Resolve-WbAccount -Name ([string]$StartName)).Sid }
    catch { return ([string]$StartName).ToLowerInvariant() }
}

# What Win32_Service.Change wants as StartName: the exact names of the built-in accounts; a bare user name
# qualified as Windows needs it; any other form as given.
function Get-ServiceStartName {
    param([string]$Given, $Account)
    switch ($Account.Sid) {
        'S-1-5-18' { return 'LocalSystem' }
        'S-1-5-19' { return 'NT AUTHORITY\LocalService' }
        'S-1-5-20' { return 'NT AUTHORITY\NetworkService' }
    }
    if ($Given.Contains('\') -or $Given.Contains('@')) { return $Given }
    return [string]$Account.Name
}

# LocalSystem, LocalService, NetworkService and virtual NT SERVICE\ accounts need neither password nor right.
function Test-RealAccount {
    param($Account)
    return -not ($BuiltinSids -contains $Account.Sid -or ([string]$Account.Sid).StartsWith('S-1-5-80-') -or $Account.Type -ne 'User')
}

# Held directly, or through a local group the account is a direct member of.
function Test-ServiceLogonRight {
    param([string]$Sid)
    $holders = @(Get-WbRightHolder -Right 'SeServiceLogonRight')
    if (@($holders | Where-Object { $_.Sid -eq $Sid }).Count -gt 0) { return $true }
    foreach ($h in $holders) {
        if ($null -eq (Get-WbLocalGroup -Name $h.Sid)) { continue }
        if (@(Get-WbLocalGroupMember -Name $h.Sid | Where-Object { $_.Sid -eq $Sid }).Count -gt 0) { return $true }
    }
    return $false
}

function Get-NormalizedPath {
    param([string]$Path)
    # The SCM shows an executable path with spaces quoted; "C:\x y\a.exe" and C:\x y\a.exe name the same file.
    $p = $Path.Trim()
    if ($p.Length -ge 2 -and $p.StartsWith('"') -and $p.EndsWith('"') -and $p.IndexOf('"', 1) -eq $p.Length - 1) {
        $p = $p.Substring(1, $p.Length - 2)
    }
    return $p
}

function Test-SameSet {
    param([string[]]$A, [string[]]$B)
    $x = @($A | ForEach-Object { $_.ToLowerInvariant() } | Sort-Object -Unique)
    $y = @($B | ForEach-Object { $_.ToLowerInvariant() } | Sort-Object -Unique)
    return (($x -join '|') -eq ($y -join '|'))
}

# win_service's return fields for a façade service object.
function ConvertTo-ServiceView {
    param($Service)
    $startMode = ''
    if ($null -ne $Service.StartMode) { $startMode = ([string]$Service.StartMode).ToLowerInvariant() }
    $username = $null
    if ($Service.ServiceType -ne 'KernelDriver' -and $Service.ServiceType -ne 'FileSystemDriver') { $username = Get-AccountDisplay -StartName $Service.Account }
    [ordered]@{
        name             = [string]$Service.Name
        display_name     = [string]$Service.DisplayName
        # As ansible.windows.win_service: the lower-case ServiceControllerStatus (running, stopped, startpending, ...).
        state            = ([string]$Service.State).ToLowerInvariant()
        start_mode       = $startMode
        username         = $username
        path             = [string]$Service.Path
        description      = [string]$Service.Description
        dependencies     = [string[]]@($Service.Dependencies)
        desktop_interact = [bool]$Service.DesktopInteract
    }
}

# Explains a 1069 the SCM gives on a start: which of the two causes it is, tested with a service logon.
function Get-LogonFailureCause {
    param($Service)
    $acct = [string]$Service.Account
    if ($null -eq $password) {
        return "Cause: the password stored for $acct is wrong, or $acct does not hold ""Log on as a service"" (SeServiceLogonRight)."
    }
    $code = Test-WbServiceLogon -Name $acct -Password $password
    if ($code -eq 1385) { return "Cause: $acct does not hold ""Log on as a service"" (SeServiceLogonRight) on $((Get-WbHostInfo).Hostname) (event 7041)." }
    if ($code -eq 1326) { return "Cause: the password given for $acct is not the account's password (event 7038)." }
    if ($code -ne 0) { return "Cause: a service logon as $acct fails with $code." }
    return ''
}

$name = Get-ModuleArg -Name 'name'
$state = Get-ModuleArg -Name 'state'
$startMode = Get-ModuleArg -Name 'start_mode'
$displayName = Get-ModuleArg -Name 'display_name'
$description = Get-ModuleArg -Name 'description'
$path = Get-ModuleArg -Name 'path'
# ansible.windows.win_service expands environment variables in path before it compares or sets it.
if ($null -ne $path) { $path = Expand-WbEnvironmentString -Text ([string]$path) }
$username = Get-ModuleArg -Name 'username'
$password = Get-ModuleArg -Name 'password'
$updatePassword = Get-ModuleArg -Name 'update_password'
$dependencyAction = Get-ModuleArg -Name 'dependency_action'
$force = [bool](Get-ModuleArg -Name 'force_dependent_services')
# `dependencies: []` is an explicit empty list (with dependency_action set: no dependencies), never "absent" (M1).
$hasDependencies = Test-ModuleArg -Name 'dependencies'
$dependencies = @(Get-ModuleArg -Name 'dependencies')
$scmOptions = @{ desktop_interact = [bool](Get-ModuleArg -Name 'desktop_interact' -Default $false) }
foreach ($o in @('error_control', 'failure_actions', 'failure_actions_on_non_crash_failure', 'failure_command', 'failure_reboot_msg',
        'failure_reset_period_sec', 'load_order_group', 'pre_shutdown_timeout_ms', 'required_privileges', 'service_type', 'sid_info')) {
    $scmOptions[$o] = $null
    # Lists stay lists: `[]` is an explicit empty list (remove them all), never "absent".
    if (Test-ModuleArg -Name $o) { $scmOptions[$o] = Get-ModuleArg -Name $o; if ($o -eq 'failure_actions' -or $o -eq 'required_privileges') { $scmOptions[$o] = [object[]]@(Get-ModuleArg -Name $o) } }
}

$account = $null
if ($null -ne $username) {
    try { $account = Resolve-WbAccount -Name $username }
    catch { return @{ changed = $false; failed = $true; msg = "Failed to translate the account '$username' to a SID: $(Get-ErrorText -ErrorRecord $_)" } }
}

$result = @{ changed = $false }
$before = Get-WbService -Name $name
$beforeDiff = ''
if ($null -ne $before) { $beforeDiff = ConvertTo-ServiceDiff -Service $before }

# The diff in 1.14's shape: every option of the service before, and after (or as planned, in check mode).
function Complete-Result {
    param($After)
    if ($DiffMode) {
        $a = ''
        if ($null -ne $After) { $a = $After }
        $result.diff = @{ before = $beforeDiff; after = $a }
    }
    $result
}

if ($state -eq 'absent') {
    if ($null -ne $before -and -not $CheckMode) {
        try { $null = Stop-WbService -Name $before.Name -Force:$force }
        catch { return @{ failed = $true; msg = "Service '$($before.Name)' cannot be stopped: $(Get-ErrorText -ErrorRecord $_)" } }
        try { Remove-WbService -Name $before.Name }
        catch { return @{ failed = $true; changed = $true; msg = "Service '$($before.Name)' cannot be removed: $(Get-ErrorText -ErrorRecord $_)" } }
    }
    $result.changed = ($null -ne $before)
    $result.exists = $false
    return (Complete-Result -After $null)
}

# As 1.14: any option (desktop_interact only when true, dependency_action only when not 'set') makes it configure.
$configGiven = @($startMode, $displayName, $description, $path, $username, $password, $state | Where-Object { $null -ne $_ }).Count -gt 0 -or $hasDependencies -or
    $scmOptions.desktop_interact -or $dependencyAction -ne 'set' -or @($scmOptions.Keys | Where-Object { $_ -ne 'desktop_interact' -and $null -ne $scmOptions[$_] }).Count -gt 0
if ($null -eq $before -and -not $configGiven) { return @{ changed = $false; exists = $false } }
if ($null -eq $before -and $null -eq $path) {
    return @{ changed = $false; failed = $true; msg = "Service '$name' is not installed, need to set 'path' to create a new service" }
}

# The plan: what the service will look like; in check mode it is also the result.
$svc = $before
$passwordDue = ($updatePassword -eq 'always')
$created = $false
$svcName = $name
$phase = 'configured'
try {
    if ($null -eq $before) {
        $created = $true
        $passwordDue = $true
        $newArgs = @{ Name = $name; Path = $path }
        if ($null -ne $displayName) { $newArgs.DisplayName = $displayName }
        if ($null -ne $description) { $newArgs.Description = $description }
        # New-Service's default is Automatic, as Ansible's; start_mode overrides it.
        if ($null -ne $startMode) { $newArgs.StartMode = $startMode } else { $newArgs.StartMode = 'auto' }
        if ($hasDependencies -and $dependencyAction -ne 'remove') { $newArgs.Dependencies = [string[]]$dependencies }
        if ($CheckMode) {
            $dn = $name; if ($null -ne $displayName) { $dn = $displayName }
            $desc = ''; if ($null -ne $description) { $desc = $description }
            $deps = @(); if ($newArgs.ContainsKey('Dependencies')) { $deps = $dependencies }
            $svc = [pscustomobject]@{
                Name = $name; DisplayName = $dn; State = 'Stopped'; StartMode = $newArgs.StartMode; Account = 'LocalSystem'; Path = $path
                Description = $desc; Dependencies = [string[]]$deps; DependentServices = [string[]]@(); CanPauseAndContinue = $false
                ServiceType = 'Win32OwnProcess'; DesktopInteract = $false
            }
            Add-NewServiceDefaults -Service $svc
        }
        else { $svc = New-WbService @newArgs }
        $result.changed = $true
    }
    $svcName = [string]$svc.Name
    $plan = ConvertTo-ServiceView -Service $svc
    $plan.depended_by = [string[]]@($svc.DependentServices)
    $plan.can_pause_and_continue = [bool]$svc.CanPauseAndContinue
    $diffPlan = ConvertTo-ServiceDiff -Service $svc
    $passwordSet = $false

    # The account, compared by SID. The password cannot be read back: it is applied with a new account, a new
    # service, or update_password: always.
    if ($null -ne $account) {
        $startName = Get-ServiceStartName -Given $username -Account $account
        $accountChanges = $account.Sid -ne (Get-AccountSidOrName -StartName $svc.Account)
        if ($accountChanges -or ($null -ne $password -and $passwordDue)) {
            if ($account.Sid -eq 'S-1-5-18') { $plan.username = 'LocalSystem' } elseif ($null -ne $account.Name) { $plan.username = [string]$account.Name }
            # SERVICE_INTERACTIVE_PROCESS is for LocalSystem only: the flag goes before another account comes in.
            if ($account.Sid -ne 'S-1-5-18' -and [bool]$svc.DesktopInteract -and -not $CheckMode) { $null = Set-WbServiceConfig -Name $svcName -DesktopInteract $false }
            $passwordSet = ($null -ne $password)
            if (-not $CheckMode) {
                if ($null -ne $password) { Set-WbServiceAccount -Name $svcName -Account $startName -Password $password }
                else { Set-WbServiceAccount -Name $svcName -Account $startName }
            }
            $result.changed = $true
        }
        $result.logon_right_granted = $false
        if ((Test-RealAccount -Account $account) -and -not (Test-ServiceLogonRight -Sid $account.Sid)) {
            if (-not $CheckMode) { $null = Grant-WbRight -Right 'SeServiceLogonRight' -Sid $account.Sid }
            $result.changed = $true
            $result.logon_right_granted = $true
        }
    }
    elseif ($null -ne $password -and $passwordDue -and -not $created) {
        # A new password for the account the service already has.
        if (-not $CheckMode) { Set-WbServiceAccount -Name $svcName -Account ([string]$svc.Account) -Password $password }
        $passwordSet = $true
        $result.changed = $true
    }

    if (-not $created) {
        $config = @{}
        if ($hasDependencies) {
            $have = [string[]]@($svc.Dependencies)
            switch ($dependencyAction) {
                'add' { $want = [string[]]@($have + @($dependencies | Where-Object { $have -notcontains $_ })) }
                'remove' { $want = [string[]]@($have | Where-Object { $dependencies -notcontains $_ }) }
                default { $want = [string[]]$dependencies }
            }
            if (-not (Test-SameSet -A $want -B $have)) { $config.Dependencies = $want; $plan.dependencies = $want }
        }
        if ($null -ne $description -and [string]$svc.Description -cne $description) { $config.Description = $description; $plan.description = $description }
        if ($null -ne $displayName -and $displayName -ne '' -and [string]$svc.DisplayName -cne $displayName) { $config.DisplayName = $displayName; $plan.display_name = $displayName }
        if ($null -ne $path -and (Get-NormalizedPath -Path ([string]$svc.Path)) -ne (Get-NormalizedPath -Path $path)) { $config.Path = $path; $plan.path = $path }
        if ($null -ne $startMode -and ([string]$svc.StartMode).ToLowerInvariant() -ne $startMode) { $config.StartMode = $startMode; $plan.start_mode = $startMode }
        if ($config.Count -gt 0) {
            if (-not $CheckMode) { $null = Set-WbServiceConfig -Name $svcName @config }
            $result.changed = $true
        }
    }

    $accountSid = Get-AccountSidOrName -StartName $svc.Account
    if ($null -ne $account) { $accountSid = [string]$account.Sid }
    if ($created -and -not $CheckMode) { $svc = Get-WbService -Name $svcName }
    $phase = 'configured'
    if (Set-ServiceOptions -Service $svc -Options $scmOptions -Plan $diffPlan -AccountSid $accountSid) { $result.changed = $true }

    $status = [string]$svc.State
    switch ($state) {
        'started' {
            $plan.state = 'running'
            if ($status -ne 'Running') {
                if (-not $CheckMode) {
                    if ($status -eq 'Paused') {
                        $phase = 'resumed'
                        try { $null = Resume-WbService -Name $svcName }
                        catch { throw "failed to start service from paused state $($svcName): $(Get-ErrorText -ErrorRecord $_)" }
                    }
                    else { $phase = 'started'; $null = Start-WbService -Name $svcName }
                }
                $result.changed = $true
            }
        }
        'stopped' {
            $plan.state = 'stopped'
            if ($status -ne 'Stopped') {
                $phase = 'stopped'
                if (-not $CheckMode) { $null = Stop-WbService -Name $svcName -Force:$force }
                $result.changed = $true
            }
        }
        'paused' {
            $plan.state = 'paused'
            if ($status -ne 'Paused') {
                if (-not $svc.CanPauseAndContinue) { throw "failed to pause service $($svcName): The service does not support pausing" }
                if (-not $CheckMode) {
                    try { $null = Suspend-WbService -Name $svcName }
                    catch { throw "failed to pause service $($svcName): $(Get-ErrorText -ErrorRecord $_)" }
                }
                $result.changed = $true
            }
        }
        'restarted' {
            # As win_service: restarted always bounces the service and always reports a change.
            $plan.state = 'running'
            if (-not $CheckMode) {
                $phase = 'stopped'
                $null = Stop-WbService -Name $svcName -Force:$force
                $result.changed = $true
                $phase = 'started'
                $null = Start-WbService -Name $svcName
            }
            $result.changed = $true
        }
    }
}
catch {
    $w = Get-InnermostWin32Exception -ErrorRecord $_
    $fail = @{ failed = $true }
    if ($result.changed) { $fail.changed = $true }
    if ($null -eq $w) { $fail.msg = $_.Exception.Message; return $fail }
    $fail.msg = "Service '$svcName' cannot be $($phase): $($w.Message)"
    if ($w.NativeErrorCode -eq 1069) {
        $cause = Get-LogonFailureCause -Service (Get-WbService -Name $svcName)
        if ($cause -ne '') { $fail.msg += " $cause" }
    }
    return $fail
}

if ($CheckMode) {
    $view = $plan
    $diffAfter = $diffPlan
    foreach ($k in @('dependencies', 'display_name', 'path', 'start_mode')) { $diffAfter[$k] = $plan[$k] }
    $diffAfter.description = Get-NullableText -Text $plan.description
    if ($diffAfter.Contains('username')) { $diffAfter.username = $plan.username }
}
else {
    $now = Get-WbService -Name $svcName
    $view = ConvertTo-ServiceView -Service $now
    $view.depended_by = [string[]]@($now.DependentServices)
    $view.can_pause_and_continue = [bool]$now.CanPauseAndContinue
    $diffAfter = ConvertTo-ServiceDiff -Service $now
}
# As 1.14: the state asked for (started, stopped, restarted, paused), and a password that was set shows as changed.
if ($null -ne $state) { $diffAfter.state = [string]$state }
if ($passwordSet -and $diffAfter.Contains('password')) { $diffAfter.password = 'CHANGED REDACTED' }
$result.exists = $true
foreach ($k in @($view.Keys)) { $result[$k] = $view[$k] }
Complete-Result -After $diffAfter
