# win_service: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Reads the service's state first and changes only what differs; in check mode it changes
# nothing but reports what it would change. Returns ansible.windows.win_service's fields, plus logon_right_granted:
# a real account set as the service's logon account is granted SeServiceLogonRight when it lacks it (Ansible does
# not, and the service then fails to start with 1069). Needs lsa.ps1 (win_user_right), prepended by index.ts.
Set-StrictMode -Version 2.0

function ConvertTo-SnakeCase {
    param([string]$Text)
    ($Text -creplace '(?<=[a-z])([A-Z])', '_$1').ToLowerInvariant()
}

function Get-ServiceState {
    param([string]$Name)
    # Get-Service also matches a display name, as win_service does.
    $svc = @(Get-Service -Name $Name -ErrorAction SilentlyContinue) |
        Where-Object { $_.Name -eq $Name -or $_.DisplayName -eq $Name } |
        Select-Object -First 1
    if ($null -eq $svc) { return $null }

    $wqlName = $svc.Name -replace '\\', '\\' -replace "'", "\'"
    $cim = Get-CimInstance -ClassName Win32_Service -Filter "Name='$wqlName'"

    $startMode = "$($cim.StartMode)".ToLowerInvariant()
    if ($startMode -eq 'auto') {
        # Win32_Service has no delayed flag on older releases; the SCM keeps it in the registry.
        $key = "HKLM:\SYSTEM\CurrentControlSet\Services\$($svc.Name)"
        $delayed = Get-ItemProperty -LiteralPath $key -Name DelayedAutostart -ErrorAction SilentlyContinue
        if ($null -ne $delayed -and $delayed.DelayedAutostart -eq 1) { $startMode = 'delayed' }
    }

    @{
        exists                 = $true
        name                   = $svc.Name
        display_name           = $svc.DisplayName
        state                  = ConvertTo-SnakeCase -Text $svc.Status.ToString()
        start_mode             = $startMode
        username               = $cim.StartName
        path                   = $cim.PathName
        description            = $cim.Description
        dependencies           = @($svc.ServicesDependedOn | ForEach-Object { $_.Name })
        depended_by            = @($svc.DependentServices | ForEach-Object { $_.Name })
        can_pause_and_continue = $svc.CanPauseAndContinue
        desktop_interact       = $cim.DesktopInteract
    }
}

