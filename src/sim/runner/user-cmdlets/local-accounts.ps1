# Windows PowerShell 5.1's Microsoft.PowerShell.LocalAccounts cmdlets for users' scripts on a simulated host, as
# advanced functions over the host's SAM model (src/sim/windows/user-accounts.ts and the façade's account verbs).
# Parameter sets, ShouldProcess texts, messages, error ids and categories follow the module's source
# (PowerShell/PowerShell before 6.1 removed it: src/Microsoft.PowerShell.LocalAccounts, Strings.resx, Exceptions.cs,
# Sam.cs MakeException). Objects are LocalUser/LocalGroup/LocalPrincipal-like (PSTypeName
# Microsoft.PowerShell.Commands.LocalUser…) with SID, Name, Enabled, PrincipalSource, ObjectClass.

function __WbSimSid {
    param([string]$Value)
    if ($Value) { New-Object WinbookSim.SecurityIdentifier($Value) }
}

function __WbSimNamed {
    param($O)
    # LocalPrincipal.ToString(): the name (or the SID).
    $O | Add-Member -MemberType CodeMethod -Name ToString -Value ([WinbookSim.UserLayerObjects].GetMethod('PrincipalToString')) -Force
    $O
}

function __WbSimUserObject {
    param($U)
    $never = [bool]$U.PasswordNeverExpires
    __WbSimNamed ([pscustomobject]@{
            PSTypeName             = 'Microsoft.PowerShell.Commands.LocalUser'
            AccountExpires         = $null
            Description            = [string]$U.Description
            Enabled                = [bool]$U.Enabled
            FullName               = [string]$U.FullName
            PasswordChangeableDate = $null
            # The model keeps no password dates: $null when it never expires, else the default maximum age (42 days) ahead.
            PasswordExpires        = $(if ($never) { $null } else { (Get-Date).AddDays(42) })
            UserMayChangePassword  = [bool]$U.UserMayChangePassword
            PasswordRequired       = [bool]$U.PasswordRequired
            PasswordLastSet        = $null
            LastLogon              = $null
            Name                   = [string]$U.Name
            SID                    = __WbSimSid $U.Sid
            PrincipalSource        = [Microsoft.PowerShell.Commands.PrincipalSource]::Local
            ObjectClass            = 'User'
        })
}

function __WbSimGroupObject {
    param($G)
    __WbSimNamed ([pscustomobject]@{
            PSTypeName      = 'Microsoft.PowerShell.Commands.LocalGroup'
            Description     = [string]$G.Description
            Name            = [string]$G.Name
            SID             = __WbSimSid $G.Sid
            PrincipalSource = [Microsoft.PowerShell.Commands.PrincipalSource]::Local
            ObjectClass     = 'Group'
        })
}

# A principal as Sam.MakeLocalPrincipalObject makes it from LookupAccountName: DOMAIN\name, the SID, where it comes
# from (local SAM, a domain, or neither for NT AUTHORITY and NT SERVICE names) and its class.
function __WbSimPrincipalObject {
    param($A, [string]$Computer)
    $domain = ([string]$A.Name -split '\\')[0]
    $source = if ($domain -eq $Computer -or $domain -eq 'BUILTIN') { 'Local' } elseif ($A.Type -eq 'WellKnownGroup') { 'Unknown' } else { 'ActiveDirectory' }
    $class = switch ($A.Type) {
        'User' { 'User' }
        'Alias' { 'Group' }
        'Group' { 'Group' }
        default { 'Other' }
    }
    __WbSimNamed ([pscustomobject]@{
            PSTypeName      = 'Microsoft.PowerShell.Commands.LocalPrincipal'
            Name            = [string]$A.Name
            SID             = __WbSimSid $A.Sid
            PrincipalSource = [Microsoft.PowerShell.Commands.PrincipalSource]$source
            ObjectClass     = $class
        })
}

