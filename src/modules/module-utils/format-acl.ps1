# Shared by win_acl and win_acl_inheritance (composed by src/modules/script.ts): an ACL as the lines the diff
# shows, one ACE per line with its inheritance and propagation.
function Format-Acl {
    param($Acl)
    $lines = @("inheritance: $(if ($Acl.AreAccessRulesProtected) { 'disabled' } else { 'enabled' })")
    foreach ($r in $Acl.Access) {
        $suffix = ''
        if ($r.IsInherited) { $suffix = ' inherited' }
        $lines += "$($r.IdentityReference) $($r.AccessControlType) $($r.FileSystemRights) ($($r.InheritanceFlags); $($r.PropagationFlags))$suffix"
    }
    ($lines -join "`n") + "`n"
}

