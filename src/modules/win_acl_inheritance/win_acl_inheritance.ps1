# win_acl_inheritance: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (files and ACL verbs). absent disables inheritance (reorganize
# keeps the inherited rules as explicit copies); present enables it (reorganize drops explicit rules that duplicate
# an inherited one).
# uses: ../module-utils/path-error.ps1
# uses: ../module-utils/format-acl.ps1
# uses: ../module-utils/module-fail.ps1
Set-StrictMode -Version 2.0

$pathArg = [string](Get-ModuleArg -Name 'path')
$path = Invoke-PathStep -Path $pathArg -Step { Resolve-WbPath -Path $pathArg }
$enable = ([string](Get-ModuleArg -Name 'state') -eq 'present')
$reorganize = [bool](Get-ModuleArg -Name 'reorganize')

$item = Invoke-PathStep -Path $path -Step { Get-WbItem -Path $path }
if ($null -eq $item) { Fail-WbModule -Message "Cannot find path '$path' because it does not exist." }
$acl = Invoke-PathStep -Path $path -Step { Get-WbAcl -Path $path }
$result = @{ changed = $false; path = $path }
# Protected means inheritance is off: nothing to do when that already matches.
if ([bool]$acl.Protected -ne $enable) { return $result }

$set = @{ Path = $path; Enabled = $enable; PreserveInherited = ($reorganize -and -not $enable); Preview = [bool]$CheckMode }
$after = (Invoke-PathStep -Path $path -Step { Set-WbAclInheritance @set }).Acl
if ($enable -and $reorganize) {
    $rules = @($after.Rules | Where-Object { $null -ne $_ })
    $inherited = @($rules | Where-Object { $_.IsInherited })
    $kept = @()
    foreach ($r in $rules) {
        $dup = $false
        if (-not $r.IsInherited) {
            $dup = @($inherited | Where-Object {
                    $_.Sid -eq $r.Sid -and $_.Type -eq $r.Type -and $_.RightsMask -eq $r.RightsMask -and
                    $_.InheritanceFlags -eq $r.InheritanceFlags -and $_.PropagationFlags -eq $r.PropagationFlags
                }).Count -gt 0
        }
        if (-not $dup) { $kept += $r; continue }
        if (-not $CheckMode) {
            $remove = @{ Path = $path; Sid = [string]$r.Sid; Rights = [string]$r.Rights; Type = [string]$r.Type; InheritanceFlags = [string]$r.InheritanceFlags; PropagationFlags = [string]$r.PropagationFlags }
            Invoke-PathStep -Path $path -Step { Remove-WbAccessRule @remove } | Out-Null
        }
    }
    $after = [pscustomobject]@{ Protected = $false; Rules = $kept }
}
$result.changed = $true
if ($DiffMode) { $result.diff = @{ before = Format-Acl -Acl $acl; after = Format-Acl -Acl $after } }
$result
