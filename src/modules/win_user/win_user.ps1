# win_user: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the WinNT ADSI provider as ansible.windows.win_user does. Reads the account first
# and changes only what differs; check mode changes nothing. The password is compared with a network logon
# (LogonUser), so a wrong guess counts towards the lockout policy, as it does in Ansible.
Set-StrictMode -Version 2.0

$ADS_UF_ACCOUNTDISABLE = 2
$ADS_UF_PASSWD_CANT_CHANGE = 64
$ADS_UF_DONT_EXPIRE_PASSWD = 65536

function Get-ModuleArg {
    param([string]$Name, $Default = $null)
    $prop = $ModuleArgs.PSObject.Properties[$Name]
    if ($null -eq $prop -or $null -eq $prop.Value) { return $Default }
    return $prop.Value
}

function Get-User {
    param([string]$Name)
    $adsi = [ADSI]"WinNT://$env:COMPUTERNAME"
    $adsi.Children | Where-Object { $_.SchemaClassName -eq 'User' -and $_.Name -eq $Name } | Select-Object -First 1
}

function Get-UserGroups {
    param($User)
    @($User.Groups() | ForEach-Object { $_.GetType().InvokeMember('Name', 'GetProperty', $null, $_, $null) })
}

function Get-UserView {
    param($User)
    if ($null -eq $User) { return $null }
    $flags = [int]$User.UserFlags.Value
    @{
        name                        = $User.Name.Value
        fullname                    = "$($User.FullName.Value)"
        description                 = "$($User.Description.Value)"
        path                        = $User.Path
        password_expired            = [bool]$User.PasswordExpired.Value
        password_never_expires      = [bool]($flags -band $ADS_UF_DONT_EXPIRE_PASSWD)
        user_cannot_change_password = [bool]($flags -band $ADS_UF_PASSWD_CANT_CHANGE)
        account_disabled            = [bool]($flags -band $ADS_UF_ACCOUNTDISABLE)
        account_locked              = [bool]$User.IsAccountLocked
        sid                         = (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $User.objectSid.Value, 0).Value
        groups                      = @(Get-UserGroups -User $User)
    }
}

function Test-PasswordMatches {
    param([string]$Name, [string]$Password)
    # Errors that mean "right password, but this logon is not allowed" count as a match, as in win_user.
    $code = [Winbook.Logon]::Test($Name, $Password)
    if ($code -in @(0, 1327, 1330, 1331, 1385, 1907)) { return $true }
    if ($code -eq 1326) { return $false }
    throw (New-Object System.ComponentModel.Win32Exception -ArgumentList $code)
}

function Set-Flag {
    param($User, [int]$Flag, [bool]$On)
    $flags = [int]$User.UserFlags.Value
    if ($On) { $flags = $flags -bor $Flag } else { $flags = $flags -band (-bnot $Flag) }
    $User.UserFlags = $flags
}

$name = [string](Get-ModuleArg -Name 'name')
$password = Get-ModuleArg -Name 'password'
$updatePassword = Get-ModuleArg -Name 'update_password' -Default 'always'
$state = Get-ModuleArg -Name 'state' -Default 'present'
$groups = Get-ModuleArg -Name 'groups'
$groupsAction = Get-ModuleArg -Name 'groups_action' -Default 'replace'
$result = @{ changed = $false; name = $name }

if ($true -eq (Get-ModuleArg -Name 'account_locked')) {
    return @{ changed = $false; failed = $true; name = $name; msg = "account_locked must be set to 'no' if provided" }
}

$user = Get-User -Name $name
$before = Get-UserView -User $user
$after = $null
if ($null -ne $before) { $after = $before.Clone(); $after.groups = [string[]]@($before.groups) }

