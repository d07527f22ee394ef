# win_find: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (files, ACL verbs). Read-only, as ansible.windows.win_find: every
# item below each of `paths` (one level, or the whole tree with recurse) is examined; those that pass all filters
# (file_type, hidden, patterns as wildcards or regexes on the name, age against mtime/ctime/atime, size) are
# returned with win_stat's fields, sorted by path. A path that is missing or a file is skipped with Ansible's
# warning; a folder the account may not list is skipped silently, as the module does.
Set-StrictMode -Version 2.0

$paths = @(Get-ModuleArg -Name 'paths')
$fileType = [string](Get-ModuleArg -Name 'file_type' -Default 'file')
$follow = [bool](Get-ModuleArg -Name 'follow' -Default $false)
$hidden = [bool](Get-ModuleArg -Name 'hidden' -Default $false)
$recurse = [bool](Get-ModuleArg -Name 'recurse' -Default $false)
$useRegex = [bool](Get-ModuleArg -Name 'use_regex' -Default $false)
$getChecksum = [bool](Get-ModuleArg -Name 'get_checksum' -Default $true)
$algorithm = [string](Get-ModuleArg -Name 'checksum_algorithm' -Default 'sha1')
$ageStamp = [string](Get-ModuleArg -Name 'age_stamp' -Default 'mtime')
$hasPatterns = (Test-ModuleArg -Name 'patterns') -or (Test-ModuleArg -Name 'regex') -or (Test-ModuleArg -Name 'regexp')
$patterns = @(Get-ModuleArg -Name 'patterns' -Default (Get-ModuleArg -Name 'regex' -Default (Get-ModuleArg -Name 'regexp')))

$warnings = New-Object 'System.Collections.Generic.List[string]'
$epoch = New-Object DateTime 1970, 1, 1, 0, 0, 0, ([DateTimeKind]::Utc)
$now = ([DateTime]::UtcNow - $epoch).TotalSeconds

# age: seconds (or s/m/h/d/w units); >= 0 selects items at least that old, < 0 items at most that old.
$ageCutoff = $null
if (Test-ModuleArg -Name 'age') {
    $age = [string](Get-ModuleArg -Name 'age')
    if ($age -notmatch '^(-?\d+)(s|m|h|d|w)?$') { return @{ changed = $false; failed = $true; msg = 'Invalid age pattern specified'; examined = 0; matched = 0; files = @() } }
    $unit = @{ 's' = 1; 'm' = 60; 'h' = 3600; 'd' = 86400; 'w' = 604800 }
    $u = 's'
    if ($Matches.Count -gt 2 -and $null -ne $Matches[2] -and $Matches[2] -ne '') { $u = $Matches[2] }
    $ageCutoff = [double]([long]$Matches[1] * $unit[$u])
}
# size: bytes (or b/k/m/g/t units); >= 0 selects items at least that large, < 0 items at most that large.
$sizeLimit = $null
if (Test-ModuleArg -Name 'size') {
    $size = [string](Get-ModuleArg -Name 'size')
    if ($size -notmatch '^(-?\d+)(b|k|m|g|t)?$') { return @{ changed = $false; failed = $true; msg = 'Invalid size pattern specified'; examined = 0; matched = 0; files = @() } }
    $unit = @{ 'b' = [long]1; 'k' = [long]1024; 'm' = [long]1048576; 'g' = [long]1073741824; 't' = [long]1099511627776 }
    $u = 'b'
    if ($Matches.Count -gt 2 -and $null -ne $Matches[2] -and $Matches[2] -ne '') { $u = $Matches[2] }
    $sizeLimit = [long]$Matches[1] * $unit[$u]
}

function Test-Match {
    param($Item)
    $isDir = ([string]$Item.Type -eq 'directory')
    if ($null -ne $ageCutoff) {
        $stamp = [double]$Item.LastWriteTime
        if ($ageStamp -eq 'ctime') { $stamp = [double]$Item.CreationTime }
        elseif ($ageStamp -eq 'atime') { $stamp = [double]$Item.LastAccessTime }
        if ($ageCutoff -ge 0 -and -not ($stamp -le $now - $ageCutoff)) { return $false }
        if ($ageCutoff -lt 0 -and -not ($stamp -ge $now + $ageCutoff)) { return $false }
    }
    if (($fileType -eq 'directory') -ne $isDir) { return $false }
    if ([bool]$Item.IsHidden -and -not $hidden) { return $false }
    if ($hasPatterns) {
        $hit = $false
        foreach ($p in $patterns) {
            if ($useRegex) { if ([string]$Item.Name -match $p) { $hit = $true; break } }
            elseif ([string]$Item.Name -like $p) { $hit = $true; break }
        }
        if (-not $hit) { return $false }
    }
    if ($null -ne $sizeLimit) {
        # A folder has no length: DirectoryInfo.Length is $null there, so only a negative (at most) size selects it.
        if ($isDir) { return ($sizeLimit -lt 0) }
        if ($sizeLimit -ge 0 -and [long]$Item.Size -lt $sizeLimit) { return $false }
        if ($sizeLimit -lt 0 -and [long]$Item.Size -gt -$sizeLimit) { return $false }
    }
    $true
}

