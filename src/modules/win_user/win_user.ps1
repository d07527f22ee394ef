# win_user: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade only (Get/New/Set/Remove-WbLocalUser, Set-WbLocalUserPassword,
# Test-WbPassword, Get-WbLocalUserGroup, Get-WbLocalGroup, Add/Remove-WbLocalGroupMember). Reads the account first and
# changes only what differs; check mode changes nothing. The password is compared with a network logon, so a wrong
# guess counts towards the lockout policy, as in Ansible; the password never reaches a result or a message.
# `groups: []` is a list: with groups_action replace it leaves every group, never means "absent" (issue 13, M1).
# uses: ../module-utils/module-fail.ps1
Set-StrictMode -Version 2.0

# LogonUser codes that mean "right password, but this logon is not allowed" (account restriction, logon hours,
# workstation, logon type): the password matches, as in 1.14's Test-LocalCredential.
$PASSWORD_OK_CODES = @(0, 1327, 1328, 1329, 1385)

$name = [string](Get-ModuleArg -Name 'name')
$password = Get-ModuleArg -Name 'password'
$updatePassword = [string](Get-ModuleArg -Name 'update_password' -Default 'always')
$state = [string](Get-ModuleArg -Name 'state' -Default 'present')
$groupsGiven = Test-ModuleArg -Name 'groups'
$groups = @()
if ($groupsGiven) { $groups = @(Get-ModuleArg -Name 'groups') }
$groupsAction = [string](Get-ModuleArg -Name 'groups_action' -Default 'replace')
$result = @{ changed = $false; name = $name }

if ($true -eq (Get-ModuleArg -Name 'account_locked')) {
    return @{ changed = $false; failed = $true; name = $name; msg = "account_locked must be set to 'no' if provided" }
}

$computer = [string](Get-WbHostInfo).Hostname

function Get-UserView {
    param($User)
    if ($null -eq $User) { return $null }
    $groupNames = @(Get-WbLocalUserGroup -Name $User.Name | ForEach-Object { [string]$_.Name })
    @{
        name                        = [string]$User.Name
        fullname                    = [string]$User.FullName
        description                 = [string]$User.Description
        home_directory              = [string]$User.HomeDirectory
        login_script                = [string]$User.LoginScript
        profile                     = [string]$User.Profile
        path                        = "WinNT://WORKGROUP/$computer/$($User.Name)"
        password_expired            = [bool]$User.PasswordExpired
        password_never_expires      = [bool]$User.PasswordNeverExpires
        user_cannot_change_password = [bool]$User.UserMayNotChangePassword
        account_disabled            = -not [bool]$User.Enabled
        account_locked              = [bool]$User.AccountLocked
        sid                         = [string]$User.Sid
        groups                      = $groupNames
    }
}

# 1.14 (win_user.ps1:241-255) does not test the password of a disabled account or an expired password: it sets it.
# Otherwise Test-LocalCredential logs on (LogonUser(NAME, ".", password, Network)): 1326 is a mismatch, the codes
# above a match, and any other refusal (a locked-out account, 1909) is rethrown and failed by its caller as
# "Failed to validate the user's credentials: " + Ansible.AccessToken's Win32Exception text, "Failed to logon .\NAME
# (TEXT, Win32ErrorCode N - 0xN)", TEXT as .NET Framework's Win32Exception words it (trailing period cut).
function Test-PasswordMatches {
    param($User, [string]$Password)
    if (-not [bool]$User.Enabled -or [bool]$User.PasswordExpired) { return $false }
    $code = [int](Test-WbPassword -Name ".\$($User.Name)" -Password $Password)
    if ($PASSWORD_OK_CODES -contains $code) { return $true }
    if ($code -eq 1326) { return $false }
    $text = ([string](Get-WbErrorText -Code $code)).TrimEnd(" `t`r`n.".ToCharArray())
    $why = "Failed to logon .\{0} ({1}, Win32ErrorCode {2} - 0x{2:X8})" -f [string]$User.Name, $text, $code
    Fail-WbModule -Result @{ changed = $false; name = $name } -Message "Failed to validate the user's credentials: $why"
}

