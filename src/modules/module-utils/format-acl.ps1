# Shared by win_acl and win_acl_inheritance (composed by src/modules/script.ts): an ACL as Get-WbAcl returns it
# (plain strings and booleans, no .NET security objects), as the lines the diff shows: one rule per line with its
# inheritance and propagation.
function Format-Acl {
    param($Acl)
    $inheritance = 'enabled'
    if ($Acl.Protected) { $inheritance = 'disabled' }
    $lines = @("inheritance: $inheritance")
    foreach ($r in @($Acl.Rules | Where-Object { $null -ne $_ })) {
        $suffix = ''
        if ($r.IsInherited) { $suffix = ' inherited' }
        $lines += "$($r.Identity) $($r.Type) $($r.Rights) ($($r.InheritanceFlags); $($r.PropagationFlags))$suffix"
    }
    ($lines -join "`n") + "`n"
}