function ConvertTo-FindInfo {
    param($Item)
    $isDir = ([string]$Item.Type -eq 'directory')
    $info = @{
        attributes     = (@($Item.Attributes) -join ', ')
        checksum       = $null
        creationtime   = [double]$Item.CreationTime
        exists         = $true
        extension      = $null
        filename       = [string]$Item.Name
        hlnk_targets   = @()
        isarchive      = [bool]$Item.IsArchive
        isdir          = $isDir
        ishidden       = [bool]$Item.IsHidden
        isjunction     = $false
        islnk          = [bool]$Item.IsReparsePoint
        isreadonly     = [bool]$Item.IsReadOnly
        isreg          = $false
        isshared       = $false
        lastaccesstime = [double]$Item.LastAccessTime
        lastwritetime  = [double]$Item.LastWriteTime
        lnk_source     = $null
        lnk_target     = $null
        nlink          = 1
        owner          = $null
        path           = [string]$Item.Path
        sharename      = $null
        size           = $null
    }
    try { $info.owner = [string](Get-WbAcl -Path $Item.Path).Owner }
    catch { $warnings.Add("Failed to get the owner for '$($Item.Path)': $($_.Exception.Message)") }
    if ($isDir) {
        $share = Get-WbShareName -Path $Item.Path
        if ($null -ne $share) { $info.isshared = $true; $info.sharename = [string]$share }
    }
    else {
        $info.extension = [string]$Item.Extension
        $info.isreg = -not [bool]$Item.IsReparsePoint
        $info.size = [long]$Item.Size
        if ($getChecksum) {
            try { $info.checksum = [string](Get-WbFileHash -Path $Item.Path -Algorithm $algorithm) } catch { $info.checksum = $null }
        }
    }
    $info
}

$seen = New-Object 'System.Collections.Generic.HashSet[string]'
$found = New-Object 'System.Collections.Generic.List[object]'
$examined = 0
foreach ($pathArg in $paths) {
    $pathText = [string]$pathArg
    # `paths` is a list of strings, not of Ansible `path`s: %VAR% is not expanded there, so such a path names a
    # folder that does not exist, as on Windows.
    $root = $null
    if ($pathText -notmatch '%[^%]+%') {
        try {
            $full = Resolve-WbPath -Path $pathText
            $root = Get-WbItem -Path $full
        }
        catch { $root = $null }
    }
    if ($null -eq $root) { $warnings.Add("Argument path '$pathText' does not exist or is not accessible, skipping"); continue }
    if ([string]$root.Type -ne 'directory') { $warnings.Add("Argument path '$pathText' is a file not a directory, skipping"); continue }
    $pending = New-Object 'System.Collections.Generic.Stack[string]'
    $pending.Push([string]$root.Path)
    while ($pending.Count -gt 0) {
        $dir = $pending.Pop()
        # A folder the account may not list is passed over, as DirectoryInfo.EnumerateFileSystemInfos' refusal is.
        try { $children = @(Get-WbChildItem -Path $dir) } catch { $children = @() }
        foreach ($c in $children) {
            if ($recurse -and [string]$c.Type -eq 'directory' -and ($follow -or -not [bool]$c.IsReparsePoint)) { $pending.Push([string]$c.Path) }
            if (-not $seen.Add(([string]$c.Path).ToLowerInvariant())) { continue }
            $examined += 1
            if (Test-Match -Item $c) { $found.Add((ConvertTo-FindInfo -Item $c)) }
        }
    }
}

$files = @($found | Sort-Object -Property { $_.path })
$result = @{ changed = $false; examined = $examined; matched = $files.Count; files = $files }
if ($warnings.Count -gt 0) { $result.warnings = $warnings.ToArray() }
$result