function Get-AccountSid {
    param([string]$Account)
    # The SCM shows built-in accounts in several spellings; compare accounts by SID, as win_service does.
    $short = ($Account -replace '^NT AUTHORITY\\', '' -replace '\s', '').ToLowerInvariant()
    switch ($short) {
        'localsystem' { return 'S-1-5-18' }
        'system' { return 'S-1-5-18' }
        'localservice' { return 'S-1-5-19' }
        'networkservice' { return 'S-1-5-20' }
    }
    $qualified = $Account
    if ($Account.StartsWith('.\')) { $qualified = "$env:COMPUTERNAME\$($Account.Substring(2))" }
    try {
        $nt = New-Object System.Security.Principal.NTAccount -ArgumentList $qualified
        return $nt.Translate([System.Security.Principal.SecurityIdentifier]).Value
    }
    catch {
        return $Account.ToLowerInvariant()
    }
}

function ConvertTo-ServiceAccount {
    param([string]$Account)
    # Win32_Service.Change wants these exact names for the built-in accounts.
    switch (Get-AccountSid -Account $Account) {
        'S-1-5-18' { return 'LocalSystem' }
        'S-1-5-19' { return 'NT AUTHORITY\LocalService' }
        'S-1-5-20' { return 'NT AUTHORITY\NetworkService' }
    }
    return $Account
}

function Invoke-ServiceChange {
    param([string]$Name, [hashtable]$Arguments)
    $wqlName = $Name -replace '\\', '\\' -replace "'", "\'"
    $cim = Get-CimInstance -ClassName Win32_Service -Filter "Name='$wqlName'"
    $ret = Invoke-CimMethod -InputObject $cim -MethodName Change -Arguments $Arguments
    if ($ret.ReturnValue -ne 0) {
        throw (Get-ChangeErrorText -Code ([int]$ret.ReturnValue))
    }
}

function Get-ChangeErrorText {
    param([int]$Code)
    # Win32_Service method return codes (documented with the Win32_Service class).
    $known = @{
        2  = 'The user did not have the necessary access.'
        5  = 'The service cannot accept control messages at this time.'
        8  = 'Interactive process.'
        9  = 'The path to the service executable file was not found.'
        15 = 'The service database is locked.'
        16 = 'A dependency this service relies on has been removed from the system.'
        17 = 'The service did not find the service needed from a dependent service.'
        21 = 'The service is passed a parameter that is not valid.'
        22 = 'The account under which this service runs is either not valid or lacks the permissions to run the service.'
        23 = 'The service exists in the database of services available from the system.'
    }
    if ($known.ContainsKey($Code)) { return "$($known[$Code]) (Win32_Service error $Code)" }
    return "Win32_Service error $Code"
}

function Set-StartMode {
    param([string]$Name, [string]$Mode)
    # sc.exe, because Set-Service in 5.1 can neither set nor clear the delayed-start flag.
    $scMode = @{ auto = 'auto'; delayed = 'delayed-auto'; manual = 'demand'; disabled = 'disabled' }[$Mode]
    $output = & sc.exe config $Name start= $scMode
    if ($LASTEXITCODE -ne 0) {
        throw "sc.exe config start= $scMode failed ($LASTEXITCODE): $(($output | Where-Object { $_ }) -join ' ')"
    }
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

function Get-WantedDependencies {
    param([string[]]$Have, [string[]]$Given, [string]$Action)
    # dependency_action: set = exactly these; add/remove = change only the listed ones (names compare case-insensitively).
    switch ($Action) {
        'add' { return [string[]]@($Have + @($Given | Where-Object { $Have -notcontains $_ })) }
        'remove' { return [string[]]@($Have | Where-Object { $Given -notcontains $_ }) }
        default { return [string[]]@($Given) }
    }
}

function Test-ServiceLogonRight {
    param([string]$Sid)
    # Held directly, or through a local group the account is a direct member of.
    $holders = @([Winbook.Lsa]::AccountsWithRight('SeServiceLogonRight'))
    if ($holders -contains $Sid) { return $true }
    foreach ($holder in $holders) {
        $group = Get-LocalGroup -SID $holder -ErrorAction SilentlyContinue
        if ($null -eq $group) { continue }
        $members = @(Get-LocalGroupMember -SID $holder -ErrorAction SilentlyContinue)
        if (@($members | Where-Object { $_.SID.Value -eq $Sid }).Count -gt 0) { return $true }
    }
    return $false
}

function Test-RealAccount {
    param([string]$Sid)
    # LocalSystem, LocalService, NetworkService and virtual NT SERVICE\ accounts need neither password nor right.
    return -not ($Sid -in @('S-1-5-18', 'S-1-5-19', 'S-1-5-20') -or $Sid.StartsWith('S-1-5-80-'))
}

function Get-InnermostMessage {
    param([System.Exception]$Exception)
    # Start-Service wraps the Windows error ("The service did not start due to a logon failure") twice.
    $e = $Exception
    while ($null -ne $e.InnerException) { $e = $e.InnerException }
    return $e.Message
}

$name = Get-ModuleArg -Name 'name'
$state = Get-ModuleArg -Name 'state'
$startMode = Get-ModuleArg -Name 'start_mode'
$displayName = Get-ModuleArg -Name 'display_name'
$description = Get-ModuleArg -Name 'description'
$path = Get-ModuleArg -Name 'path'
$username = Get-ModuleArg -Name 'username'
$password = Get-ModuleArg -Name 'password'
$dependenciesArg = Get-ModuleArg -Name 'dependencies'
$dependencyAction = Get-ModuleArg -Name 'dependency_action' -Default 'set'
$updatePassword = Get-ModuleArg -Name 'update_password' -Default 'on_create'
$force = [bool](Get-ModuleArg -Name 'force_dependent_services' -Default $false)

$result = @{ changed = $false; exists = $false; name = $name }
$usernameSid = $null
if ($null -ne $username) {
    try { $usernameSid = ConvertTo-AccountSid -Account $username }
    catch { return @{ changed = $false; failed = $true; name = $name; msg = $_.Exception.Message } }
    $result.logon_right_granted = $false
}
$passwordDue = $updatePassword -eq 'always'
$before = Get-ServiceState -Name $name
$planned = $null
if ($null -ne $before) { $planned = $before.Clone() }
$action = "manage service '$name'"

try {
    if ($null -eq $before -and $state -eq 'absent') {
        # Nothing to do: the service is already gone.
    }
    elseif ($null -eq $before) {
        if ($null -eq $path) {
            return @{
                changed = $false
                failed  = $true
                exists  = $false
                name    = $name
                msg     = "Service '$name' is not installed, need to set 'path' to create a new service"
            }
        }
        $action = "create service '$name'"
        $result.changed = $true
        $passwordDue = $true
        $planned = @{ exists = $true; name = $name; path = $path; display_name = $displayName; description = $description }
        if ($CheckMode -and $null -ne $usernameSid -and (Test-RealAccount -Sid $usernameSid) -and -not (Test-ServiceLogonRight -Sid $usernameSid)) {
            # The service does not exist in check mode, so the grant below cannot run; report it as the plan.
            $result.logon_right_granted = $true
        }
        if (-not $CheckMode) {
            $newArgs = @{ Name = $name; BinaryPathName = $path }
            if ($null -ne $displayName) { $newArgs.DisplayName = $displayName }
            if ($null -ne $description) { $newArgs.Description = $description }
            if ($null -ne $dependenciesArg -and $dependencyAction -ne 'remove') { $newArgs.DependsOn = [string[]]@($dependenciesArg) }
            New-Service @newArgs | Out-Null
        }
    }

    $current = $null
    if (-not $CheckMode -or $null -ne $before) { $current = Get-ServiceState -Name $name }

    if ($null -ne $current -and $state -eq 'absent') {
        $action = "remove service '$name'"
        $result.changed = $true
        $planned = $null
        if (-not $CheckMode) {
            if ($current.state -ne 'stopped') { Stop-Service -Name $current.name -Force:$force }
            $wqlName = $current.name -replace '\\', '\\' -replace "'", "\'"
            $cim = Get-CimInstance -ClassName Win32_Service -Filter "Name='$wqlName'"
            $ret = Invoke-CimMethod -InputObject $cim -MethodName Delete
            if ($ret.ReturnValue -ne 0) { throw (Get-ChangeErrorText -Code ([int]$ret.ReturnValue)) }
        }
    }
    elseif ($null -ne $current) {
        $svcName = $current.name

        if ($null -ne $path -and (Get-NormalizedPath -Path "$($current.path)") -ne (Get-NormalizedPath -Path $path)) {
            $action = "change the path of service '$svcName'"
            $result.changed = $true
            $planned.path = $path
            if (-not $CheckMode) { Invoke-ServiceChange -Name $svcName -Arguments @{ PathName = $path } }
        }

        if ($null -ne $displayName -and $current.display_name -cne $displayName) {
            $action = "change the display name of service '$svcName'"
            $result.changed = $true
            $planned.display_name = $displayName
            if (-not $CheckMode) { Set-Service -Name $svcName -DisplayName $displayName }
        }

        if ($null -ne $description -and "$($current.description)" -cne $description) {
            $action = "change the description of service '$svcName'"
            $result.changed = $true
            $planned.description = $description
            if (-not $CheckMode) { Set-Service -Name $svcName -Description $description }
        }

        if ($null -ne $startMode -and $current.start_mode -ne $startMode) {
            $action = "set the start mode of service '$svcName' to $startMode"
            $result.changed = $true
            $planned.start_mode = $startMode
            if (-not $CheckMode) { Set-StartMode -Name $svcName -Mode $startMode }
        }

        # The password cannot be read back: it is applied with an account change, a new service, or update_password: always.
        $accountChanges = $null -ne $username -and $usernameSid -ne (Get-AccountSid -Account "$($current.username)")
        $setPassword = $null -ne $password -and $passwordDue
        if ($accountChanges -or $setPassword) {
            $target = $username
            if ($null -eq $target) { $target = "$($current.username)" }
            $action = "change the account of service '$svcName' to '$target'"
            $result.changed = $true
            $account = ConvertTo-ServiceAccount -Account $target
            $planned.username = $account
            if (-not $CheckMode) {
                $secret = ''
                if ($null -ne $password) { $secret = [string]$password }
                Invoke-ServiceChange -Name $svcName -Arguments @{ StartName = $account; StartPassword = $secret }
            }
        }

        if ($null -ne $usernameSid -and (Test-RealAccount -Sid $usernameSid) -and -not (Test-ServiceLogonRight -Sid $usernameSid)) {
            $action = "grant SeServiceLogonRight to '$username'"
            $result.changed = $true
            $result.logon_right_granted = $true
            if (-not $CheckMode) { [Winbook.Lsa]::Add($usernameSid, 'SeServiceLogonRight') }
        }

        if ($null -ne $dependenciesArg) {
            $combined = Get-WantedDependencies -Have ([string[]]@($current.dependencies)) -Given ([string[]]@($dependenciesArg)) -Action $dependencyAction
            $wanted = [string[]]@($combined | Sort-Object -Unique)
            $have = [string[]]@($current.dependencies | Sort-Object -Unique)
            if (($wanted -join '|').ToLowerInvariant() -ne ($have -join '|').ToLowerInvariant()) {
                $action = "set the dependencies of service '$svcName'"
                $result.changed = $true
                $planned.dependencies = $wanted
                if (-not $CheckMode) { Invoke-ServiceChange -Name $svcName -Arguments @{ ServiceDependencies = $wanted } }
            }
        }

        $status = (Get-Service -Name $svcName).Status.ToString()
        switch ($state) {
            'started' {
                if ($status -ne 'Running') {
                    $action = "start service '$svcName'"
                    $result.changed = $true
                    $planned.state = 'running'
                    if (-not $CheckMode) {
                        if ($status -eq 'Paused') { Resume-Service -Name $svcName } else { Start-Service -Name $svcName }
                    }
                }
            }
            'stopped' {
                if ($status -ne 'Stopped') {
                    $action = "stop service '$svcName'"
                    $result.changed = $true
                    $planned.state = 'stopped'
                    if (-not $CheckMode) { Stop-Service -Name $svcName -Force:$force }
                }
            }
            'paused' {
                if ($status -ne 'Paused') {
                    $action = "pause service '$svcName'"
                    if (-not $current.can_pause_and_continue) { throw 'The service does not support pausing.' }
                    $result.changed = $true
                    $planned.state = 'paused'
                    if (-not $CheckMode) { Suspend-Service -Name $svcName }
                }
            }
            'restarted' {
                # As win_service: restarted always bounces the service and always reports a change.
                $action = "restart service '$svcName'"
                $result.changed = $true
                $planned.state = 'running'
                if (-not $CheckMode) { Restart-Service -Name $svcName -Force:$force }
            }
        }
    }
}
catch {
    $result.failed = $true
    $result.msg = "Failed to $($action): $(Get-InnermostMessage -Exception $_.Exception)"
    $result.exception = "$($_.Exception.Message)`n$($_.ScriptStackTrace)"
}

$after = Get-ServiceState -Name $name
if ($null -ne $after) {
    foreach ($key in $after.Keys) { $result[$key] = $after[$key] }
}
else {
    $result.exists = $false
}

if ($DiffMode) {
    # In check mode nothing changed on the host, so "after" is the plan; otherwise it is what the host now reports.
    $diffAfter = $after
    if ($CheckMode) { $diffAfter = $planned }
    $result.diff = @{ before = $before; after = $diffAfter }
}

$result
