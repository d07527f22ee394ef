# win_acl_inheritance: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. absent disables inheritance (reorganize keeps the inherited ACEs as explicit copies);
# present enables it (reorganize drops explicit ACEs that duplicate inherited ones).
Set-StrictMode -Version 2.0

$path = [Environment]::ExpandEnvironmentVariables([string](Get-ModuleArg -Name 'path'))
$state = [string](Get-ModuleArg -Name 'state' -Default 'absent')
$reorganize = [bool](Get-ModuleArg -Name 'reorganize' -Default $false)

$item = Get-Item -LiteralPath $path -Force
$acl = Get-Acl -LiteralPath $item.FullName
$enable = $state -eq 'present'
$result = @{ changed = $false; path = $item.FullName }
if ($acl.AreAccessRulesProtected -ne $enable) { return $result }

$before = $null
if ($DiffMode) { $before = Format-Acl -Acl $acl }
$acl.SetAccessRuleProtection(-not $enable, $reorganize)
if ($enable -and $reorganize) {
    $parent = Get-Acl -LiteralPath (Split-Path -Path $item.FullName -Parent)
    foreach ($r in @($acl.GetAccessRules($true, $false, [System.Security.Principal.SecurityIdentifier]))) {
        $dup = @($parent.Access | Where-Object {
                $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]) -eq $r.IdentityReference -and
                $_.FileSystemRights -eq $r.FileSystemRights -and $_.AccessControlType -eq $r.AccessControlType
            })
        if ($dup.Count -gt 0) { [void]$acl.RemoveAccessRuleSpecific($r) }
    }
}
$result.changed = $true
if (-not $CheckMode) { Set-Acl -LiteralPath $item.FullName -AclObject $acl }
if ($DiffMode) { $result.diff = @{ before = $before; after = Format-Acl -Acl $acl } }
$result
