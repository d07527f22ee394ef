# qlik_service_account: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# One verified operation: grant SeServiceLogonRight, add the groups, give Full control on the Qlik data folder,
# test the credentials with a service logon before touching any service (1326 wrong password, 1385 missing logon
# right), then stop the services whose logon differs (reverse order), set the account and start in order. A failed
# start is explained and the node's changed services are rolled back. Every Windows call is a façade verb
# (src/hostapi/contract); the Qlik service helpers come from qlik_qrs/services.ps1, prepended by index.ts.
# Defaults (groups, data_dir, timeout, ...) live once, in index.ts's schema.
# uses: ../qlik_qrs/services.ps1
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$user = Get-ModuleArg -Name 'username'
$password = Get-ModuleArg -Name 'password'
$groups = @(Get-ModuleArg -Name 'groups')
$dataDir = Get-ModuleArg -Name 'data_dir'
$previous = Get-ModuleArg -Name 'previous_password'
$timeout = [int](Get-ModuleArg -Name 'timeout')
$start = [bool](Get-ModuleArg -Name 'start')
$account = Resolve-WbAccount -Name $user
$sid = $account.Sid
$computer = (Get-WbHostInfo).Hostname
$markerKey = 'HKLM:\SOFTWARE\winbook\QlikServiceAccount'
$result = @{ changed = $false; right_granted = $false; groups_added = @(); acl_added = $false; services_changed = @(); order = @(); username = $user }

function Get-LogonError { Test-WbServiceLogon -Name $account.Name -Password $password }

function Get-Marker {
    param([byte[]]$Salt)
    $kdf = New-Object System.Security.Cryptography.Rfc2898DeriveBytes -ArgumentList $password, $Salt, 100000
    [Convert]::ToBase64String($Salt) + ':' + [Convert]::ToBase64String($kdf.GetBytes(32))
}

# The SCM cannot show a service's password; we keep a salted PBKDF2 marker of the last one this module set
# (HKLM, administrators only), so a rerun with the same password changes nothing. One value per service under one
# key that is created once and never recreated (issue 13, M2: New-Item -Force on it kept only the last marker).
$markers = @{}
$key = Get-WbRegistryKey -Path $markerKey
if ($key.Exists) { foreach ($v in @($key.Values)) { $markers[[string]$v.Name] = [string]$v.Data } }
function Test-PasswordCurrent {
    param([string]$Service)
    $value = $markers[$Service]
    if ($null -eq $value -or $value -notlike '*:*') { return $false }
    $value -eq (Get-Marker -Salt ([Convert]::FromBase64String($value.Split(':')[0])))
}

if ((Get-ModuleArg -Name 'grant_logon_right') -and -not (@(Get-WbRightHolder -Right 'SeServiceLogonRight') | Where-Object { $_.Sid -eq $sid })) {
    if (-not $CheckMode) { $null = Grant-WbRight -Right 'SeServiceLogonRight' -Sid $sid }
    $result.right_granted = $true
}
foreach ($g in $groups) {
    # By name or by well-known SID (S-1-5-32-558 is Performance Monitor Users in every language).
    $group = Get-WbLocalGroup -Name $g
    if ($null -eq $group) { throw (New-Object System.ComponentModel.Win32Exception 1376, "$(Get-WbErrorText -Code 1376) ($g)") }
    if (@(Get-WbLocalGroupMember -Name $group.Name | Where-Object { $_.Sid -eq $sid }).Count -gt 0) { continue }
    if (-not $CheckMode) { $null = Add-WbLocalGroupMember -Name $group.Name -Sid $sid }
    $result.groups_added += [string]$group.Name
}
$fullControl = 2032127
$full = @((Get-WbAcl -Path $dataDir).Rules | Where-Object { $_.Type -eq 'Allow' -and $_.Sid -eq $sid -and (([int]$_.RightsMask -band $fullControl) -eq $fullControl) })
if ($full.Count -eq 0) {
    if (-not $CheckMode) { $null = Add-WbAccessRule -Path $dataDir -Sid $sid -Rights 'FullControl' -Type 'Allow' -InheritanceFlags 'ContainerInherit, ObjectInherit' -PropagationFlags 'None' }
    $result.acl_added = $true
}
if ((Get-ModuleArg -Name 'test_credentials') -and -not $CheckMode) {
    $code = Get-LogonError
    if ($code -ne 0) {
        $result.failed = $true; $result.logon_error = $code
        $result.msg = "credential test for $user failed before any service was touched: $(Get-WbErrorText -Code $code) ($code)"
        return $result
    }
}

