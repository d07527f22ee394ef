# win_acl: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Adds or removes one explicit ACE on a file or folder. Unlike Ansible's win_acl, an
# explicit ACE for the same account, type, inheritance and propagation that already holds every requested right
# (FullControl when Modify is asked) counts as present: no change, no false "changed".
Set-StrictMode -Version 2.0

$path = [Environment]::ExpandEnvironmentVariables([string](Get-ModuleArg -Name 'path'))
$user = [string](Get-ModuleArg -Name 'user')
$rightsArg = Get-ModuleArg -Name 'rights'
$type = [string](Get-ModuleArg -Name 'type' -Default 'allow')
$state = [string](Get-ModuleArg -Name 'state' -Default 'present')

$item = Get-Item -LiteralPath $path -Force
$isDir = [bool]$item.PSIsContainer
$inheritArg = Get-ModuleArg -Name 'inherit'
if (-not $isDir) { $inheritArg = 'None' }
elseif ($null -eq $inheritArg) { $inheritArg = 'ContainerInherit, ObjectInherit' }
$propagationArg = [string](Get-ModuleArg -Name 'propagation' -Default 'None')
if (-not $isDir) { $propagationArg = 'None' }

$sid = (New-Object System.Security.Principal.NTAccount($user)).Translate([System.Security.Principal.SecurityIdentifier])
$rights = [System.Security.AccessControl.FileSystemRights](@($rightsArg) -join ', ')
$inherit = [System.Security.AccessControl.InheritanceFlags](@($inheritArg) -join ', ')
$propagation = [System.Security.AccessControl.PropagationFlags]$propagationArg
$access = [System.Security.AccessControl.AccessControlType]$type

$acl = Get-Acl -LiteralPath $item.FullName
$before = $null
if ($DiffMode) { $before = Format-Acl -Acl $acl }
$rule = New-Object System.Security.AccessControl.FileSystemAccessRule($sid, $rights, $inherit, $propagation, $access)
$wanted = [int]$rights -band (-bnot [int][System.Security.AccessControl.FileSystemRights]::Synchronize)
$same = @($acl.GetAccessRules($true, $false, [System.Security.Principal.SecurityIdentifier]) | Where-Object {
        $_.IdentityReference -eq $sid -and $_.AccessControlType -eq $access -and
        $_.InheritanceFlags -eq $inherit -and $_.PropagationFlags -eq $propagation
    })

$changed = $false
if ($state -eq 'absent') {
    if (@($same | Where-Object { ([int]$_.FileSystemRights -band $wanted) -ne 0 }).Count -gt 0) {
        $changed = $acl.RemoveAccessRule($rule)
    }
}
elseif (@($same | Where-Object { ([int]$_.FileSystemRights -band $wanted) -eq $wanted }).Count -eq 0) {
    $acl.AddAccessRule($rule)
    $changed = $true
}

if ($changed -and -not $CheckMode) { Set-Acl -LiteralPath $item.FullName -AclObject $acl }
$result = @{ changed = $changed; path = $item.FullName }
if ($DiffMode) { $result.diff = @{ before = $before; after = Format-Acl -Acl $acl } }
$result
