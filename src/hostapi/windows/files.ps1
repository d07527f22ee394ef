# Façade, Windows side (src/hostapi/contract/files.ts): files and folders on NTFS through [IO.File], [IO.Directory]
# and FileSystemInfo, never the FileSystem provider, so no provider-decorated object (PSPath, PSDrive...) can reach a
# module's result: every verb returns plain strings, numbers and booleans. Paths are literal (no wildcards).
# Windows PowerShell 5.1.

# The innermost Win32Exception of a .NET I/O failure: IOException and UnauthorizedAccessException carry the Win32
# code in their HRESULT (0x8007xxxx, FACILITY_WIN32), often inside a MethodInvocationException.
function ConvertTo-WbIoException {
    param([Parameter(Mandatory = $true)]$Exception)
    $e = $Exception
    if ($e -is [Management.Automation.ErrorRecord]) { $e = $e.Exception }
    $w = ConvertTo-WbWin32Exception -Exception $e
    if ($w -is [ComponentModel.Win32Exception]) { return $w }
    $x = $e
    while ($null -ne $x) {
        $hr = [int]$x.HResult
        if (($hr -band 0xFFFF0000) -eq 0x80070000) { return (New-Object ComponentModel.Win32Exception ($hr -band 0xFFFF)) }
        $x = $x.InnerException
    }
    $e
}

$script:WbEpoch = New-Object DateTime 1970, 1, 1, 0, 0, 0, ([DateTimeKind]::Utc)

function Resolve-WbPath {
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string]$Path)
    $p = [Environment]::ExpandEnvironmentVariables($Path).Trim().Replace('/', '\')
    if ($p -eq '' -or $p.IndexOfAny([char[]]'<>"|?*') -ge 0) { throw (New-Object ComponentModel.Win32Exception 123) }
    try { $full = [IO.Path]::GetFullPath($p) }
    catch { throw (New-Object ComponentModel.Win32Exception 123) }
    if ($full -notmatch '^([A-Za-z]:\\|\\\\[^\\?.]+\\[^\\]+)') { throw (New-Object ComponentModel.Win32Exception 123) }
    if ($full.Length -gt 3 -and $full.EndsWith('\')) { $full = $full.TrimEnd('\') }
    $full
}

function Get-WbFileSystemInfo {
    param([string]$LiteralPath)
    if ([IO.Directory]::Exists($LiteralPath)) { return (New-Object IO.DirectoryInfo $LiteralPath) }
    if ([IO.File]::Exists($LiteralPath)) { return (New-Object IO.FileInfo $LiteralPath) }
    $null
}

function ConvertTo-WbItem {
    param([Parameter(Mandatory = $true)][IO.FileSystemInfo]$Info)
    $attrs = [int]$Info.Attributes
    $isDir = (($attrs -band 16) -ne 0)
    $names = @(([string]$Info.Attributes).Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_ -ne '' })
    $size = [long]0
    $ext = ''
    if (-not $isDir) { $size = [long]$Info.Length; $ext = [string]$Info.Extension }
    [pscustomobject]@{
        Path           = [string]$Info.FullName
        Name           = [string]$Info.Name
        Type           = $(if ($isDir) { 'directory' } else { 'file' })
        Size           = $size
        Extension      = $ext
        Attributes     = [string[]]$names
        IsReadOnly     = (($attrs -band 1) -ne 0)
        IsHidden       = (($attrs -band 2) -ne 0)
        IsArchive      = (($attrs -band 32) -ne 0)
        IsReparsePoint = (($attrs -band 1024) -ne 0)
        CreationTime   = [double]($Info.CreationTimeUtc - $script:WbEpoch).TotalSeconds
        LastWriteTime  = [double]($Info.LastWriteTimeUtc - $script:WbEpoch).TotalSeconds
        LastAccessTime = [double]($Info.LastAccessTimeUtc - $script:WbEpoch).TotalSeconds
    }
}

function Get-WbItem {
    param([Parameter(Mandatory = $true)][string]$Path)
    $p = Resolve-WbPath -Path $Path
    try {
        $info = Get-WbFileSystemInfo -LiteralPath $p
        if ($null -eq $info) { return $null }
        ConvertTo-WbItem -Info $info
    }
    catch { throw (ConvertTo-WbIoException $_) }
}

function Get-WbChildItem {
    param([Parameter(Mandatory = $true)][string]$Path, [switch]$Recurse)
    $p = Resolve-WbPath -Path $Path
    if (-not [IO.Directory]::Exists($p)) { throw (New-Object ComponentModel.Win32Exception 3) }
    try {
        $found = New-Object 'System.Collections.Generic.List[object]'
        $pending = New-Object 'System.Collections.Generic.Stack[IO.DirectoryInfo]'
        $pending.Push((New-Object IO.DirectoryInfo $p))
        while ($pending.Count -gt 0) {
            $d = $pending.Pop()
            foreach ($c in $d.GetFileSystemInfos()) {
                $found.Add((ConvertTo-WbItem -Info $c))
                # Never descend through a junction or symbolic link: it may point back up the tree.
                if ($Recurse -and $c -is [IO.DirectoryInfo] -and (([int]$c.Attributes -band 1024) -eq 0)) { $pending.Push($c) }
            }
        }
    }
    catch { throw (ConvertTo-WbIoException $_) }
    foreach ($i in ($found | Sort-Object -Property { $_.Path.ToLowerInvariant() })) { $i }
}

function Get-WbShareName {
    param([Parameter(Mandatory = $true)][string]$Path)
    $p = Resolve-WbPath -Path $Path
    # WQL string literals escape \ and ' with a backslash.
    $filter = "Path='" + ($p -replace "(\\|')", '\$1') + "'"
    $share = @(Get-CimInstance -ClassName Win32_Share -Filter $filter | Sort-Object -Property Name) | Select-Object -First 1
    if ($null -eq $share) { return $null }
    [string]$share.Name
}

function Get-WbStreamHash {
    param([string]$LiteralPath, [string]$Algorithm)
    $names = @{ md5 = 'MD5'; sha1 = 'SHA1'; sha256 = 'SHA256'; sha384 = 'SHA384'; sha512 = 'SHA512' }
    $name = $names[$Algorithm.ToLowerInvariant()]
    if ($null -eq $name) { throw (New-Object ComponentModel.Win32Exception 87) }
    $alg = [Security.Cryptography.HashAlgorithm]::Create($name)
    $stream = $null
    try {
        # FileShare.ReadWrite as Get-FileHash: a log file another process writes can still be hashed.
        $stream = [IO.File]::Open($LiteralPath, [IO.FileMode]::Open, [IO.FileAccess]::Read, [IO.FileShare]::ReadWrite)
        $bytes = $alg.ComputeHash($stream)
    }
    finally {
        if ($null -ne $stream) { $stream.Dispose() }
        $alg.Dispose()
    }
    [BitConverter]::ToString($bytes).Replace('-', '').ToLowerInvariant()
}

function Get-WbFileHash {
    param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][string]$Algorithm)
    $p = Resolve-WbPath -Path $Path
    if ([IO.Directory]::Exists($p)) { throw (New-Object ComponentModel.Win32Exception 5) }
    if (-not [IO.File]::Exists($p)) { throw (New-Object ComponentModel.Win32Exception 2) }
    try { Get-WbStreamHash -LiteralPath $p -Algorithm $Algorithm }
    catch { throw (ConvertTo-WbIoException $_) }
}