# services absent: every Qlik service but the Repository Database; a list (even []) means exactly those (M1).
if (Test-ModuleArg -Name 'services') { $list = @(Get-QlikService -Names @(Get-ModuleArg -Name 'services')) }
else { $list = @(Get-QlikService | Where-Object { $_.Name -ne 'QlikSenseRepositoryDatabase' }) }
# Same account by SID, whatever form the SCM shows (.\qliksvc, QLIK01\qliksvc); an account that no longer resolves differs.
function Test-SameAccount {
    param([string]$Name)
    if (-not $Name) { return $false }
    try { return (Resolve-WbAccount -Name $Name).Sid -eq $sid } catch { return $false }
}
$change = @($list | Where-Object { -not (Test-SameAccount -Name $_.Account) -or -not (Test-PasswordCurrent -Service $_.Name) })
$result.services_changed = @($change | ForEach-Object { [string]$_.Name })
$toStart = @($list | Where-Object { $start -and $_.State -ne 'Running' -and $_.StartMode -ne 'Disabled' })
$result.changed = $result.right_granted -or $result.groups_added.Count -gt 0 -or $result.acl_added -or $change.Count -gt 0 -or $toStart.Count -gt 0
if ($CheckMode -or ($change.Count -eq 0 -and $toStart.Count -eq 0)) { return $result }

$saved = @($change | ForEach-Object { @{ name = [string]$_.Name; account = [string]$_.Account } })
$order = New-Object System.Collections.Generic.List[string]
$step = ''
try {
    for ($i = $change.Count - 1; $i -ge 0; $i--) {
        $step = "$($change[$i].Name) did not stop"
        if ($change[$i].State -ne 'Stopped') { Stop-QlikService -Service $change[$i] -Timeout $timeout; $order.Add("stop $($change[$i].Name)") }
    }
    if ($change.Count -gt 0) { $null = New-WbRegistryKey -Path $markerKey }
    foreach ($s in $change) {
        # Win32_Service.Change through the façade: the password never reaches a command line (M4). The account as
        # given (.\qliksvc), as the SCM then shows it; comparisons above go by SID.
        $step = "the account of $($s.Name) could not be set"
        Set-WbServiceAccount -Name $s.Name -Account $user -Password $password
        $salt = New-Object byte[] 16
        [Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($salt)
        $null = Set-WbRegistryValue -Path $markerKey -Name $s.Name -Kind 'String' -String (Get-Marker -Salt $salt)
        $order.Add("set $($s.Name)")
    }
    if ($start) {
        foreach ($s in $list) {
            $now = Get-WbService -Name $s.Name
            if ($now.State -eq 'Running' -or $now.StartMode -eq 'Disabled') { continue }
            $step = "$($s.Name) did not start"
            Start-QlikService -Service $now -Timeout $timeout
            $order.Add("start $($s.Name)")
        }
    }
}
catch {
    # Any failure after the first change (a stop, the account change itself, a start) rolls the node back.
    $why = Format-QlikServiceError -ErrorRecord $_
    if ($why -like '1069:*') {
        $code = Get-LogonError
        if ($code -eq 1385) { $why += " Cause: $user does not hold ""Log on as a service"" (SeServiceLogonRight) on $computer (event 7041)." }
        elseif ($code -eq 1326) { $why += " Cause: the password given for $user is not the account's password (event 7038)." }
    }
    for ($j = $saved.Count - 1; $j -ge 0; $j--) { try { Stop-QlikService -Name $saved[$j].name -Timeout $timeout } catch { $order.Add("rollback stop of $($saved[$j].name) failed") } }
    foreach ($x in $saved) {
        # The old password cannot be read back: restore it only when the caller gave it.
        try {
            if ($null -ne $previous) { Set-WbServiceAccount -Name $x.name -Account $x.account -Password $previous }
            else { Set-WbServiceAccount -Name $x.name -Account $x.account }
            $order.Add("rollback $($x.name) -> $($x.account)")
        }
        catch { $order.Add("rollback of $($x.name) failed: $(Format-QlikServiceError -ErrorRecord $_)") }
    }
    foreach ($x in $saved) { try { Start-QlikService -Name $x.name -Timeout $timeout } catch { $order.Add("rollback start of $($x.name) failed") } }
    $result.failed = $true; $result.order = $order.ToArray(); $result.rolled_back = @($saved | ForEach-Object { $_.name })
    $result.msg = "${step}: $why Rolled back the account of $($saved.Count) service(s) on $computer."
    return $result
}
$result.order = $order.ToArray()
$result