# Sam.MakeException: the SAM's refusal as LocalAccounts reports it. $Op is New for a create (UserExists/GroupExists
# rather than NameInUse). Password policy: STATUS_PASSWORD_RESTRICTION → ERROR_PASSWORD_RESTRICTION's text (1325).
function __WbSimAccountsRecord {
    param([Exception]$W, [string]$Name, [string]$Kind, [string]$Op, [string]$Cmdlet, $Target, [string]$Member, [string]$Group)
    if ($null -eq $Target) { $Target = $Name }
    $e = $null
    if ($W -is [System.ComponentModel.Win32Exception]) {
        switch ($W.NativeErrorCode) {
            5 { $e = New-Object Microsoft.PowerShell.Commands.AccessDeniedException($Target) }
            1315 { $e = New-Object Microsoft.PowerShell.Commands.InvalidNameException($Name, $Target) }
            2202 { $e = New-Object Microsoft.PowerShell.Commands.InvalidNameException($Name, $Target) }
            2224 { if ($Op -eq 'New' -and $Kind -eq 'User') { $e = New-Object Microsoft.PowerShell.Commands.UserExistsException($Name, $Target) } else { $e = New-Object Microsoft.PowerShell.Commands.NameInUseException($Name, $Target) } }
            1379 { if ($Op -eq 'New' -and $Kind -eq 'Group') { $e = New-Object Microsoft.PowerShell.Commands.GroupExistsException($Name, $Target) } else { $e = New-Object Microsoft.PowerShell.Commands.NameInUseException($Name, $Target) } }
            2223 { $e = New-Object Microsoft.PowerShell.Commands.NameInUseException($Name, $Target) }
            2221 { $e = New-Object Microsoft.PowerShell.Commands.UserNotFoundException($Name, $Target) }
            1376 { $e = New-Object Microsoft.PowerShell.Commands.GroupNotFoundException($Name, $Target) }
            2245 { $e = New-Object Microsoft.PowerShell.Commands.InvalidPasswordException('Unable to update the password. The value provided for the new password does not meet the length, complexity, or history requirements of the domain.') }
            1387 { $e = New-Object Microsoft.PowerShell.Commands.MemberNotFoundException($Member, $Group) }
            # A built-in account (RID below 1000): SamDeleteUser's STATUS_SPECIAL_ACCOUNT (0xC0000124, whose Win32 form is
            # 1371), which MakeException leaves to its default. Unverified on a real host which status SAM returns.
            1371 { $e = New-Object Microsoft.PowerShell.Commands.InternalException([uint32]3221225764, $Target) }
        }
    }
    if ($null -eq $e) {
        # Anything else is not a LocalAccountsException: MakeErrorRecord's generic record.
        return __WbSimError -Exception (New-Object System.InvalidOperationException($W.Message)) -Id 'An unspecified error occurred.' -Category NotSpecified -Target $Target -Cmdlet $Cmdlet
    }
    $t = if ($null -ne $e.Target) { $e.Target } else { $Target }
    if ($e -is [Microsoft.PowerShell.Commands.InvalidPasswordException]) { $t = $null }
    __WbSimError -Exception $e -Id $e.ErrorName -Category $e.ErrorCategory -Target $t -Cmdlet $Cmdlet
}

function __WbSimNotFound {
    param([string]$Kind, [string]$Name, [string]$Cmdlet)
    $e = if ($Kind -eq 'User') { New-Object Microsoft.PowerShell.Commands.UserNotFoundException($Name, $Name) } else { New-Object Microsoft.PowerShell.Commands.GroupNotFoundException($Name, $Name) }
    __WbSimError -Exception $e -Id $e.ErrorName -Category $e.ErrorCategory -Target $Name -Cmdlet $Cmdlet
}

function __WbSimComputer { [string](__WbSimCall 'Get-WbHostInfo' @{}).Hostname }