function Read-WbFile {
    param([Parameter(Mandatory = $true)][string]$Path, [long]$MaxBytes = 1048576)
    $p = Resolve-WbPath -Path $Path
    if ([IO.Directory]::Exists($p)) { throw (New-Object ComponentModel.Win32Exception 5) }
    if (-not [IO.File]::Exists($p)) { throw (New-Object ComponentModel.Win32Exception 2) }
    try {
        if ((New-Object IO.FileInfo $p).Length -gt $MaxBytes) { throw (New-Object ComponentModel.Win32Exception 223) }
        [Convert]::ToBase64String([IO.File]::ReadAllBytes($p))
    }
    catch { throw (ConvertTo-WbIoException $_) }
}

function Write-WbFile {
    param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Data)
    $p = Resolve-WbPath -Path $Path
    $bytes = [Convert]::FromBase64String($Data)
    if ([IO.Directory]::Exists($p)) { throw (New-Object ComponentModel.Win32Exception 5) }
    $parent = [IO.Path]::GetDirectoryName($p)
    if ($parent -and -not [IO.Directory]::Exists($parent)) { throw (New-Object ComponentModel.Win32Exception 3) }
    try {
        if ([IO.File]::Exists($p)) {
            $sha = [Security.Cryptography.SHA256]::Create()
            try { $wanted = [BitConverter]::ToString($sha.ComputeHash($bytes)).Replace('-', '').ToLowerInvariant() }
            finally { $sha.Dispose() }
            if ((Get-WbStreamHash -LiteralPath $p -Algorithm 'sha256') -eq $wanted) { return $false }
        }
        # OpenOrCreate then truncate, not WriteAllBytes: CREATE_ALWAYS is refused on an existing hidden file.
        $fs = [IO.File]::Open($p, [IO.FileMode]::OpenOrCreate, [IO.FileAccess]::Write, [IO.FileShare]::None)
        try { $fs.SetLength(0); $fs.Write($bytes, 0, $bytes.Length) }
        finally { $fs.Dispose() }
    }
    catch { throw (ConvertTo-WbIoException $_) }
    $true
}

function New-WbDirectory {
    param([Parameter(Mandatory = $true)][string]$Path)
    $p = Resolve-WbPath -Path $Path
    if ([IO.Directory]::Exists($p)) { return $false }
    if ([IO.File]::Exists($p)) { throw (New-Object ComponentModel.Win32Exception 183) }
    try { [void][IO.Directory]::CreateDirectory($p) }
    catch { throw (ConvertTo-WbIoException $_) }
    $true
}

