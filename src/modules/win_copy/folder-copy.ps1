# win_copy with a controller folder as src (composed before win_copy.ps1 by src/modules/script.ts), as
# ansible.windows 1.14 copies one: its "query" mode decides (a file is copied when missing, or when its SHA-1
# differs and force is on; a sub-folder when missing), then one changed file and no missing folder goes the "single"
# way (that file alone, backup honoured), anything more the "explode" way (1.14 extracts a zip of every file and
# folder of src: existing files are overwritten even with force: false, and backup is not taken). Files are sent by
# the controller as base64 in `_contents` (index -> bytes); when a file to write is missing from it, the module
# answers `_winbook_upload: 'needed'` with `_winbook_needed` (the indexes), and is called again with them. A file
# already holding the wanted bytes is not rewritten: the content would be the same (only its modification time
# would differ from 1.14's).
# uses: ../module-utils/module-fail.ps1
# uses: ../module-utils/path-error.ps1

function Join-FolderCopyPath {
    param([string]$Root, [string]$Child)
    $Root.TrimEnd('\', '/') + '\' + $Child
}

function Get-FolderCopyParent {
    param([string]$Path)
    $parent = $Path.Substring(0, $Path.LastIndexOf('\'))
    if ($parent -match '^[A-Za-z]:$') { $parent += '\' }
    $parent
}

function Invoke-FolderCopy {
    $destArg = [string](Get-ModuleArg -Name 'dest')
    $force = [bool](Get-ModuleArg -Name 'force' -Default $true)
    $backup = [bool](Get-ModuleArg -Name 'backup' -Default $false)
    $files = @(Get-ModuleArg -Name 'files' -Default @())
    $dirs = @(Get-ModuleArg -Name 'directories' -Default @())
    $contents = Get-ModuleArg -Name '_contents'
    $result = @{ changed = $false; src = Get-ModuleArg -Name 'src'; dest = $destArg; operation = 'folder_copy' }
    $root = [string](Invoke-PathStep -Path $destArg -Step { Resolve-WbPath -Path $destArg })

    # 1.14's query: which files and folders need copying.
    $states = @{}
    $changedFiles = New-Object -TypeName 'System.Collections.Generic.List[int]'
    for ($i = 0; $i -lt $files.Count; $i++) {
        $target = Join-FolderCopyPath -Root $root -Child ([string]$files[$i].dest)
        $item = Invoke-PathStep -Path $target -Step { Get-WbItem -Path $target }
        if ($null -eq $item) { $states[$i] = 'missing'; $changedFiles.Add($i); continue }
        if ([string]$item.Type -eq 'directory') { Fail-WbModule -Message "cannot copy file to dest '$target': object at path is already a directory" -Result $result }
        if (-not $force) { $states[$i] = 'kept'; continue }
        $hash = [string](Invoke-PathStep -Path $target -Step { Get-WbFileHash -Path $target -Algorithm 'sha1' })
        if ($hash -eq [string]$files[$i].checksum) { $states[$i] = 'same' }
        else { $states[$i] = 'differs'; $changedFiles.Add($i) }
    }
    $missingDirs = 0
    foreach ($dir in $dirs) {
        $dirPath = Join-FolderCopyPath -Root $root -Child ([string]$dir)
        $parentPath = Get-FolderCopyParent -Path $dirPath
        $parentItem = Invoke-PathStep -Path $parentPath -Step { Get-WbItem -Path $parentPath }
        if ($null -ne $parentItem -and [string]$parentItem.Type -ne 'directory') {
            Fail-WbModule -Message "cannot copy folder to dest '$dirPath': object at parent directory path is already a file" -Result $result
        }
        $dirItem = Invoke-PathStep -Path $dirPath -Step { Get-WbItem -Path $dirPath }
        if ($null -ne $dirItem -and [string]$dirItem.Type -ne 'directory') {
            Fail-WbModule -Message "cannot copy folder to dest '$dirPath': object at path is already a file" -Result $result
        }
        if ($null -eq $dirItem) { $missingDirs++ }
    }
    if ($changedFiles.Count -eq 0 -and $missingDirs -eq 0) {
        $result.failed = $false
        return $result
    }
    $result.changed = $true
    if ($CheckMode) { return $result }

    $single = ($changedFiles.Count -eq 1 -and $missingDirs -eq 0)
    $write = New-Object -TypeName 'System.Collections.Generic.List[int]'
    if ($single) { $write.Add($changedFiles[0]) }
    else { for ($i = 0; $i -lt $files.Count; $i++) { if ($states[$i] -ne 'same') { $write.Add($i) } } }
    $needed = @($write | Where-Object { $null -eq $contents -or $null -eq $contents.PSObject.Properties[[string]$_] })
    if ($needed.Count -gt 0) { return @{ changed = $false; _winbook_upload = 'needed'; _winbook_needed = $needed } }

    if ($single) {
        # 1.14's "single" mode: the parent must not be a file; missing parents are created; backup if asked.
        $i = $changedFiles[0]
        $target = Join-FolderCopyPath -Root $root -Child ([string]$files[$i].dest)
        $parentPath = Get-FolderCopyParent -Path $target
        $parentItem = Invoke-PathStep -Path $parentPath -Step { Get-WbItem -Path $parentPath }
        if ($null -ne $parentItem -and [string]$parentItem.Type -ne 'directory') {
            Fail-WbModule -Message "failed to copy file $($files[$i].src): object at destination parent dir '$parentPath' is currently a file" -Result $result
        }
        if ($null -eq $parentItem) { Invoke-PathStep -Path $parentPath -Step { New-WbDirectory -Path $parentPath } | Out-Null }
        if ($backup) {
            # Backup-File returns nothing for a file that was not there: the key is set, to null.
            $result.backup_file = $null
            if ($states[$i] -ne 'missing') {
                $result.backup_file = '{0}.{1}.{2}.bak' -f $target, $PID, (Get-Date -Format 'yyyyMMdd-HHmmss')
                Invoke-PathStep -Path $result.backup_file -Step { Copy-WbFile -Source $target -Destination $result.backup_file -Overwrite }
            }
        }
        $data = [string]$contents.PSObject.Properties[[string]$i].Value
        Invoke-PathStep -Path $target -Step { Write-WbFile -Path $target -Data $data } | Out-Null
        return $result
    }

    # 1.14's "explode": every folder, then every file, each under dest, parents created on the way.
    foreach ($dir in $dirs) {
        $dirPath = Join-FolderCopyPath -Root $root -Child ([string]$dir)
        Invoke-PathStep -Path $dirPath -Step { New-WbDirectory -Path $dirPath } | Out-Null
    }
    foreach ($i in $write) {
        $target = Join-FolderCopyPath -Root $root -Child ([string]$files[$i].dest)
        $parentPath = Get-FolderCopyParent -Path $target
        Invoke-PathStep -Path $parentPath -Step { New-WbDirectory -Path $parentPath } | Out-Null
        $data = [string]$contents.PSObject.Properties[[string]$i].Value
        Invoke-PathStep -Path $target -Step { Write-WbFile -Path $target -Data $data } | Out-Null
    }
    $result
}
