# win_stat: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Read-only: Ansible's stat fields for a file or directory; the checksum (sha1 by
# default, as Ansible) only for files and only when get_checksum is true.
Set-StrictMode -Version 2.0

function ConvertTo-EpochSeconds {
    param([DateTime]$Time)
    ($Time.ToUniversalTime() - [DateTime]'1970-01-01').TotalSeconds
}

$path = [Environment]::ExpandEnvironmentVariables([string](Get-ModuleArg -Name 'path'))
$getChecksum = [bool](Get-ModuleArg -Name 'get_checksum' -Default $true)
$algorithm = [string](Get-ModuleArg -Name 'checksum_algorithm' -Default 'sha1')

$item = Get-Item -LiteralPath $path -Force -ErrorAction SilentlyContinue
if ($null -eq $item) { return @{ changed = $false; stat = @{ exists = $false } } }

$isDir = [bool]$item.PSIsContainer
$attributes = $item.Attributes
$stat = @{
    exists         = $true
    path           = $item.FullName
    filename       = $item.Name
    isdir          = $isDir
    isreg          = -not $isDir
    islnk          = [bool]($attributes -band [IO.FileAttributes]::ReparsePoint)
    isjunction     = $false
    isshared       = $false
    ishidden       = [bool]($attributes -band [IO.FileAttributes]::Hidden)
    isreadonly     = [bool]($attributes -band [IO.FileAttributes]::ReadOnly)
    isarchive      = [bool]($attributes -band [IO.FileAttributes]::Archive)
    attributes     = $attributes.ToString()
    owner          = (Get-Acl -LiteralPath $item.FullName).Owner
    nlink          = 1
    creationtime   = ConvertTo-EpochSeconds -Time $item.CreationTime
    lastwritetime  = ConvertTo-EpochSeconds -Time $item.LastWriteTime
    lastaccesstime = ConvertTo-EpochSeconds -Time $item.LastAccessTime
}
if ($isDir) {
    $files = @(Get-ChildItem -LiteralPath $item.FullName -Recurse -Force -File -ErrorAction SilentlyContinue)
    $stat.size = [long](($files | Measure-Object -Property Length -Sum).Sum)
}
else {
    $stat.size = $item.Length
    $stat.extension = $item.Extension
    if ($getChecksum) {
        $stat.checksum = (Get-FileHash -LiteralPath $item.FullName -Algorithm $algorithm.ToUpperInvariant()).Hash.ToLowerInvariant()
    }
}
@{ changed = $false; stat = $stat }
