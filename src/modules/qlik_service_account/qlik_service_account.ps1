# qlik_service_account: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# One verified operation: grant SeServiceLogonRight, add the groups, give Full control on the Qlik data folder,
# test the credentials with LogonUser(LOGON32_LOGON_SERVICE) before touching any service (1326 wrong password,
# 1385 missing logon right), then stop the services whose logon differs (reverse order), set the account and
# start in order. A failed start is explained and the node's changed services are rolled back.
# Needs lsa.ps1 (win_user_right) and qlik_qrs/services.ps1, prepended by index.ts.
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$user = Get-ModuleArg -Name 'username'
$password = Get-ModuleArg -Name 'password'
$groups = @(Get-ModuleArg -Name 'groups' -Default @('Qlik Sense Service Users', 'Performance Monitor Users'))
$dataDir = Get-ModuleArg -Name 'data_dir' -Default 'C:\ProgramData\Qlik\Sense'
$previous = Get-ModuleArg -Name 'previous_password'
$timeout = [int](Get-ModuleArg -Name 'timeout' -Default 600)
$sid = ConvertTo-AccountSid -Account $user
$ntName = ConvertFrom-AccountSid -Sid $sid
$result = @{ changed = $false; right_granted = $false; groups_added = @(); acl_added = $false; services_changed = @(); order = @(); username = $user }

