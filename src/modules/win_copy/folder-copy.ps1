# win_copy with a controller folder as src (composed before win_copy.ps1 by src/modules/script.ts), as
# ansible.windows 1.14 copies one: its "query" mode decides (a file is copied when missing, or when its SHA-1
# differs and force is on; a sub-folder when missing), then one changed file and no missing folder goes the "single"
# way (that file alone, backup honoured), anything more the "explode" way (1.14 extracts a zip of every file and
# folder of src: existing files are overwritten even with force: false, and backup is not taken). A file already
# holding the wanted bytes is not rewritten: the content would be the same (only its modification time would differ
# from 1.14's).
# Content comes from the controller in rounds (src/modules/win_copy/folder-call.ts): `_contents` (index -> base64)
# or one file staged as an upload (`_staged`, `_staged_index`, `_staged_sha256`). Each round writes what it was
# given; while files of the plan are left, the module answers `_winbook_upload: 'needed'` with `_winbook_needed`,
# the plan (`_winbook_plan`, `_winbook_single`) and `_winbook_done`, which the next round sends back as `_plan`,
# `_single` and `_done` so the decision made on the first round's state stands.
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
    $backup = [bool](Get-ModuleArg -Name 'backup' -Default $false)
    $files = @(Get-ModuleArg -Name 'files' -Default @())
    $dirs = @(Get-ModuleArg -Name 'directories' -Default @())
    $result = @{ changed = $false; src = Get-ModuleArg -Name 'src'; dest = $destArg; operation = 'folder_copy' }
    $root = [string](Invoke-PathStep -Path $destArg -Step { Resolve-WbPath -Path $destArg })

    if (Test-ModuleArg -Name '_plan') {
        $plan = @(Get-ModuleArg -Name '_plan')
        $single = [bool](Get-ModuleArg -Name '_single')
    }
    else {
        $decision = Get-FolderCopyPlan -Root $root -Files $files -Dirs $dirs -Result $result
        if ($null -eq $decision) {
            $result.failed = $false
            return $result
        }
        $result.changed = $true
        if ($CheckMode) { return $result }
        $plan = $decision.Plan
        $single = $decision.Single
    }
    $result.changed = $true
    $done = New-Object -TypeName 'System.Collections.Generic.List[int]'
    foreach ($i in @(Get-ModuleArg -Name '_done' -Default @())) { $done.Add([int]$i) }

    if (-not $single) {
        # 1.14's "explode": every folder under dest, parents created on the way (again each round: nothing if there).
        foreach ($dir in $dirs) {
            $dirPath = Join-FolderCopyPath -Root $root -Child ([string]$dir)
            Invoke-PathStep -Path $dirPath -Step { New-WbDirectory -Path $dirPath } | Out-Null
        }
    }
    $contents = Get-ModuleArg -Name '_contents'
    $stagedIndex = -1
    if (Test-ModuleArg -Name '_staged') { $stagedIndex = [int](Get-ModuleArg -Name '_staged_index') }
    foreach ($i in $plan) {
        $i = [int]$i
        if ($done.Contains($i)) { continue }
        $inline = $null
        if ($null -ne $contents -and $null -ne $contents.PSObject.Properties[[string]$i]) { $inline = [string]$contents.PSObject.Properties[[string]$i].Value }
        if ($null -eq $inline -and $i -ne $stagedIndex) { continue }
        $target = Join-FolderCopyPath -Root $root -Child ([string]$files[$i].dest)
        $parentPath = Get-FolderCopyParent -Path $target
        if ($single) {
            # 1.14's "single" mode: the parent must not be a file; missing parents are created; backup if asked.
            $parentItem = Invoke-PathStep -Path $parentPath -Step { Get-WbItem -Path $parentPath }
            if ($null -ne $parentItem -and [string]$parentItem.Type -ne 'directory') {
                Fail-WbModule -Message "failed to copy file $($files[$i].src): object at destination parent dir '$parentPath' is currently a file" -Result $result
            }
            if ($backup) {
                # Backup-File returns nothing for a file that was not there: the key is set, to null.
                $result.backup_file = $null
                if ($null -ne (Invoke-PathStep -Path $target -Step { Get-WbItem -Path $target })) {
                    $result.backup_file = '{0}.{1}.{2}.bak' -f $target, $PID, (Get-Date -Format 'yyyyMMdd-HHmmss')
                    Invoke-PathStep -Path $result.backup_file -Step { Copy-WbFile -Source $target -Destination $result.backup_file -Overwrite }
                }
            }
        }
        Invoke-PathStep -Path $parentPath -Step { New-WbDirectory -Path $parentPath } | Out-Null
        if ($null -ne $inline) {
            Invoke-PathStep -Path $target -Step { Write-WbFile -Path $target -Data $inline } | Out-Null
        }
        else {
            # Move-WbStagedFile refuses bytes that fail the SHA-256 check (and deletes them).
            $move = @{ Key = [string](Get-ModuleArg -Name '_staged'); Destination = $target; Sha256 = [string](Get-ModuleArg -Name '_staged_sha256') }
            Invoke-PathStep -Path $target -Step { Move-WbStagedFile @move } | Out-Null
        }
        $done.Add($i)
    }
    $left = @($plan | Where-Object { -not $done.Contains([int]$_) })
    if ($left.Count -gt 0) {
        return @{ changed = $false; _winbook_upload = 'needed'; _winbook_needed = $left; _winbook_plan = $plan; _winbook_single = $single; _winbook_done = $done.ToArray() }
    }
    $result
}