# Depth first, clearing ReadOnly as Remove-Item -Force does; a junction or symbolic link is removed itself, never
# what it points to.
function Remove-WbTree {
    param([IO.FileSystemInfo]$Info)
    $attrs = [int]$Info.Attributes
    if (($attrs -band 1) -ne 0) { $Info.Attributes = [IO.FileAttributes]($attrs -band (-bnot 1)) }
    if ($Info -is [IO.DirectoryInfo] -and (($attrs -band 1024) -eq 0)) {
        foreach ($c in $Info.GetFileSystemInfos()) { Remove-WbTree -Info $c }
    }
    $Info.Delete()
}

function Remove-WbItem {
    param([Parameter(Mandatory = $true)][string]$Path)
    $p = Resolve-WbPath -Path $Path
    $info = Get-WbFileSystemInfo -LiteralPath $p
    if ($null -eq $info) { return $false }
    try { Remove-WbTree -Info $info }
    catch { throw (ConvertTo-WbIoException $_) }
    $true
}

function Copy-WbFile {
    param([Parameter(Mandatory = $true)][string]$Source, [Parameter(Mandatory = $true)][string]$Destination, [switch]$Overwrite)
    $src = Resolve-WbPath -Path $Source
    $dst = Resolve-WbPath -Path $Destination
    if (-not [IO.File]::Exists($src)) { throw (New-Object ComponentModel.Win32Exception 2) }
    if ([IO.Directory]::Exists($dst)) { throw (New-Object ComponentModel.Win32Exception 5) }
    if (-not $Overwrite -and [IO.File]::Exists($dst)) { throw (New-Object ComponentModel.Win32Exception 80) }
    $parent = [IO.Path]::GetDirectoryName($dst)
    if ($parent -and -not [IO.Directory]::Exists($parent)) { throw (New-Object ComponentModel.Win32Exception 3) }
    try { [IO.File]::Copy($src, $dst, [bool]$Overwrite) }
    catch { throw (ConvertTo-WbIoException $_) }
}

function Set-WbFileTime {
    param([Parameter(Mandatory = $true)][string]$Path, [long]$LastWriteTime)
    $p = Resolve-WbPath -Path $Path
    $when = [DateTime]::UtcNow
    if ($PSBoundParameters.ContainsKey('LastWriteTime')) { $when = $script:WbEpoch.AddSeconds($LastWriteTime) }
    try {
        if ([IO.Directory]::Exists($p)) { [IO.Directory]::SetLastWriteTimeUtc($p, $when) }
        elseif ([IO.File]::Exists($p)) { [IO.File]::SetLastWriteTimeUtc($p, $when) }
        else { throw (New-Object ComponentModel.Win32Exception 2) }
    }
    catch { throw (ConvertTo-WbIoException $_) }
}

# Get-WbStagedPath (upload.ps1) names where an upload is staged.
function Get-WbStagedFile {
    param([Parameter(Mandatory = $true)][string]$Key)
    $part = Get-WbStagedPath -Key $Key
    if (-not [IO.File]::Exists($part)) { return $null }
    try {
        [pscustomobject]@{
            Path   = [string]$part
            Size   = [long](New-Object IO.FileInfo $part).Length
            Sha256 = Get-WbStreamHash -LiteralPath $part -Algorithm 'sha256'
        }
    }
    catch { throw (ConvertTo-WbIoException $_) }
}

function Move-WbStagedFile {
    param([Parameter(Mandatory = $true)][string]$Key, [Parameter(Mandatory = $true)][string]$Destination, [Parameter(Mandatory = $true)][string]$Sha256)
    $part = Get-WbStagedPath -Key $Key
    $dst = Resolve-WbPath -Path $Destination
    if (-not [IO.File]::Exists($part)) { throw (New-Object ComponentModel.Win32Exception 2) }
    try {
        $got = Get-WbStreamHash -LiteralPath $part -Algorithm 'sha256'
        if ($got -ne $Sha256.ToLowerInvariant()) {
            [IO.File]::Delete($part)
            throw (New-Object ComponentModel.Win32Exception 13)
        }
        if ([IO.Directory]::Exists($dst)) { throw (New-Object ComponentModel.Win32Exception 5) }
        $changed = $true
        if ([IO.File]::Exists($dst) -and (Get-WbStreamHash -LiteralPath $dst -Algorithm 'sha256') -eq $got) { $changed = $false }
        if ($changed) {
            $parent = [IO.Path]::GetDirectoryName($dst)
            if ($parent -and -not [IO.Directory]::Exists($parent)) { throw (New-Object ComponentModel.Win32Exception 3) }
            # Copy, not Move: a new file takes the destination folder's inherited ACL instead of the temp folder's.
            [IO.File]::Copy($part, $dst, $true)
        }
        [IO.File]::Delete($part)
    }
    catch { throw (ConvertTo-WbIoException $_) }
    $changed
}
