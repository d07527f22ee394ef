# win_stat: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (files and ACL verbs). Read-only: Ansible's stat fields for a file
# or directory; the checksum (sha1 by default, as Ansible) only for files and only when get_checksum is true. Every
# field is a plain string, number or boolean (the façade returns no provider objects).
# uses: ../module-utils/path-error.ps1
Set-StrictMode -Version 2.0

$pathArg = [string](Get-ModuleArg -Name 'path')
$path = Invoke-PathStep -Path $pathArg -Step { Resolve-WbPath -Path $pathArg }
$getChecksum = [bool](Get-ModuleArg -Name 'get_checksum')
$algorithm = [string](Get-ModuleArg -Name 'checksum_algorithm')

$item = Invoke-PathStep -Path $path -Step { Get-WbItem -Path $path }
if ($null -eq $item) { return @{ changed = $false; stat = @{ exists = $false } } }

$isDir = ([string]$item.Type -eq 'directory')
# The owner needs READ_CONTROL; a folder only SYSTEM may read still has its other facts.
$owner = $null
try { $owner = [string](Get-WbAcl -Path $item.Path).Owner } catch { $owner = $null }
$stat = @{
    exists         = $true
    path           = [string]$item.Path
    filename       = [string]$item.Name
    isdir          = $isDir
    isreg          = -not $isDir
    islnk          = [bool]$item.IsReparsePoint
    isjunction     = $false
    isshared       = $false
    ishidden       = [bool]$item.IsHidden
    isreadonly     = [bool]$item.IsReadOnly
    isarchive      = [bool]$item.IsArchive
    attributes     = (@($item.Attributes) -join ', ')
    owner          = $owner
    nlink          = 1
    creationtime   = [double]$item.CreationTime
    lastwritetime  = [double]$item.LastWriteTime
    lastaccesstime = [double]$item.LastAccessTime
}
if ($isDir) {
    # Ansible's sharename: the SMB share (Win32_Share) whose path is this folder, such as ADMIN$ for C:\Windows.
    $share = Get-WbShareName -Path $item.Path
    if ($null -ne $share) { $stat.isshared = $true; $stat.sharename = [string]$share }
    # A folder the account may not list counts as empty, as Get-ChildItem -ErrorAction SilentlyContinue would.
    $total = [long]0
    try { $files = @(Get-WbChildItem -Path $path -Recurse | Where-Object { $_.Type -eq 'file' }) } catch { $files = @() }
    foreach ($f in $files) { $total += [long]$f.Size }
    $stat.size = $total
}
else {
    $stat.size = [long]$item.Size
    $stat.extension = [string]$item.Extension
    if ($getChecksum) {
        $stat.checksum = [string](Invoke-PathStep -Path $path -Step { Get-WbFileHash -Path $path -Algorithm $algorithm })
    }
}
@{ changed = $false; stat = $stat }