try {
    if ($state -eq 'present') {
        if ($null -eq $user) {
            $result.changed = $true
            $after = @{ name = $name; groups = [string[]]@('Users') }
            if ($null -ne $password) { $after.password = 'REDACTED' }
            if (-not $CheckMode) {
                $adsi = [ADSI]"WinNT://$env:COMPUTERNAME"
                $new = $adsi.Create('User', $name)
                if ($null -ne $password) { $new.SetPassword([string]$password) }
                $new.SetInfo()
                $user = Get-User -Name $name
            }
        }
        elseif ($null -ne $password -and $updatePassword -eq 'always' -and -not $before.account_disabled -and -not (Test-PasswordMatches -Name $name -Password $password)) {
            $result.changed = $true
            $after.password = 'CHANGED REDACTED'
            if (-not $CheckMode) { $user.SetPassword([string]$password) }
        }

        $settings = @(
            @{ arg = 'fullname'; prop = 'FullName' },
            @{ arg = 'description'; prop = 'Description' },
            @{ arg = 'password_expired'; prop = 'PasswordExpired' }
        )
        foreach ($s in $settings) {
            $value = Get-ModuleArg -Name $s.arg
            if ($null -eq $value -or ($after.ContainsKey($s.arg) -and "$($after[$s.arg])" -ceq "$value")) { continue }
            $result.changed = $true
            $after[$s.arg] = $value
            if (-not $CheckMode -and $null -ne $user) {
                if ($s.arg -eq 'password_expired') { $user.PasswordExpired = [int][bool]$value } else { $user.Put($s.prop, [string]$value) }
            }
        }
        $flagArgs = @{ account_disabled = $ADS_UF_ACCOUNTDISABLE; password_never_expires = $ADS_UF_DONT_EXPIRE_PASSWD; user_cannot_change_password = $ADS_UF_PASSWD_CANT_CHANGE }
        foreach ($key in $flagArgs.Keys) {
            $value = Get-ModuleArg -Name $key
            if ($null -eq $value -or ($after.ContainsKey($key) -and $after[$key] -eq [bool]$value)) { continue }
            if (-not $after.ContainsKey($key) -and -not [bool]$value) { continue }
            $result.changed = $true
            $after[$key] = [bool]$value
            if (-not $CheckMode -and $null -ne $user) { Set-Flag -User $user -Flag $flagArgs[$key] -On ([bool]$value) }
        }
        if ($false -eq (Get-ModuleArg -Name 'account_locked') -and $after.ContainsKey('account_locked') -and $after.account_locked) {
            $result.changed = $true
            $after.account_locked = $false
            if (-not $CheckMode) { $user.IsAccountLocked = $false }
        }
        if ($result.changed -and -not $CheckMode -and $null -ne $user) { $user.SetInfo() }

        if ($null -ne $groups) {
            $have = [string[]]@($after.groups)
            $wanted = @()
            foreach ($g in $groups) {
                $group = [ADSI]"WinNT://$env:COMPUTERNAME/$g,group"
                try { $gName = $group.Name.Value } catch { throw "group '$g' not found" }
                $wanted += $gName
            }
            $toAdd = @()
            $toRemove = @()
            if ($groupsAction -ne 'remove') { $toAdd = @($wanted | Where-Object { $have -notcontains $_ }) }
            if ($groupsAction -eq 'remove') { $toRemove = @($wanted | Where-Object { $have -contains $_ }) }
            if ($groupsAction -eq 'replace') { $toRemove = @($have | Where-Object { $wanted -notcontains $_ }) }
            foreach ($g in $toAdd) {
                if (-not $CheckMode) { ([ADSI]"WinNT://$env:COMPUTERNAME/$g,group").Add($user.Path) }
                $result.changed = $true
            }
            foreach ($g in $toRemove) {
                if (-not $CheckMode) { ([ADSI]"WinNT://$env:COMPUTERNAME/$g,group").Remove($user.Path) }
                $result.changed = $true
            }
            $after.groups = [string[]]@(@($have | Where-Object { $toRemove -notcontains $_ }) + $toAdd)
        }
        $result.state = 'present'
    }
    elseif ($state -eq 'absent') {
        if ($null -ne $user) {
            if (-not $CheckMode) { ([ADSI]"WinNT://$env:COMPUTERNAME").Delete('User', $name) }
            $result.changed = $true
            $result.msg = "User '$name' deleted successfully"
        }
        else {
            $result.msg = "User '$name' was not found"
        }
        $after = $null
        $result.state = 'absent'
    }
    else {
        $result.msg = "Querying user '$name'"
        $result.state = if ($null -ne $user) { 'present' } else { 'absent' }
    }
}
catch {
    $result.failed = $true
    $e = $_.Exception
    while ($null -ne $e.InnerException) { $e = $e.InnerException }
    $result.msg = "Failed to manage user '$name': $($e.Message)"
}

$view = Get-UserView -User (Get-User -Name $name)
if ($CheckMode -and $null -ne $after) { $view = $after }
if ($null -ne $view -and $state -ne 'absent') {
    foreach ($key in @($view.Keys)) {
        if ($key -eq 'password') { continue }
        if ($key -eq 'groups') { $result.groups = @($view.groups | ForEach-Object { @{ name = $_; path = "WinNT://$env:COMPUTERNAME/$_" } }) }
        else { $result[$key] = $view[$key] }
    }
}
if ($DiffMode) {
    $d = @{ before = ''; after = '' }
    if ($null -ne $before) { $d.before = $before }
    if ($null -ne $after) { $d.after = $after }
    $result.diff = $d
}
$result
