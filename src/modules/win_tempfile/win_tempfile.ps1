# win_tempfile: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (files verbs). Creates a file or folder named
# PREFIX + [IO.Path]::GetRandomFileName() + SUFFIX under path (default %TEMP% of the agent's account), as
# ansible.windows.win_tempfile does: always changed, `path` is the full path; in check mode nothing is created and
# the path is the one that would have been tried. A name that already exists is never reused: up to five random
# names are tried before the module fails with the last error.
# uses: ../module-utils/path-error.ps1
# uses: ../module-utils/module-fail.ps1
Set-StrictMode -Version 2.0

$dirArg = [string](Get-ModuleArg -Name 'path' -Default (Get-ModuleArg -Name 'dest' -Default '%TEMP%'))
$state = [string](Get-ModuleArg -Name 'state' -Default 'file')
# Ansible expands environment variables in prefix and suffix too (they are not path options).
$prefix = [string](Get-ModuleArg -Name 'prefix' -Default 'ansible.')
$suffix = [string](Get-ModuleArg -Name 'suffix' -Default '')
if ($prefix -match '%') { $prefix = Expand-WbEnvironmentString -Text $prefix }
if ($suffix -match '%') { $suffix = Expand-WbEnvironmentString -Text $suffix }

$dir = Invoke-PathStep -Path $dirArg -Step { Resolve-WbPath -Path $dirArg }
$created = $null
$lastError = $null
$attempt = 0
while ($null -eq $created -and $attempt -lt 5) {
    $attempt += 1
    $candidate = Invoke-PathStep -Path $dirArg -Step { Resolve-WbPath -Path ($dir.TrimEnd('\') + '\' + $prefix + [IO.Path]::GetRandomFileName() + $suffix) }
    if ($CheckMode) {
        # New-Item -WhatIf checks nothing on the disk: the path is only computed.
        $created = $candidate
        break
    }
    try {
        $parent = Invoke-PathStep -Path $dir -Step { Get-WbItem -Path $dir }
        if ($null -eq $parent -or [string]$parent.Type -ne 'directory') { throw "Could not find a part of the path '$candidate'." }
        if ($null -ne (Invoke-PathStep -Path $candidate -Step { Get-WbItem -Path $candidate })) { throw "The file '$candidate' already exists." }
        if ($state -eq 'directory') { Invoke-PathStep -Path $candidate -Step { New-WbDirectory -Path $candidate } | Out-Null }
        else { Invoke-PathStep -Path $candidate -Step { Write-WbFile -Path $candidate -Data '' } | Out-Null }
        $created = $candidate
    }
    catch { $lastError = $_ }
}
if ($null -eq $created) {
    Fail-WbModule -Message "No random temporary file worked in $attempt attempts. Error: $($lastError.Exception.Message)"
}
@{ changed = $true; state = $state; path = $created }