# The users a -Name/-SID/-InputObject set names; not-found names (no wildcards) are errors on $Caller.
function __WbSimFindUsers {
    param($Caller, [string]$Cmdlet, [string[]]$Name, [object[]]$SID, [object[]]$InputObject)
    $all = @(__WbSimCall 'User.Users' @{})
    $out = New-Object System.Collections.ArrayList
    if ($null -ne $InputObject) { foreach ($i in $InputObject) { $Name += [string]$i.Name } }
    if ($null -ne $SID) {
        foreach ($s in $SID) {
            $hit = @($all | Where-Object { $_.Sid -eq [string]$s })
            if ($hit.Count -gt 0) { [void]$out.Add($hit[0]) } else { $Caller.WriteError((__WbSimNotFound 'User' ([string]$s) $Cmdlet)) }
        }
        return , $out.ToArray()
    }
    if ($null -eq $Name) { return , $all }
    foreach ($n in $Name) {
        if (__WbSimHasWildcard $n) { foreach ($u in @($all | Where-Object { __WbSimLike $_.Name $n })) { [void]$out.Add($u) }; continue }
        $short = ($n -split '\\')[-1]
        $hit = @($all | Where-Object { $_.Name -eq $short })
        if ($hit.Count -gt 0) { [void]$out.Add($hit[0]) } else { $Caller.WriteError((__WbSimNotFound 'User' $n $Cmdlet)) }
    }
    , $out.ToArray()
}

function __WbSimFindGroups {
    param($Caller, [string]$Cmdlet, [string[]]$Name, [object[]]$SID, [object[]]$InputObject)
    $all = @(__WbSimCall 'User.Groups' @{})
    $out = New-Object System.Collections.ArrayList
    # A LocalGroup parameter takes a name too (LocalGroup's string constructor), as `-Group Administrators` binds on 5.1.
    if ($null -ne $InputObject) { foreach ($i in $InputObject) { if ($i -is [string]) { $Name += $i } else { $Name += [string]$i.Name } } }
    if ($null -ne $SID) {
        foreach ($s in $SID) {
            $hit = @($all | Where-Object { $_.Sid -eq [string]$s })
            if ($hit.Count -gt 0) { [void]$out.Add($hit[0]) } else { $Caller.WriteError((__WbSimNotFound 'Group' ([string]$s) $Cmdlet)) }
        }
        return , $out.ToArray()
    }
    if ($null -eq $Name) { return , $all }
    foreach ($n in $Name) {
        if (__WbSimHasWildcard $n) { foreach ($g in @($all | Where-Object { __WbSimLike $_.Name $n })) { [void]$out.Add($g) }; continue }
        $short = ($n -split '\\')[-1]
        $hit = @($all | Where-Object { $_.Name -eq $short })
        if ($hit.Count -gt 0) { [void]$out.Add($hit[0]) } else { $Caller.WriteError((__WbSimNotFound 'Group' $n $Cmdlet)) }
    }
    , $out.ToArray()
}

