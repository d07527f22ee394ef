# win_shell: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (processes and files verbs). Runs the text in a new powershell.exe
# (default, via -EncodedCommand so no quoting can break it; its CLIXML error stream comes back as text) or in
# cmd.exe /c (executable: cmd), with creates/removes, chdir and stdin, in Ansible's result shape.
# uses: ../module-utils/command-result.ps1
Set-StrictMode -Version 2.0

$cmd = [string](Get-ModuleArg -Name 'cmd' -Default (Get-ModuleArg -Name '_raw_params' -Default ''))
$executable = [string](Get-ModuleArg -Name 'executable' -Default 'powershell')

$skip = Test-CommandGuard -Cmd $cmd
if ($null -ne $skip) { return $skip }

if ($executable -match '(^|\\)cmd(\.exe)?$') {
    $run = @{ FilePath = '%SystemRoot%\System32\cmd.exe'; CommandLine = "/c $cmd" }
}
else {
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($cmd))
    $run = @{ FilePath = '%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe'; ArgumentList = @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', $encoded) }
}
if (Test-ModuleArg -Name 'chdir') { $run.WorkingDirectory = [string](Get-ModuleArg -Name 'chdir') }
if (Test-ModuleArg -Name 'stdin') { $run.Stdin = [string](Get-ModuleArg -Name 'stdin') }
ConvertTo-CommandResult -Run (Invoke-CommandProcess -Run $run) -Cmd $cmd
