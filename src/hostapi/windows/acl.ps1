# Façade, Windows side (src/hostapi/contract/acl.ts): NTFS access control through FileSecurity/DirectorySecurity
# and FileSystemAccessRule. Only the Access and Owner sections are read, and only the DACL is written back
# ([IO.File]/[IO.Directory]::SetAccessControl persists the sections that changed), so no SeRestorePrivilege is
# needed. Results are plain strings, numbers and booleans. Windows PowerShell 5.1; uses ConvertTo-WbIoException
# and Resolve-WbPath from files.ps1.

function Get-WbFileSecurity {
    param([string]$LiteralPath)
    $sections = [Security.AccessControl.AccessControlSections]'Access, Owner'
    if ([IO.Directory]::Exists($LiteralPath)) { return (New-Object Security.AccessControl.DirectorySecurity($LiteralPath, $sections)) }
    if ([IO.File]::Exists($LiteralPath)) { return (New-Object Security.AccessControl.FileSecurity($LiteralPath, $sections)) }
    throw (New-Object ComponentModel.Win32Exception 2)
}

# LookupAccountSid, or the SID string itself for an orphaned SID (an account deleted since the ACE was written).
function Get-WbSidName {
    param([Security.Principal.SecurityIdentifier]$Sid)
    try { return [string]$Sid.Translate([Security.Principal.NTAccount]).Value }
    catch { return [string]$Sid.Value }
}

function ConvertTo-WbAcl {
    param([string]$Path, $Security)
    $rules = New-Object 'System.Collections.Generic.List[object]'
    foreach ($r in $Security.GetAccessRules($true, $true, [Security.Principal.SecurityIdentifier])) {
        $rules.Add([pscustomobject]@{
                Identity         = Get-WbSidName -Sid $r.IdentityReference
                Sid              = [string]$r.IdentityReference.Value
                Type             = [string]$r.AccessControlType
                Rights           = [string]$r.FileSystemRights
                RightsMask       = [int]$r.FileSystemRights
                InheritanceFlags = [string]$r.InheritanceFlags
                PropagationFlags = [string]$r.PropagationFlags
                IsInherited      = [bool]$r.IsInherited
            })
    }
    $owner = $Security.GetOwner([Security.Principal.SecurityIdentifier])
    $ownerName = ''
    $ownerSid = ''
    if ($null -ne $owner) { $ownerName = Get-WbSidName -Sid $owner; $ownerSid = [string]$owner.Value }
    [pscustomobject]@{
        Path     = $Path
        Owner    = $ownerName
        OwnerSid = $ownerSid
        Protected = [bool]$Security.AreAccessRulesProtected
        Rules    = [object[]]$rules.ToArray()
    }
}

function Get-WbAcl {
    param([Parameter(Mandatory = $true)][string]$Path)
    $p = Resolve-WbPath -Path $Path
    try { ConvertTo-WbAcl -Path $p -Security (Get-WbFileSecurity -LiteralPath $p) }
    catch { throw (ConvertTo-WbIoException $_) }
}

function New-WbFileSystemRule {
    param([string]$Sid, [string]$Rights, [string]$Type, [string]$InheritanceFlags, [string]$PropagationFlags)
    try { $id = New-Object Security.Principal.SecurityIdentifier($Sid) }
    catch { throw (New-Object ComponentModel.Win32Exception 1337) }
    try { [void]$id.Translate([Security.Principal.NTAccount]) }
    catch { throw (New-Object ComponentModel.Win32Exception 1332) }
    if (-not $InheritanceFlags) { $InheritanceFlags = 'None' }
    if (-not $PropagationFlags) { $PropagationFlags = 'None' }
    try {
        $r = [Security.AccessControl.FileSystemRights]$Rights
        $i = [Security.AccessControl.InheritanceFlags]$InheritanceFlags
        $pf = [Security.AccessControl.PropagationFlags]$PropagationFlags
        $t = [Security.AccessControl.AccessControlType]$Type
    }
    catch { throw (New-Object ComponentModel.Win32Exception 87) }
    New-Object Security.AccessControl.FileSystemAccessRule($id, $r, $i, $pf, $t)
}

# Applies $Change (a scriptblock given the security object) and writes the DACL back when it differs, unless
# previewing. The result every ACL mutator returns: {Changed, Acl}.
function Update-WbAcl {
    param([string]$Path, [scriptblock]$Change, [bool]$Preview)
    $p = Resolve-WbPath -Path $Path
    try {
        $sec = Get-WbFileSecurity -LiteralPath $p
        $before = $sec.GetSecurityDescriptorSddlForm([Security.AccessControl.AccessControlSections]::Access)
        try { & $Change $sec }
        catch {
            # "No flags can be set.": an inheritable rule on a file's ACL (an ArgumentException inside the
            # MethodInvocationException PowerShell wraps it in).
            $x = $_.Exception
            while ($null -ne $x -and -not ($x -is [ArgumentException])) { $x = $x.InnerException }
            if ($null -ne $x) { throw (New-Object ComponentModel.Win32Exception 87) }
            throw
        }
        $after = $sec.GetSecurityDescriptorSddlForm([Security.AccessControl.AccessControlSections]::Access)
        $changed = ($before -ne $after)
        if ($changed -and -not $Preview) {
            if ($sec -is [Security.AccessControl.DirectorySecurity]) { [IO.Directory]::SetAccessControl($p, $sec) }
            else { [IO.File]::SetAccessControl($p, $sec) }
            # Read back: Windows recomputes the inherited rules when the protection changes.
            $sec = Get-WbFileSecurity -LiteralPath $p
        }
        [pscustomobject]@{ Changed = $changed; Acl = (ConvertTo-WbAcl -Path $p -Security $sec) }
    }
    catch { throw (ConvertTo-WbIoException $_) }
}

function Add-WbAccessRule {
    param(
        [Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][string]$Sid,
        [Parameter(Mandatory = $true)][string]$Rights, [Parameter(Mandatory = $true)][string]$Type,
        [string]$InheritanceFlags, [string]$PropagationFlags, [switch]$Preview
    )
    $rule = New-WbFileSystemRule -Sid $Sid -Rights $Rights -Type $Type -InheritanceFlags $InheritanceFlags -PropagationFlags $PropagationFlags
    Update-WbAcl -Path $Path -Preview $Preview.IsPresent -Change { param($s) $s.AddAccessRule($rule) }.GetNewClosure()
}

function Remove-WbAccessRule {
    param(
        [Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][string]$Sid,
        [Parameter(Mandatory = $true)][string]$Rights, [Parameter(Mandatory = $true)][string]$Type,
        [string]$InheritanceFlags, [string]$PropagationFlags, [switch]$Preview
    )
    $rule = New-WbFileSystemRule -Sid $Sid -Rights $Rights -Type $Type -InheritanceFlags $InheritanceFlags -PropagationFlags $PropagationFlags
    Update-WbAcl -Path $Path -Preview $Preview.IsPresent -Change { param($s) [void]$s.RemoveAccessRule($rule) }.GetNewClosure()
}

function Set-WbAclInheritance {
    param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][bool]$Enabled, [switch]$PreserveInherited, [switch]$Preview)
    $protect = -not $Enabled
    $preserve = $PreserveInherited.IsPresent
    Update-WbAcl -Path $Path -Preview $Preview.IsPresent -Change {
        param($s)
        if ($s.AreAccessRulesProtected -ne $protect) { $s.SetAccessRuleProtection($protect, $preserve) }
    }.GetNewClosure()
}
