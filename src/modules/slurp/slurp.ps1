# slurp: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (files verbs). Returns a file's bytes as base64, as
# ansible.windows' slurp does on Windows (`content`, `encoding: base64`; that module returns no `source`). The whole
# file travels in one result line, so files above 16 MiB are refused rather than stall the agent.
# uses: ../module-utils/path-error.ps1
Set-StrictMode -Version 2.0

$srcArg = [string](Get-ModuleArg -Name 'src' -Default (Get-ModuleArg -Name 'path'))
# Ansible's `path` options expand environment variables only; its messages show the path that way.
$src = Expand-WbEnvironmentString -Text $srcArg
$full = Invoke-PathStep -Path $src -Step { Resolve-WbPath -Path $src }
$item = Invoke-PathStep -Path $src -Step { Get-WbItem -Path $full }
if ($null -eq $item) { return @{ changed = $false; failed = $true; msg = "Path $src is not found" } }
if ([string]$item.Type -eq 'directory') { return @{ changed = $false; failed = $true; msg = "Path $src is a directory" } }
$limit = [long]16777216
if ([long]$item.Size -gt $limit) {
    return @{ changed = $false; failed = $true; msg = "Path $src is $($item.Size) bytes; slurp returns a file in one result and winbook refuses files over 16 MiB (use win_stat with get_checksum to compare large files)" }
}
$content = Invoke-PathStep -Path $src -Step { Read-WbFile -Path $full -MaxBytes $limit }
@{ changed = $false; content = [string]$content; encoding = 'base64' }