function Get-LocalUser {
    [CmdletBinding(DefaultParameterSetName = 'Default')]
    param(
        [Parameter(ParameterSetName = 'Default', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNullOrEmpty()][string[]]$Name,
        [Parameter(ParameterSetName = 'SecurityIdentifier', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNull()][object[]]$SID
    )
    process {
        foreach ($u in (__WbSimFindUsers -Caller $PSCmdlet -Cmdlet 'GetLocalUserCommand' -Name $Name -SID $SID)) { __WbSimUserObject $u }
    }
}

function Get-LocalGroup {
    [CmdletBinding(DefaultParameterSetName = 'Default')]
    param(
        [Parameter(ParameterSetName = 'Default', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNullOrEmpty()][string[]]$Name,
        [Parameter(ParameterSetName = 'SecurityIdentifier', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNull()][object[]]$SID
    )
    process {
        foreach ($g in (__WbSimFindGroups -Caller $PSCmdlet -Cmdlet 'GetLocalGroupCommand' -Name $Name -SID $SID)) { __WbSimGroupObject $g }
    }
}

function New-LocalUser {
    [CmdletBinding(DefaultParameterSetName = 'Password', SupportsShouldProcess = $true)]
    param(
        [Parameter(ValueFromPipelineByPropertyName = $true)][datetime]$AccountExpires,
        [Parameter(ValueFromPipelineByPropertyName = $true)][switch]$AccountNeverExpires,
        [Parameter(ValueFromPipelineByPropertyName = $true)][ValidateNotNull()][string]$Description,
        [Parameter(ValueFromPipelineByPropertyName = $true)][switch]$Disabled,
        [Parameter(ValueFromPipelineByPropertyName = $true)][ValidateNotNull()][string]$FullName,
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNullOrEmpty()][ValidateLength(1, 20)][string]$Name,
        [Parameter(Mandatory = $true, ParameterSetName = 'Password', ValueFromPipelineByPropertyName = $true)][ValidateNotNull()][System.Security.SecureString]$Password,
        [Parameter(Mandatory = $true, ParameterSetName = 'NoPassword', ValueFromPipelineByPropertyName = $true)][switch]$NoPassword,
        [Parameter(ParameterSetName = 'Password', ValueFromPipelineByPropertyName = $true)][switch]$PasswordNeverExpires,
        [Parameter(ValueFromPipelineByPropertyName = $true)][switch]$UserMayNotChangePassword
    )
    begin {
        if ($PSBoundParameters.ContainsKey('AccountExpires') -and $AccountNeverExpires) {
            $e = New-Object Microsoft.PowerShell.Commands.InvalidParametersException('AccountExpires', 'AccountNeverExpires')
            $PSCmdlet.ThrowTerminatingError((__WbSimError -Exception $e -Id $e.ErrorName -Category $e.ErrorCategory -Target $null -Cmdlet 'NewLocalUserCommand'))
        }
        if ($PSBoundParameters.ContainsKey('AccountExpires')) {
            $PSCmdlet.ThrowTerminatingError((__WbSimError -Exception (New-Object System.NotSupportedException('winbook simulator: the simulated SAM keeps no account expiry dates; -AccountExpires cannot be rehearsed.')) -Id 'NotSupported' -Category NotImplemented -Target $null -Cmdlet 'NewLocalUserCommand'))
        }
    }
    process {
        if (-not $PSCmdlet.ShouldProcess($Name, 'Create new local user')) { return }
        $create = @{ Name = $Name; NoPassword = [bool]$NoPassword; Disabled = [bool]$Disabled; PasswordNeverExpires = [bool]$PasswordNeverExpires; UserMayNotChangePassword = [bool]$UserMayNotChangePassword }
        if ($null -ne $Password) { $create.Password = __WbSimPlain $Password }
        if ($PSBoundParameters.ContainsKey('Description')) { $create.Description = $Description }
        if ($PSBoundParameters.ContainsKey('FullName')) { $create.FullName = $FullName }
        try { __WbSimUserObject (__WbSimCall 'User.UserCreate' $create) }
        catch { $PSCmdlet.WriteError((__WbSimAccountsRecord -W $_.Exception -Name $Name -Kind 'User' -Op 'New' -Cmdlet 'NewLocalUserCommand')) }
    }
}

# Set-LocalUser, Enable-LocalUser and Disable-LocalUser: the users named, then one SamSetInformationUser each.
function __WbSimSetUsers {
    param($Caller, [string]$Cmdlet, [string]$Action, [hashtable]$Change, [string[]]$Name, [object[]]$SID, [object[]]$InputObject)
    foreach ($u in (__WbSimFindUsers -Caller $Caller -Cmdlet $Cmdlet -Name $Name -SID $SID -InputObject $InputObject)) {
        if (-not $Caller.ShouldProcess($u.Name, $Action)) { continue }
        $c = $Change.Clone()
        $c.Name = $u.Name
        try { $null = __WbSimCall 'User.UserSet' $c }
        catch { $Caller.WriteError((__WbSimAccountsRecord -W $_.Exception -Name $u.Name -Kind 'User' -Op 'Set' -Cmdlet $Cmdlet)) }
    }
}

function Set-LocalUser {
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess = $true)]
    param(
        [Parameter(ValueFromPipelineByPropertyName = $true)][datetime]$AccountExpires,
        [Parameter(ValueFromPipelineByPropertyName = $true)][switch]$AccountNeverExpires,
        [Parameter(ValueFromPipelineByPropertyName = $true)][ValidateNotNull()][string]$Description,
        [Parameter(ValueFromPipelineByPropertyName = $true)][ValidateNotNull()][string]$FullName,
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNull()][PSTypeName('Microsoft.PowerShell.Commands.LocalUser')][object]$InputObject,
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNull()][string]$Name,
        [Parameter(ValueFromPipelineByPropertyName = $true)][ValidateNotNull()][System.Security.SecureString]$Password,
        [Parameter(ValueFromPipelineByPropertyName = $true)][bool]$PasswordNeverExpires,
        [Parameter(ParameterSetName = 'SecurityIdentifier', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNull()][object]$SID,
        [Parameter(ValueFromPipelineByPropertyName = $true)][bool]$UserMayChangePassword
    )
    begin {
        if ($PSBoundParameters.ContainsKey('AccountExpires') -and $AccountNeverExpires) {
            $e = New-Object Microsoft.PowerShell.Commands.InvalidParametersException('AccountExpires', 'AccountNeverExpires')
            $PSCmdlet.ThrowTerminatingError((__WbSimError -Exception $e -Id $e.ErrorName -Category $e.ErrorCategory -Target $null -Cmdlet 'SetLocalUserCommand'))
        }
        if ($PSBoundParameters.ContainsKey('AccountExpires')) {
            $PSCmdlet.ThrowTerminatingError((__WbSimError -Exception (New-Object System.NotSupportedException('winbook simulator: the simulated SAM keeps no account expiry dates; -AccountExpires cannot be rehearsed.')) -Id 'NotSupported' -Category NotImplemented -Target $null -Cmdlet 'SetLocalUserCommand'))
        }
    }
    process {
        $change = @{}
        if ($PSBoundParameters.ContainsKey('Description')) { $change.Description = $Description }
        if ($PSBoundParameters.ContainsKey('FullName')) { $change.FullName = $FullName }
        if ($PSBoundParameters.ContainsKey('PasswordNeverExpires')) { $change.PasswordNeverExpires = $PasswordNeverExpires }
        if ($PSBoundParameters.ContainsKey('UserMayChangePassword')) { $change.UserMayChangePassword = $UserMayChangePassword }
        if ($null -ne $Password) { $change.Password = __WbSimPlain $Password }
        $names = if ($PSCmdlet.ParameterSetName -eq 'Name') { @($Name) } else { $null }
        $sids = if ($PSCmdlet.ParameterSetName -eq 'SecurityIdentifier') { @($SID) } else { $null }
        $objects = if ($PSCmdlet.ParameterSetName -eq 'InputObject') { @($InputObject) } else { $null }
        __WbSimSetUsers -Caller $PSCmdlet -Cmdlet 'SetLocalUserCommand' -Action 'Modify local user' -Change $change -Name $names -SID $sids -InputObject $objects
    }
}

