# win_copy (and win_template): the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (files verbs). The controller sends `checksum` (SHA-256 of the
# wanted content) and either `_content` (small, base64) or `_staged` (an upload key, docs/agent.md "Uploads"). The
# destination is compared first, so unchanged content is never sent; staged bytes are checked against the SHA-256
# before they replace anything.
# uses: ../module-utils/path-error.ps1
# uses: remote-copy.ps1
# uses: folder-copy.ps1
# uses: ../module-utils/module-fail.ps1
Set-StrictMode -Version 2.0

if ([bool](Get-ModuleArg -Name 'remote_src' -Default $false)) { return (Invoke-RemoteCopy) }
if ([bool](Get-ModuleArg -Name '_folder' -Default $false)) { return (Invoke-FolderCopy) }

$destArg = [string](Get-ModuleArg -Name 'dest')
$wanted = [string](Get-ModuleArg -Name 'checksum')
$size = [long](Get-ModuleArg -Name 'size' -Default 0)
$force = [bool](Get-ModuleArg -Name 'force')
$backup = [bool](Get-ModuleArg -Name 'backup')
$inline = Get-ModuleArg -Name '_content'
$staged = Get-ModuleArg -Name '_staged'
$basename = Get-ModuleArg -Name '_original_basename'
$diffText = Get-ModuleArg -Name '_diff_text'

$dest = Invoke-PathStep -Path $destArg -Step { Resolve-WbPath -Path $destArg }
$item = Invoke-PathStep -Path $dest -Step { Get-WbItem -Path $dest }
if ($destArg.EndsWith('\') -or $destArg.EndsWith('/') -or ($null -ne $item -and $item.Type -eq 'directory')) {
    if (-not $basename) { Fail-WbModule -Message 'dest must be a file if content is defined' }
    $into = $dest.TrimEnd('\') + '\' + $basename
    $dest = Invoke-PathStep -Path $into -Step { Resolve-WbPath -Path $into }
    $item = Invoke-PathStep -Path $dest -Step { Get-WbItem -Path $dest }
}
if (-not $basename) { $basename = $dest.Substring($dest.LastIndexOf('\') + 1) }
if ($null -ne $item -and $item.Type -eq 'directory') { throw "Access to the path '$dest' is denied." }

$exists = ($null -ne $item)
$before = $null
if ($exists) { $before = [string](Invoke-PathStep -Path $dest -Step { Get-WbFileHash -Path $dest -Algorithm 'sha256' }) }

# The keys of 1.14's RETURN block; the SHA-256 that decides the copy stays inside (1.14 returns no such key).
$result = @{ changed = $false; dest = $dest; size = $size; original_basename = $basename; operation = 'file_copy' }
if ($exists -and (-not $force -or $before -eq $wanted)) {
    $result.checksum = [string](Invoke-PathStep -Path $dest -Step { Get-WbFileHash -Path $dest -Algorithm 'sha1' })
    return $result
}

if ($DiffMode) {
    $beforeShown = ''
    # A text diff only for a destination Read-WbFile will return (1 MiB); a bigger one shows its hash.
    if ($null -ne $diffText -and $exists -and [long]$item.Size -le 1048576) {
        $old = [string](Invoke-PathStep -Path $dest -Step { Read-WbFile -Path $dest })
        $beforeShown = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($old))
    }
    elseif ($exists) { $beforeShown = "sha256: $before" }
    $afterShown = "sha256: $wanted"
    if ($null -ne $diffText) { $afterShown = [string]$diffText }
    $result.diff = @{ before = $beforeShown; after = $afterShown }
}
$result.changed = $true
# Ansible's checksum is the source's SHA-1, which the controller computed: known in check mode too.
if ($CheckMode) { $result.checksum = [string](Get-ModuleArg -Name '_sha1'); return $result }

if ($null -eq $inline) {
    $part = Get-WbStagedFile -Key ([string]$staged)
    if ($null -eq $part) { return @{ changed = $false; _winbook_upload = 'needed' } }
    if ([string]$part.Sha256 -ne $wanted) {
        # Move-WbStagedFile refuses bytes that fail the check and deletes them (ERROR_INVALID_DATA).
        $move = @{ Key = [string]$staged; Destination = $dest; Sha256 = $wanted }
        try { Move-WbStagedFile @move | Out-Null } catch { }
        Fail-WbModule -Message "the uploaded content failed its SHA-256 check: expected $wanted, got $($part.Sha256) ($($part.Size) of $size bytes arrived)"
    }
}

$cut = $dest.LastIndexOf('\')
$parent = $dest.Substring(0, $cut)
if ($parent -match '^[A-Za-z]:$') { $parent += '\' }
if ($cut -gt 2) { Invoke-PathStep -Path $parent -Step { New-WbDirectory -Path $parent } | Out-Null }
if ($exists -and $backup) {
    $result.backup_file = '{0}.{1}.{2}.bak' -f $dest, $PID, (Get-Date -Format 'yyyyMMdd-HHmmss')
    Invoke-PathStep -Path $result.backup_file -Step { Copy-WbFile -Source $dest -Destination $result.backup_file -Overwrite }
}
if ($null -ne $inline) {
    Invoke-PathStep -Path $dest -Step { Write-WbFile -Path $dest -Data ([string]$inline) } | Out-Null
}
else {
    $move = @{ Key = [string]$staged; Destination = $dest; Sha256 = $wanted }
    Invoke-PathStep -Path $dest -Step { Move-WbStagedFile @move } | Out-Null
}
$result.checksum = [string](Invoke-PathStep -Path $dest -Step { Get-WbFileHash -Path $dest -Algorithm 'sha1' })
$result