function Get-LogonError {
    $parts = $ntName.Split('\')
    [Winbook.Logon]::TestService($parts[1], $parts[0], $password)
}

function Get-Marker { param([string]$Service, [byte[]]$Salt)
    $kdf = New-Object System.Security.Cryptography.Rfc2898DeriveBytes -ArgumentList $password, $Salt, 100000
    [Convert]::ToBase64String($Salt) + ':' + [Convert]::ToBase64String($kdf.GetBytes(32))
}

# The SCM cannot show a service's password; we keep a salted PBKDF2 marker of the last one this module set
# (HKLM, administrators only), so a rerun with the same password changes nothing.
function Test-PasswordCurrent { param([string]$Service)
    $stored = (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\winbook\QlikServiceAccount' -Name $Service -ErrorAction SilentlyContinue)
    if ($null -eq $stored) { return $false }
    $value = $stored.$Service
    $value -eq (Get-Marker -Service $Service -Salt ([Convert]::FromBase64String($value.Split(':')[0])))
}

if ((Get-ModuleArg -Name 'grant_logon_right' -Default $true) -and ([Winbook.Lsa]::AccountsWithRight('SeServiceLogonRight') -notcontains $sid)) {
    if (-not $CheckMode) { [Winbook.Lsa]::Add($sid, 'SeServiceLogonRight') }
    $result.right_granted = $true
}
foreach ($g in $groups) {
    $members = @(Get-LocalGroupMember -Group $g | ForEach-Object { $_.SID.Value })
    if ($members -contains $sid) { continue }
    if (-not $CheckMode) { Add-LocalGroupMember -Group $g -Member $sid }
    $result.groups_added += $g
}
$acl = Get-Acl -LiteralPath $dataDir
$full = @($acl.Access | Where-Object { $_.AccessControlType -eq 'Allow' -and $_.FileSystemRights -band [System.Security.AccessControl.FileSystemRights]::FullControl -eq [System.Security.AccessControl.FileSystemRights]::FullControl -and $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value -eq $sid })
if ($full.Count -eq 0) {
    $rule = New-Object System.Security.AccessControl.FileSystemAccessRule -ArgumentList $ntName, 'FullControl', 'ContainerInherit, ObjectInherit', 'None', 'Allow'
    $acl.AddAccessRule($rule)
    if (-not $CheckMode) { Set-Acl -LiteralPath $dataDir -AclObject $acl }
    $result.acl_added = $true
}
if ((Get-ModuleArg -Name 'test_credentials' -Default $true) -and -not $CheckMode) {
    $code = Get-LogonError
    if ($code -ne 0) {
        $result.failed = $true; $result.logon_error = $code
        $result.msg = "credential test for $user failed before any service was touched: $((New-Object System.ComponentModel.Win32Exception($code)).Message) ($code)"
        return $result
    }
}

$names = Get-ModuleArg -Name 'services'
$list = @(Get-QlikService -Names $names | Where-Object { $null -ne $names -or $_.Name -ne 'QlikSenseRepositoryDatabase' })
$cim = @{}; foreach ($s in $list) { $cim[$s.Name] = Get-CimInstance -ClassName Win32_Service -Filter "Name='$($s.Name)'" }
$change = @($list | Where-Object { $cur = $cim[$_.Name].StartName; ($cur -ne $ntName -and $cur -ne $user) -or -not (Test-PasswordCurrent -Service $_.Name) })
$result.services_changed = @($change | ForEach-Object { $_.Name })
$toStart = @($list | Where-Object { (Get-ModuleArg -Name 'start' -Default $true) -and $_.Status -ne 'Running' -and "$($_.StartType)" -ne 'Disabled' })
$result.changed = $result.right_granted -or $result.groups_added.Count -gt 0 -or $result.acl_added -or $change.Count -gt 0 -or $toStart.Count -gt 0
if ($CheckMode -or ($change.Count -eq 0 -and $toStart.Count -eq 0)) { return $result }

$saved = @($change | ForEach-Object { @{ name = $_.Name; account = $cim[$_.Name].StartName } })
$order = New-Object System.Collections.Generic.List[string]
for ($i = $change.Count - 1; $i -ge 0; $i--) { if ($change[$i].Status -ne 'Stopped') { Stop-QlikService -Service $change[$i] -Timeout $timeout; $order.Add("stop $($change[$i].Name)") } }
foreach ($s in $change) {
    & sc.exe config $s.Name obj= $user password= $password | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "sc.exe config $($s.Name) failed with $LASTEXITCODE" }
    New-Item -Path 'HKLM:\SOFTWARE\winbook\QlikServiceAccount' -Force | Out-Null
    $salt = New-Object byte[] 16; [Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($salt)
    Set-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\winbook\QlikServiceAccount' -Name $s.Name -Value (Get-Marker -Service $s.Name -Salt $salt)
    $order.Add("set $($s.Name)")
}
if (Get-ModuleArg -Name 'start' -Default $true) {
    foreach ($s in $list) {
        $s.Refresh()
        if ($s.Status -eq 'Running' -or "$($s.StartType)" -eq 'Disabled') { continue }
        try { Start-QlikService -Service $s -Timeout $timeout; $order.Add("start $($s.Name)") }
        catch {
            $why = $_.Exception.Message
            if ($why -like '1069:*') {
                $code = Get-LogonError
                if ($code -eq 1385) { $why += " Cause: $user does not hold ""Log on as a service"" (SeServiceLogonRight) on $env:COMPUTERNAME (event 7041)." }
                elseif ($code -eq 1326) { $why += " Cause: the password given for $user is not the account's password (event 7038)." }
            }
            for ($j = $saved.Count - 1; $j -ge 0; $j--) { Stop-Service -Name $saved[$j].name -Force -ErrorAction SilentlyContinue }
            foreach ($x in $saved) {
                # The old password cannot be read back: restore it only when the caller gave it.
                if ($null -ne $previous) { & sc.exe config $x.name obj= $x.account password= $previous | Out-Null } else { & sc.exe config $x.name obj= $x.account | Out-Null }
                $order.Add("rollback $($x.name) -> $($x.account)")
            }
            foreach ($x in $saved) { try { Start-QlikService -Service (Get-Service -Name $x.name) -Timeout $timeout } catch { $order.Add("rollback start of $($x.name) failed") } }
            $result.failed = $true; $result.order = $order.ToArray(); $result.rolled_back = @($saved | ForEach-Object { $_.name })
            $result.msg = "$($s.Name) did not start: $why Rolled back the account of $($saved.Count) service(s) on $env:COMPUTERNAME."
            return $result
        }
    }
}
$result.order = $order.ToArray()
$result