function Enable-LocalUser {
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNullOrEmpty()][PSTypeName('Microsoft.PowerShell.Commands.LocalUser')][object[]]$InputObject,
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNullOrEmpty()][string[]]$Name,
        [Parameter(ParameterSetName = 'SecurityIdentifier', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNullOrEmpty()][object[]]$SID
    )
    process { __WbSimSetUsers -Caller $PSCmdlet -Cmdlet 'EnableLocalUserCommand' -Action 'Enable local user' -Change @{ Enabled = $true } -Name $Name -SID $SID -InputObject $InputObject }
}

function Disable-LocalUser {
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNullOrEmpty()][PSTypeName('Microsoft.PowerShell.Commands.LocalUser')][object[]]$InputObject,
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNullOrEmpty()][string[]]$Name,
        [Parameter(ParameterSetName = 'SecurityIdentifier', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNullOrEmpty()][object[]]$SID
    )
    process { __WbSimSetUsers -Caller $PSCmdlet -Cmdlet 'DisableLocalUserCommand' -Action 'Disable local user' -Change @{ Enabled = $false } -Name $Name -SID $SID -InputObject $InputObject }
}

function Remove-LocalUser {
    [CmdletBinding(DefaultParameterSetName = 'Default', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNullOrEmpty()][PSTypeName('Microsoft.PowerShell.Commands.LocalUser')][object[]]$InputObject,
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNullOrEmpty()][string[]]$Name,
        [Parameter(ParameterSetName = 'SecurityIdentifier', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNullOrEmpty()][object[]]$SID
    )
    process {
        foreach ($u in (__WbSimFindUsers -Caller $PSCmdlet -Cmdlet 'RemoveLocalUserCommand' -Name $Name -SID $SID -InputObject $InputObject)) {
            if (-not $PSCmdlet.ShouldProcess($u.Name, 'Remove local user')) { continue }
            try { $null = __WbSimCall 'User.UserRemove' @{ Name = $u.Name } }
            catch { $PSCmdlet.WriteError((__WbSimAccountsRecord -W $_.Exception -Name $u.Name -Kind 'User' -Op 'Remove' -Cmdlet 'RemoveLocalUserCommand')) }
        }
    }
}

