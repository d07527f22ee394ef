# win_copy with remote_src (composed before win_copy.ps1 by src/modules/script.ts): src is a file or folder on the
# host itself, copied through the files verbs as ansible.windows.win_copy's "remote" mode copies it: a file compared
# by SHA-1 (force) and replaced when it differs; a folder copied into dest under its own name, or only its contents
# when src ends in a separator; missing folders created on the way; diff.prepared lists '+path' and '-path' lines.
# src and dest are Ansible `path`s: environment variables expanded, and shown that way in the result.
# uses: ../module-utils/module-fail.ps1

function Join-CopyPath {
    param([string]$Parent, [string]$Child)
    $Parent.TrimEnd('\', '/') + '\' + $Child
}

# Copies one file when it differs (or is missing); returns the diff lines. $State carries changed/backup_file.
function Copy-RemoteFile {
    param([string]$Source, [string]$Dest, [bool]$Force, [bool]$Backup, [hashtable]$State)
    $diff = ''
    $State.checksum = $null
    if ($Force) { $State.checksum = [string](Invoke-PathStep -Path $Source -Step { Get-WbFileHash -Path $Source -Algorithm 'sha1' }) }
    $target = Invoke-PathStep -Path $Dest -Step { Get-WbItem -Path $Dest }
    $copy = $false
    if ($null -ne $target -and [string]$target.Type -eq 'directory') { Fail-WbModule -Message "cannot copy file from '$Source' to '$Dest': dest is already a folder" }
    if ($null -eq $target) { $copy = $true }
    elseif ($Force -and $State.checksum -ne [string](Invoke-PathStep -Path $Dest -Step { Get-WbFileHash -Path $Dest -Algorithm 'sha1' })) { $copy = $true }
    if (-not $copy) { return $diff }
    $parent = $Dest.Substring(0, $Dest.LastIndexOf('\'))
    if ($parent -match '^[A-Za-z]:$') { $parent += '\' }
    $parentItem = Invoke-PathStep -Path $parent -Step { Get-WbItem -Path $parent }
    if ($null -ne $parentItem -and [string]$parentItem.Type -ne 'directory') { Fail-WbModule -Message "cannot copy file from '$Source' to '$Dest': object at dest parent dir is not a folder" }
    if ($null -eq $parentItem) {
        if (-not $CheckMode) { Invoke-PathStep -Path $parent -Step { New-WbDirectory -Path $parent } | Out-Null }
        $diff += "+$parent\`n"
    }
    if ($null -ne $target) {
        if ($Backup) {
            $State.backup_file = '{0}.{1}.{2}.bak' -f $Dest, $PID, (Get-Date -Format 'yyyyMMdd-HHmmss')
            if (-not $CheckMode) { Invoke-PathStep -Path $State.backup_file -Step { Copy-WbFile -Source $Dest -Destination $State.backup_file -Overwrite } }
        }
        $diff += "-$Dest`n"
    }
    if (-not $CheckMode) { Invoke-PathStep -Path $Dest -Step { Copy-WbFile -Source $Source -Destination $Dest -Overwrite } }
    $State.changed = $true
    $diff + "+$Dest`n"
}

# Copies a folder's children into Dest (created when missing); returns the diff lines.
function Copy-RemoteFolder {
    param([string]$Source, [string]$Dest, [bool]$Force, [bool]$Backup, [hashtable]$State, [switch]$ContentsOnly)
    $diff = ''
    if (-not $ContentsOnly) {
        $target = Invoke-PathStep -Path $Dest -Step { Get-WbItem -Path $Dest }
        if ($null -ne $target -and [string]$target.Type -ne 'directory') { Fail-WbModule -Message "cannot copy folder from '$Source' to '$Dest': dest is already a file" }
        if ($null -eq $target) {
            if (-not $CheckMode) { Invoke-PathStep -Path $Dest -Step { New-WbDirectory -Path $Dest } | Out-Null }
            $diff += "+$Dest\`n"
            $State.changed = $true
        }
    }
    foreach ($child in @(Invoke-PathStep -Path $Source -Step { Get-WbChildItem -Path $Source })) {
        $to = Join-CopyPath -Parent $Dest -Child ([string]$child.Name)
        if ([string]$child.Type -eq 'directory') { $diff += Copy-RemoteFolder -Source ([string]$child.Path) -Dest $to -Force $Force -Backup $Backup -State $State }
        else { $diff += Copy-RemoteFile -Source ([string]$child.Path) -Dest $to -Force $Force -Backup $Backup -State $State }
    }
    $diff
}

# Bytes of a file, or of every file below a folder (links not counted, as the module counts them).
function Get-RemoteCopySize {
    param([string]$Path)
    $item = Invoke-PathStep -Path $Path -Step { Get-WbItem -Path $Path }
    if ([string]$item.Type -ne 'directory') { return [long]$item.Size }
    $total = [long]0
    try { foreach ($f in @(Get-WbChildItem -Path $Path -Recurse)) { if ([string]$f.Type -eq 'file' -and -not [bool]$f.IsReparsePoint) { $total += [long]$f.Size } } }
    catch { $null = $_ }
    $total
}

function Invoke-RemoteCopy {
    $src = Expand-WbEnvironmentString -Text ([string](Get-ModuleArg -Name 'src'))
    $dest = Expand-WbEnvironmentString -Text ([string](Get-ModuleArg -Name 'dest'))
    $force = [bool](Get-ModuleArg -Name 'force' -Default $true)
    $backup = [bool](Get-ModuleArg -Name 'backup' -Default $false)
    $state = @{ changed = $false; checksum = $null }
    $result = @{ changed = $false; src = $src; dest = $dest }
    $srcItem = Invoke-PathStep -Path $src -Step { Get-WbItem -Path $src }
    if ($null -eq $srcItem) { return @{ changed = $false; failed = $true; src = $src; dest = $dest; msg = "Cannot copy src file: '$src' as it does not exist" } }
    $remoteDest = $dest
    if ([string]$srcItem.Type -eq 'directory') {
        $result.operation = 'folder_copy'
        if ($src.EndsWith('\') -or $src.EndsWith('/')) {
            $diff = Copy-RemoteFolder -Source ([string]$srcItem.Path) -Dest $dest -Force $force -Backup $backup -State $state -ContentsOnly
        }
        else {
            $remoteDest = Join-CopyPath -Parent $dest -Child ([string]$srcItem.Name)
            $result.dest = $remoteDest
            $diff = Copy-RemoteFolder -Source ([string]$srcItem.Path) -Dest $remoteDest -Force $force -Backup $backup -State $state
        }
    }
    else {
        $result.operation = 'file_copy'
        $result.original_basename = [string]$srcItem.Name
        $destItem = Invoke-PathStep -Path $dest -Step { Get-WbItem -Path $dest }
        if ($dest.EndsWith('\') -or $dest.EndsWith('/') -or ($null -ne $destItem -and [string]$destItem.Type -eq 'directory')) {
            $remoteDest = Join-CopyPath -Parent $dest -Child ([string]$srcItem.Name)
        }
        $result.dest = $remoteDest
        $full = Invoke-PathStep -Path $remoteDest -Step { Resolve-WbPath -Path $remoteDest }
        $parentDir = $full.Substring(0, $full.LastIndexOf('\'))
        if ($parentDir -match '^[A-Za-z]:$') { $parentDir += '\' }
        $parentItem = Invoke-PathStep -Path $parentDir -Step { Get-WbItem -Path $parentDir }
        if ($null -ne $parentItem -and [string]$parentItem.Type -ne 'directory') { Fail-WbModule -Message "object at destination parent dir '$parentDir' is currently a file" }
        if ($null -eq $parentItem) {
            if ($dest -eq $remoteDest) { Fail-WbModule -Message "Destination directory '$parentDir' does not exist" }
            # Created even in check mode, as the module does.
            Invoke-PathStep -Path $parentDir -Step { New-WbDirectory -Path $parentDir } | Out-Null
        }
        $diff = Copy-RemoteFile -Source ([string]$srcItem.Path) -Dest $full -Force $force -Backup $backup -State $state
        $result.checksum = $state.checksum
    }
    $result.changed = [bool]$state.changed
    if ($state.ContainsKey('backup_file')) { $result.backup_file = $state.backup_file }
    # The destination might not exist in check mode.
    $destNow = Invoke-PathStep -Path $remoteDest -Step { Get-WbItem -Path $remoteDest }
    $result.size = $null
    if (-not $CheckMode -or ($null -ne $destNow -and [string]$destNow.Type -eq 'file')) { $result.size = Get-RemoteCopySize -Path $remoteDest }
    if ($DiffMode) { $result.diff = @{ prepared = $diff } }
    $result
}
