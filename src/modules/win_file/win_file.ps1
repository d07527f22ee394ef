# win_file: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (files verbs). state: file (must exist), directory (created with
# its parents), absent (removed recursively), touch (created, or its last write time set to now; always changed).
# Errors keep Windows' own words.
# uses: ../module-utils/path-error.ps1
# uses: ../module-utils/module-fail.ps1
Set-StrictMode -Version 2.0

$pathArg = [string](Get-ModuleArg -Name 'path' -Default (Get-ModuleArg -Name 'dest' -Default (Get-ModuleArg -Name 'name')))
$path = Invoke-PathStep -Path $pathArg -Step { Resolve-WbPath -Path $pathArg }
$state = Get-ModuleArg -Name 'state'
$item = Invoke-PathStep -Path $path -Step { Get-WbItem -Path $path }
$before = 'absent'
if ($null -ne $item) { $before = [string]$item.Type }
$after = $before
$changed = $false

switch ($state) {
    'absent' {
        if ($before -ne 'absent') {
            $changed = $true
            $after = 'absent'
            # ansible.windows.win_file FailJsons a failed removal or directory creation: a clean failure.
            if (-not $CheckMode) {
                try { Invoke-PathStep -Path $path -Step { Remove-WbItem -Path $path } | Out-Null }
                catch { Fail-WbModule -Message $_.Exception.Message }
            }
        }
    }
    'directory' {
        if ($before -eq 'file') { Fail-WbModule -Message "path $path is not a directory" }
        if ($before -eq 'absent') {
            $changed = $true
            $after = 'directory'
            # ansible.windows.win_file FailJsons a failed removal or directory creation: a clean failure.
            if (-not $CheckMode) {
                try { Invoke-PathStep -Path $path -Step { New-WbDirectory -Path $path } | Out-Null }
                catch { Fail-WbModule -Message $_.Exception.Message }
            }
        }
    }
    'touch' {
        $changed = $true
        if ($before -eq 'absent') { $after = 'file' }
        if (-not $CheckMode) {
            if ($before -eq 'absent') { Invoke-PathStep -Path $path -Step { Write-WbFile -Path $path -Data '' } | Out-Null }
            else { Invoke-PathStep -Path $path -Step { Set-WbFileTime -Path $path } }
        }
    }
    default {
        if ($before -eq 'absent') { Fail-WbModule -Message "path $path will not be created" }
        if ($state -eq 'file' -and $before -eq 'directory') { Fail-WbModule -Message "path $path is not a file" }
    }
}

# 1.14's result is `changed` alone (its RETURN block is empty); the path is in the diff.
$result = @{ changed = $changed }
if ($DiffMode) {
    $result.diff = @{ before = @{ path = $path; state = $before }; after = @{ path = $path; state = $after } }
}
$result
