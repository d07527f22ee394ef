# win_group_membership: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Members are compared by SID through the WinNT ADSI provider (Get-LocalGroupMember fails
# on groups holding orphaned SIDs); added/removed are reported by name, also in check mode.
Set-StrictMode -Version 2.0

function ConvertTo-MemberSid {
    param([string]$Account)
    # LookupAccountName; Windows' own 1332 text when the name does not map.
    if ($Account -match '^S-1-(\d+-)*\d+$') { return $Account }
    $qualified = $Account
    if ($Account.StartsWith('.\')) { $qualified = "$env:COMPUTERNAME\$($Account.Substring(2))" }
    try {
        $nt = New-Object System.Security.Principal.NTAccount -ArgumentList $qualified
        return $nt.Translate([System.Security.Principal.SecurityIdentifier]).Value
    }
    catch [System.Security.Principal.IdentityNotMappedException] {
        $text = (New-Object System.ComponentModel.Win32Exception -ArgumentList 1332).Message
        throw "Failed to translate the account '$Account' to a SID: $text"
    }
}

function Get-MemberName {
    param([string]$Sid)
    try { return (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $Sid).Translate([System.Security.Principal.NTAccount]).Value }
    catch { return $Sid }
}

function Get-GroupMemberSids {
    param($Group)
    @($Group.Invoke('Members') | ForEach-Object {
            $bytes = $_.GetType().InvokeMember('objectSid', 'GetProperty', $null, $_, $null)
            (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $bytes, 0).Value
        })
}

$name = [string]$ModuleArgs.name
$state = 'present'
if ($null -ne $ModuleArgs.PSObject.Properties['state'] -and $null -ne $ModuleArgs.state) { $state = [string]$ModuleArgs.state }
$result = @{ changed = $false; name = $name; added = @(); removed = @() }

$adsi = [ADSI]"WinNT://$env:COMPUTERNAME"
$group = $adsi.Children | Where-Object { $_.SchemaClassName -eq 'group' -and $_.Name -eq $name } | Select-Object -First 1
if ($null -eq $group) {
    $result.failed = $true
    $result.msg = "Could not find local group $name"
    return $result
}

try {
    $wanted = [string[]]@($ModuleArgs.members | ForEach-Object { ConvertTo-MemberSid -Account ([string]$_) } | Select-Object -Unique)
}
catch {
    $result.failed = $true
    $result.msg = $_.Exception.Message
    return $result
}

$current = [string[]]@(Get-GroupMemberSids -Group $group)
$before = @($current | ForEach-Object { Get-MemberName -Sid $_ })
$toAdd = @()
$toRemove = @()
if ($state -ne 'absent') { $toAdd = @($wanted | Where-Object { $current -notcontains $_ }) }
if ($state -eq 'absent') { $toRemove = @($wanted | Where-Object { $current -contains $_ }) }
if ($state -eq 'pure') { $toRemove = @($current | Where-Object { $wanted -notcontains $_ }) }

try {
    foreach ($sid in $toAdd) {
        if (-not $CheckMode) { $group.Add("WinNT://$sid") }
        $result.added += Get-MemberName -Sid $sid
        $result.changed = $true
    }
    foreach ($sid in $toRemove) {
        if (-not $CheckMode) { $group.Remove("WinNT://$sid") }
        $result.removed += Get-MemberName -Sid $sid
        $result.changed = $true
    }
}
catch {
    $result.failed = $true
    $result.msg = "Failed to change the members of group $($name): $($_.Exception.InnerException.Message)"
}

$after = @($before | Where-Object { $result.removed -notcontains $_ }) + @($result.added)
$result.members = $after
if ($DiffMode) { $result.diff = @{ before = @{ name = $name; members = $before }; after = @{ name = $name; members = $after } } }
$result
