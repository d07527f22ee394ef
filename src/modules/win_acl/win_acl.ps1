# win_acl: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode). No check mode, as 1.14 (the
# agent skips the module in a check-mode run: src/modules/check-mode.ts).
# Windows PowerShell 5.1, through the host façade (files, accounts and ACL verbs). Adds or removes one explicit ACE
# on a file or folder. The account is resolved to its SID first (Resolve-WbAccount: `.\user` and `HOST\user` are
# the local account, issue 13 `win_acl.ps1:21`). Unlike Ansible's win_acl, a rule that already holds every
# requested right with the same account, type and flags (FullControl when Modify is asked) is no change: the
# façade reports whether the DACL would differ (AddAccessRule merges into that rule), so no false "changed".
# uses: ../module-utils/path-error.ps1
# uses: ../module-utils/format-acl.ps1
# uses: ../module-utils/module-fail.ps1
Set-StrictMode -Version 2.0

$pathArg = [string](Get-ModuleArg -Name 'path')
# 1.14 reads path as a plain str and tests it with Test-Path -LiteralPath: `%ProgramData%\Qlik` names a folder
# literally called %ProgramData%. The façade expands every path, so such a folder cannot be reached through it:
# when expansion would change the path (resolved with each % held back, then compared), the path is taken as missing.
$held = [string][char]0xE000
$path = Invoke-PathStep -Path $pathArg -Step { Resolve-WbPath -Path $pathArg }
$literal = (Invoke-PathStep -Path $pathArg -Step { Resolve-WbPath -Path $pathArg.Replace('%', $held) }).Replace($held, '%')
$user = [string](Get-ModuleArg -Name 'user')
# Assign first: a function returning an array (Get-ModuleArg's `return ,$value`) inside @() would nest it.
$rightsArg = Get-ModuleArg -Name 'rights'
$rights = (@($rightsArg) | ForEach-Object { ([string]$_).Split(',') } | ForEach-Object { $_.Trim() } | Where-Object { $_ -ne '' }) -join ', '
$type = [string](Get-ModuleArg -Name 'type')
$state = [string](Get-ModuleArg -Name 'state')

$item = $null
if ($literal -ceq $path) { $item = Invoke-PathStep -Path $path -Step { Get-WbItem -Path $path } }
# 1.14 names the path as given (its `path` is a plain str there).
if ($null -eq $item) { Fail-WbModule -Message "$pathArg file or directory does not exist on the host" }
$isDir = ([string]$item.Type -eq 'directory')
$inherit = 'None'
$propagation = 'None'
if ($isDir) {
    $inherit = 'ContainerInherit, ObjectInherit'
    if (Test-ModuleArg -Name 'inherit') {
        $inheritArg = Get-ModuleArg -Name 'inherit'
        $inherit = (@($inheritArg) | ForEach-Object { ([string]$_).Split(',') } | ForEach-Object { $_.Trim() } | Where-Object { $_ -ne '' }) -join ', '
        if ($inherit -eq '') { $inherit = 'None' }
    }
    $propagation = [string](Get-ModuleArg -Name 'propagation')
}

# 1.14 resolves the account with the .NET account-name Translate method (Ansible.ModuleUtils.SID's Convert-ToSID), whose failure for a name
# that maps to no account is .NET's IdentityNotMappedException, wrapped by PowerShell's method call.
try { $account = Resolve-WbAccount -Name $user }
catch {
    $why = $_.Exception.Message
    $w = $_.Exception
    while ($null -ne $w -and $w -isnot [ComponentModel.Win32Exception]) { $w = $w.InnerException }
    if ($null -ne $w -and $w.NativeErrorCode -eq 1332) { $why = 'Exception calling "Translate" with "1" argument(s): "Some or all identity references could not be translated."' }
    Fail-WbModule -Message "account_name $user is not a valid account, cannot get SID: $why"
}

$before = $null
if ($DiffMode) { $before = Format-Acl -Acl (Invoke-PathStep -Path $path -Step { Get-WbAcl -Path $path }) }
$rule = @{
    Path = $path; Sid = [string]$account.Sid; Rights = $rights; Type = $type
    InheritanceFlags = $inherit; PropagationFlags = $propagation
}
if ($state -eq 'absent') { $r = Invoke-PathStep -Path $path -Step { Remove-WbAccessRule @rule } }
else { $r = Invoke-PathStep -Path $path -Step { Add-WbAccessRule @rule } }

$result = @{ changed = [bool]$r.Changed; path = $path }
if ($DiffMode) { $result.diff = @{ before = $before; after = Format-Acl -Acl $r.Acl } }
$result
