# win_shell: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Runs the text in a new powershell.exe (default, via -EncodedCommand so no quoting can
# break it) or in cmd.exe /c (executable: cmd), with creates/removes, chdir and stdin, in Ansible's result shape.
Set-StrictMode -Version 2.0

$cmd = [string](Get-ModuleArg -Name 'cmd' -Default (Get-ModuleArg -Name '_raw_params' -Default ''))
$executable = [string](Get-ModuleArg -Name 'executable' -Default 'powershell')
$creates = Get-ModuleArg -Name 'creates'
$removes = Get-ModuleArg -Name 'removes'
$chdir = Get-ModuleArg -Name 'chdir'
$stdin = Get-ModuleArg -Name 'stdin'

if ($null -ne $creates -and (Test-Path -Path ([Environment]::ExpandEnvironmentVariables($creates)))) {
    return @{ changed = $false; skipped = $true; cmd = $cmd; rc = 0; msg = "skipped, since $creates exists" }
}
if ($null -ne $removes -and -not (Test-Path -Path ([Environment]::ExpandEnvironmentVariables($removes)))) {
    return @{ changed = $false; skipped = $true; cmd = $cmd; rc = 0; msg = "skipped, since $removes does not exist" }
}
if ($CheckMode) { return @{ changed = $true; cmd = $cmd; rc = 0; msg = 'Command would have run if not in check mode' } }

if ($executable -match '(^|\\)cmd(\.exe)?$') {
    $fileName = Join-Path -Path $env:SystemRoot -ChildPath 'System32\cmd.exe'
    $processArgs = "/c $cmd"
}
else {
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($cmd))
    $fileName = Join-Path -Path $env:SystemRoot -ChildPath 'System32\WindowsPowerShell\v1.0\powershell.exe'
    $processArgs = "-NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand $encoded"
}
Invoke-ModuleProcess -FileName $fileName -Arguments $processArgs -Chdir $chdir -Stdin $stdin -Cmd $cmd