function New-LocalGroup {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(ValueFromPipelineByPropertyName = $true)][ValidateNotNull()][ValidateLength(0, 48)][string]$Description,
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNullOrEmpty()][ValidateLength(1, 256)][string]$Name
    )
    process {
        if (-not $PSCmdlet.ShouldProcess($Name, 'Create new local group')) { return }
        $create = @{ Name = $Name }
        if ($PSBoundParameters.ContainsKey('Description')) { $create.Description = $Description }
        try { __WbSimGroupObject (__WbSimCall 'User.GroupCreate' $create) }
        catch { $PSCmdlet.WriteError((__WbSimAccountsRecord -W $_.Exception -Name $Name -Kind 'Group' -Op 'New' -Cmdlet 'NewLocalGroupCommand')) }
    }
}

function Get-LocalGroupMember {
    [CmdletBinding(DefaultParameterSetName = 'Default')]
    param(
        [Parameter(ParameterSetName = 'Group', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNull()][object]$Group,
        [Parameter(Position = 1)][ValidateNotNullOrEmpty()][string]$Member,
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNullOrEmpty()][string]$Name,
        [Parameter(ParameterSetName = 'SecurityIdentifier', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][ValidateNotNull()][object]$SID
    )
    process {
        $g = @(__WbSimFindGroups -Caller $PSCmdlet -Cmdlet 'GetLocalGroupMemberCommand' -Name $(if ($Name) { @($Name) } else { $null }) -SID $(if ($SID) { @($SID) } else { $null }) -InputObject $(if ($Group) { @($Group) } else { $null }))
        if ($g.Count -eq 0) { return }
        $computer = __WbSimComputer
        $members = @(__WbSimCall 'Get-WbLocalGroupMember' @{ Name = $g[0].Name } | Where-Object { $null -ne $_.Name } | ForEach-Object { __WbSimPrincipalObject $_ $computer })
        if ($Member) {
            if (__WbSimHasWildcard $Member) { $members = @($members | Where-Object { (__WbSimLike $_.Name $Member) -or (__WbSimLike (($_.Name -split '\\')[-1]) $Member) }) }
            else {
                $short = ($Member -split '\\')[-1]
                $members = @($members | Where-Object { $_.Name -eq $Member -or (($_.Name -split '\\')[-1]) -eq $short })
                if ($members.Count -eq 0) {
                    $e = New-Object Microsoft.PowerShell.Commands.PrincipalNotFoundException($Member, $Member)
                    $PSCmdlet.WriteError((__WbSimError -Exception $e -Id $e.ErrorName -Category $e.ErrorCategory -Target $Member -Cmdlet 'GetLocalGroupMemberCommand'))
                    return
                }
            }
        }
        # Sorted by name, as GetLocalGroupMemberCommand sorts them.
        $members | Sort-Object -Property Name
    }
}

# Add-LocalGroupMember and Remove-LocalGroupMember: each member resolved as MakePrincipal does (a SID string as
# is, an object with a SID as is, a name through LookupAccountName), then SamAddMemberToAlias / SamRemoveMember….
function __WbSimChangeMembers {
    param($Caller, [string]$Cmdlet, [string]$Action, $Group, [object[]]$Member, [string]$GroupName, [object]$GroupSid)
    $g = @(__WbSimFindGroups -Caller $Caller -Cmdlet $Cmdlet -Name $(if ($GroupName) { @($GroupName) } else { $null }) -SID $(if ($GroupSid) { @($GroupSid) } else { $null }) -InputObject $(if ($Group) { @($Group) } else { $null }))
    if ($g.Count -eq 0) { return }
    $group = __WbSimGroupObject $g[0]
    foreach ($m in $Member) {
        $sid = $null; $shown = $null
        if ($m -is [string] -and $m -match '^S-1-(\d+-)*\d+$') { $sid = $m; $shown = $m }
        elseif (-not ($m -is [string]) -and $null -ne $m.SID) { $sid = [string]$m.SID; $shown = [string]$m }
        else {
            $n = [string]$m
            try { $a = __WbSimCall 'Resolve-WbAccount' @{ Name = $n }; $sid = $a.Sid; $shown = $a.Name }
            catch {
                $e = New-Object Microsoft.PowerShell.Commands.PrincipalNotFoundException($n, $n)
                $Caller.WriteError((__WbSimError -Exception $e -Id $e.ErrorName -Category $e.ErrorCategory -Target $n -Cmdlet $Cmdlet))
                continue
            }
        }
        if (-not $Caller.ShouldProcess($group.Name, "$Action $shown")) { continue }
        try { $changed = __WbSimCall 'User.GroupMember' @{ Name = $group.Name; Sid = $sid; Action = $(if ($Action -eq 'Add member') { 'add' } else { 'remove' }) } }
        catch { $Caller.WriteError((__WbSimAccountsRecord -W $_.Exception -Name $group.Name -Kind 'Group' -Op 'Member' -Cmdlet $Cmdlet -Target $group -Member $shown -Group $group.Name)); continue }
        if (-not $changed) {
            $e = if ($Action -eq 'Add member') { New-Object Microsoft.PowerShell.Commands.MemberExistsException($shown, $group.Name, $group) } else { New-Object Microsoft.PowerShell.Commands.MemberNotFoundException($shown, $group.Name) }
            $Caller.WriteError((__WbSimError -Exception $e -Id $e.ErrorName -Category $e.ErrorCategory -Target $e.Target -Cmdlet $Cmdlet))
        }
    }
}

function Add-LocalGroupMember {
    [CmdletBinding(DefaultParameterSetName = 'Default', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Group', Mandatory = $true, Position = 0)][ValidateNotNull()][object]$Group,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNullOrEmpty()][object[]]$Member,
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0)][ValidateNotNullOrEmpty()][string]$Name,
        [Parameter(ParameterSetName = 'SecurityIdentifier', Mandatory = $true, Position = 0)][ValidateNotNull()][object]$SID
    )
    process { __WbSimChangeMembers -Caller $PSCmdlet -Cmdlet 'AddLocalGroupMemberCommand' -Action 'Add member' -Group $Group -Member $Member -GroupName $Name -GroupSid $SID }
}

function Remove-LocalGroupMember {
    [CmdletBinding(DefaultParameterSetName = 'Default', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Group', Mandatory = $true, Position = 0)][ValidateNotNull()][object]$Group,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][ValidateNotNullOrEmpty()][object[]]$Member,
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0)][ValidateNotNullOrEmpty()][string]$Name,
        [Parameter(ParameterSetName = 'SecurityIdentifier', Mandatory = $true, Position = 0)][ValidateNotNull()][object]$SID
    )
    process { __WbSimChangeMembers -Caller $PSCmdlet -Cmdlet 'RemoveLocalGroupMemberCommand' -Action 'Remove member' -Group $Group -Member $Member -GroupName $Name -GroupSid $SID }
}