# 1.14's query and its choice of way: $null when nothing needs copying, else the files to write and whether it is
# the single-file way. Fails with 1.14's texts where a file or folder is in the way.
function Get-FolderCopyPlan {
    param([string]$Root, [object[]]$Files, [object[]]$Dirs, [hashtable]$Result)
    $force = [bool](Get-ModuleArg -Name 'force' -Default $true)
    $states = @{}
    $changedFiles = New-Object -TypeName 'System.Collections.Generic.List[int]'
    for ($i = 0; $i -lt $Files.Count; $i++) {
        $target = Join-FolderCopyPath -Root $Root -Child ([string]$Files[$i].dest)
        $item = Invoke-PathStep -Path $target -Step { Get-WbItem -Path $target }
        if ($null -eq $item) { $states[$i] = 'missing'; $changedFiles.Add($i); continue }
        if ([string]$item.Type -eq 'directory') { Fail-WbModule -Message "cannot copy file to dest '$target': object at path is already a directory" -Result $Result }
        if (-not $force) { $states[$i] = 'kept'; continue }
        $hash = [string](Invoke-PathStep -Path $target -Step { Get-WbFileHash -Path $target -Algorithm 'sha1' })
        if ($hash -eq [string]$Files[$i].checksum) { $states[$i] = 'same' }
        else { $states[$i] = 'differs'; $changedFiles.Add($i) }
    }
    $missingDirs = 0
    foreach ($dir in $Dirs) {
        $dirPath = Join-FolderCopyPath -Root $Root -Child ([string]$dir)
        $parentPath = Get-FolderCopyParent -Path $dirPath
        $parentItem = Invoke-PathStep -Path $parentPath -Step { Get-WbItem -Path $parentPath }
        if ($null -ne $parentItem -and [string]$parentItem.Type -ne 'directory') {
            Fail-WbModule -Message "cannot copy folder to dest '$dirPath': object at parent directory path is already a file" -Result $Result
        }
        $dirItem = Invoke-PathStep -Path $dirPath -Step { Get-WbItem -Path $dirPath }
        if ($null -ne $dirItem -and [string]$dirItem.Type -ne 'directory') {
            Fail-WbModule -Message "cannot copy folder to dest '$dirPath': object at path is already a file" -Result $Result
        }
        if ($null -eq $dirItem) { $missingDirs++ }
    }
    if ($changedFiles.Count -eq 0 -and $missingDirs -eq 0) { return $null }
    if ($changedFiles.Count -eq 1 -and $missingDirs -eq 0) { return @{ Plan = @($changedFiles[0]); Single = $true } }
    $plan = New-Object -TypeName 'System.Collections.Generic.List[int]'
    for ($i = 0; $i -lt $Files.Count; $i++) { if ($states[$i] -ne 'same') { $plan.Add($i) } }
    @{ Plan = $plan.ToArray(); Single = $false }
}