# 1.14 sets a password and deletes an account through ADSI and catches nothing there (win_user.ps1:
# `$userAdsi.SetPassword($password)` then `$userAdsi.SetInfo()` for a new account, `$user.BaseObject.SetPassword(
# $password)` for an existing one, `$ADSI.Delete('User', $user.Name)`), so the password policy's refusal
# (NERR_PasswordTooShort, 2245) and the SAM's refusal to delete a built-in account (ERROR_SPECIAL_ACCOUNT, 1371) escape
# the module as PowerShell's wrapping of the ADSI method's error: `Exception calling "SetInfo" with "0" argument(s):
# "The password does not meet …"` (the text ansible/ansible#20369 shows), which Ansible reports as "Unhandled
# exception while executing module: …". Other errors keep winbook's wrapping (see the catch at the end).
function Invoke-AdsiStep {
    param([scriptblock]$Step, [string]$Method, [int]$Arguments, [int]$Code)
    try { & $Step }
    catch {
        $w = $_.Exception
        while ($null -ne $w -and $w -isnot [ComponentModel.Win32Exception]) { $w = $w.InnerException }
        if ($null -eq $w -or $w.NativeErrorCode -ne $Code) { throw }
        $e = New-Object System.Management.Automation.MethodInvocationException -ArgumentList ('Exception calling "{0}" with "{1}" argument(s): "{2}"' -f $Method, $Arguments, $w.Message), $w
        $e.Data['WbUnhandled'] = $true
        throw $e
    }
}

$before = $null
$after = $null
$user = $null

