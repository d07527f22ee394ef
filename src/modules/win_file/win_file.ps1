# win_file: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. state: file (must exist), directory (created with its parents), absent (removed
# recursively), touch (created, or its LastWriteTime set to now). Errors keep Windows' own messages.
Set-StrictMode -Version 2.0

function Get-PathState {
    param([string]$LiteralPath)
    $item = Get-Item -LiteralPath $LiteralPath -Force -ErrorAction SilentlyContinue
    if ($null -eq $item) { return 'absent' }
    if ($item.PSIsContainer) { return 'directory' }
    return 'file'
}

$path = [Environment]::ExpandEnvironmentVariables([string](Get-ModuleArg -Name 'path'))
$state = Get-ModuleArg -Name 'state'
$before = Get-PathState -LiteralPath $path
$after = $before
$changed = $false

switch ($state) {
    'absent' {
        if ($before -ne 'absent') {
            $changed = $true
            $after = 'absent'
            if (-not $CheckMode) { Remove-Item -LiteralPath $path -Recurse -Force }
        }
    }
    'directory' {
        if ($before -eq 'file') { throw "path $path is not a directory" }
        if ($before -eq 'absent') {
            $changed = $true
            $after = 'directory'
            if (-not $CheckMode) { New-Item -Path $path -ItemType Directory -Force | Out-Null }
        }
    }
    'touch' {
        $changed = $true
        if ($before -eq 'absent') { $after = 'file' }
        if (-not $CheckMode) {
            if ($before -eq 'absent') { New-Item -Path $path -ItemType File | Out-Null }
            else { (Get-Item -LiteralPath $path -Force).LastWriteTime = Get-Date }
        }
    }
    default {
        if ($before -eq 'absent') { throw "path $path will not be created" }
        if ($state -eq 'file' -and $before -eq 'directory') { throw "path $path exists but is not a file" }
    }
}

$result = @{ changed = $changed; path = $path }
if ($DiffMode) {
    $result.diff = @{ before = @{ path = $path; state = $before }; after = @{ path = $path; state = $after } }
}
$result
