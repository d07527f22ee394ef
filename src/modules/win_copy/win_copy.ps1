# win_copy (and win_template): the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. The controller sends `checksum` (SHA-256 of the wanted content) and either `_content`
# (small, base64) or `_staged` (an upload key, docs/agent.md "Uploads"). The destination is compared first, so
# unchanged content is never sent; staged bytes are checked against the SHA-256 before they replace anything.
Set-StrictMode -Version 2.0

function Get-Sha {
    param([string]$LiteralPath, [string]$Algorithm)
    (Get-FileHash -LiteralPath $LiteralPath -Algorithm $Algorithm).Hash.ToLowerInvariant()
}

$destArg = [string](Get-ModuleArg -Name 'dest')
$dest = [Environment]::ExpandEnvironmentVariables($destArg)
$wanted = [string](Get-ModuleArg -Name 'checksum')
$size = [long](Get-ModuleArg -Name 'size' -Default 0)
$force = [bool](Get-ModuleArg -Name 'force' -Default $true)
$backup = [bool](Get-ModuleArg -Name 'backup' -Default $false)
$inline = Get-ModuleArg -Name '_content'
$staged = Get-ModuleArg -Name '_staged'
$basename = Get-ModuleArg -Name '_original_basename'
$diffText = Get-ModuleArg -Name '_diff_text'

if ($destArg.EndsWith('\') -or $destArg.EndsWith('/') -or (Test-Path -LiteralPath $dest -PathType Container)) {
    if (-not $basename) { throw 'dest must be a file if content is defined' }
    $dest = Join-Path -Path $dest -ChildPath $basename
}
if (-not $basename) { $basename = Split-Path -Path $dest -Leaf }

$exists = Test-Path -LiteralPath $dest -PathType Leaf
if (Test-Path -LiteralPath $dest -PathType Container) { throw "Access to the path '$dest' is denied." }
$before = $null
if ($exists) { $before = Get-Sha -LiteralPath $dest -Algorithm SHA256 }

$result = @{ changed = $false; dest = $dest; size = $size; sha256 = $wanted; original_basename = $basename; operation = 'file_copy' }
if ($exists -and (-not $force -or $before -eq $wanted)) {
    $result.checksum = Get-Sha -LiteralPath $dest -Algorithm SHA1
    return $result
}

if ($DiffMode) {
    $beforeShown = ''
    if ($null -ne $diffText -and $exists) { $beforeShown = [IO.File]::ReadAllText($dest) }
    elseif ($exists) { $beforeShown = "sha256: $before" }
    $afterShown = "sha256: $wanted"
    if ($null -ne $diffText) { $afterShown = $diffText }
    $result.diff = @{ before = $beforeShown; after = $afterShown }
}
$result.changed = $true
if ($CheckMode) { return $result }

$part = $null
if ($null -ne $inline) {
    $bytes = [Convert]::FromBase64String([string]$inline)
}
else {
    $part = Join-Path -Path $env:TEMP -ChildPath "winbook-upload-$staged.part"
    if (-not (Test-Path -LiteralPath $part -PathType Leaf)) { return @{ changed = $false; _winbook_upload = 'needed' } }
    $got = Get-Sha -LiteralPath $part -Algorithm SHA256
    if ($got -ne $wanted) {
        $arrived = (Get-Item -LiteralPath $part).Length
        Remove-Item -LiteralPath $part -Force
        throw "the uploaded content failed its SHA-256 check: expected $wanted, got $got ($arrived of $size bytes arrived)"
    }
}

$parent = Split-Path -Path $dest -Parent
if ($parent -and -not (Test-Path -LiteralPath $parent -PathType Container)) {
    New-Item -Path $parent -ItemType Directory -Force | Out-Null
}
if ($exists -and $backup) {
    $result.backup_file = '{0}.{1}.{2}.bak' -f $dest, $PID, (Get-Date -Format 'yyyyMMdd-HHmmss')
    Copy-Item -LiteralPath $dest -Destination $result.backup_file -Force
}
if ($null -ne $part) {
    # Copy, not Move: a new file takes the destination folder's inherited ACL instead of the temp folder's.
    [IO.File]::Copy($part, $dest, $true)
    Remove-Item -LiteralPath $part -Force
}
else {
    [IO.File]::WriteAllBytes($dest, $bytes)
}
$result.checksum = Get-Sha -LiteralPath $dest -Algorithm SHA1
$result