try {
    $user = Get-WbLocalUser -Name $name
    $before = Get-UserView -User $user
    if ($null -ne $before) { $after = $before.Clone(); $after.groups = @($before.groups) }

    if ($state -eq 'present') {
        if ($null -eq $user) {
            $result.changed = $true
            $after = @{
                name = $name; fullname = ''; description = ''; home_directory = ''; login_script = ''; profile = ''; path = "WinNT://WORKGROUP/$computer/$name"; password_expired = $false
                password_never_expires = $false; user_cannot_change_password = $false; account_disabled = $false; account_locked = $false
                sid = ''; groups = @('Users')
            }
            if ($null -ne $password) { $after.password = 'REDACTED' }
            if (-not $CheckMode) {
                $new = @{ Name = $name }
                if ($null -ne $password) { $new.Password = [string]$password }
                $user = Invoke-AdsiStep -Method 'SetInfo' -Arguments 0 -Code 2245 -Step { New-WbLocalUser @new }
                $after.sid = [string]$user.Sid
            }
        }
        elseif ($null -ne $password -and $updatePassword -eq 'always' -and -not (Test-PasswordMatches -User $user -Password ([string]$password))) {
            $result.changed = $true
            $after.password = 'CHANGED REDACTED'
            $after.password_expired = $false
            if (-not $CheckMode) { Invoke-AdsiStep -Method 'SetPassword' -Arguments 1 -Code 2245 -Step { Set-WbLocalUserPassword -Name $name -Password ([string]$password) } }
        }

        # Set-WbLocalUser's parameter => module argument and how the view shows it.
        $set = @{}
        foreach ($s in @(
                @{ arg = 'fullname'; param = 'FullName'; view = 'fullname'; invert = $false; text = $true },
                @{ arg = 'description'; param = 'Description'; view = 'description'; invert = $false; text = $true },
                # Paths: ansible.windows compares them case-insensitively (-ne), as Windows treats them.
                @{ arg = 'home_directory'; param = 'HomeDirectory'; view = 'home_directory'; invert = $false; text = $true; ci = $true },
                @{ arg = 'login_script'; param = 'LoginScript'; view = 'login_script'; invert = $false; text = $true; ci = $true },
                @{ arg = 'profile'; param = 'Profile'; view = 'profile'; invert = $false; text = $true; ci = $true },
                @{ arg = 'password_expired'; param = 'PasswordExpired'; view = 'password_expired'; invert = $false; text = $false },
                @{ arg = 'account_disabled'; param = 'Enabled'; view = 'account_disabled'; invert = $true; text = $false },
                @{ arg = 'password_never_expires'; param = 'PasswordNeverExpires'; view = 'password_never_expires'; invert = $false; text = $false },
                @{ arg = 'user_cannot_change_password'; param = 'UserMayNotChangePassword'; view = 'user_cannot_change_password'; invert = $false; text = $false }
            )) {
            if (-not (Test-ModuleArg -Name $s.arg)) { continue }
            $value = Get-ModuleArg -Name $s.arg
            if ($s.text) {
                if ([string]$after[$s.view] -ceq [string]$value) { continue }
                if ($s.ContainsKey('ci') -and [string]$after[$s.view] -eq [string]$value) { continue }
                $after[$s.view] = [string]$value
                $set[$s.param] = [string]$value
            }
            else {
                if ([bool]$after[$s.view] -eq [bool]$value) { continue }
                $after[$s.view] = [bool]$value
                $set[$s.param] = ([bool]$value -xor $s.invert)
            }
        }
        if ($false -eq (Get-ModuleArg -Name 'account_locked') -and $after.account_locked) {
            $after.account_locked = $false
            $set.Unlock = $true
        }
        if ($set.Count -gt 0) {
            $result.changed = $true
            if (-not $CheckMode -and $null -ne $user) { $null = Set-WbLocalUser -Name $name @set }
        }

        if ($groupsGiven) {
            $have = @($after.groups)
            $wanted = @()
            foreach ($g in $groups) {
                # By name or by SID (S-1-5-32-558): BUILTIN group names are localised.
                $group = Get-WbLocalGroup -Name ([string]$g)
                # 1.14: $module.FailJson("group '$inputGroup' not found").
                if ($null -eq $group) { Fail-WbModule -Result @{ changed = $false; name = $name } -Message "group '$g' not found" }
                if ($wanted -notcontains [string]$group.Name) { $wanted += [string]$group.Name }
            }
            $toAdd = @()
            $toRemove = @()
            if ($groupsAction -ne 'remove') { $toAdd = @($wanted | Where-Object { $have -notcontains $_ }) }
            if ($groupsAction -eq 'remove') { $toRemove = @($wanted | Where-Object { $have -contains $_ }) }
            if ($groupsAction -eq 'replace') { $toRemove = @($have | Where-Object { $wanted -notcontains $_ }) }
            if ($toAdd.Count + $toRemove.Count -gt 0) { $result.changed = $true }
            if (-not $CheckMode -and $null -ne $user) {
                foreach ($g in $toAdd) { $null = Add-WbLocalGroupMember -Name $g -Sid $user.Sid }
                foreach ($g in $toRemove) { $null = Remove-WbLocalGroupMember -Name $g -Sid $user.Sid }
            }
            $after.groups = @(@($have | Where-Object { $toRemove -notcontains $_ }) + $toAdd)
        }
        $result.state = 'present'
    }
    elseif ($state -eq 'absent') {
        if ($null -ne $user) {
            if (-not $CheckMode) { Invoke-AdsiStep -Method 'Delete' -Arguments 2 -Code 1371 -Step { Remove-WbLocalUser -Name $name } }
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
        $result.state = $(if ($null -ne $user) { 'present' } else { 'absent' })
    }
}
catch {
    # A FailJson of 1.14's and an error 1.14 lets escape keep their form; the rest (a name Windows refuses, one a group
    # has: where 1.14's ADSI calls fail for those is not established) is winbook's own wrapping.
    if ($_.Exception.Data.Contains('WbFail') -or $_.Exception.Data.Contains('WbUnhandled')) { throw }
    $result.failed = $true
    $result.msg = "Failed to manage user '$name': $($_.Exception.Message)"
}

$view = $after
if (-not $CheckMode -and $state -ne 'absent') { $view = Get-UserView -User (Get-WbLocalUser -Name $name) }
if ($null -ne $view -and $state -ne 'absent') {
    foreach ($key in @($view.Keys)) {
        # 1.14 returns the account's fields but home_directory, login_script and profile only in the diff (its
        # Get-UserDiff); the result is built from Get-AnsibleLocalUser's (win_user.ps1, after the state step).
        if ($key -in @('password', 'home_directory', 'login_script', 'profile')) { continue }
        if ($key -eq 'groups') { $result.groups = @($view.groups | ForEach-Object { @{ name = $_; path = "WinNT://WORKGROUP/$computer/$_" } }) }
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
