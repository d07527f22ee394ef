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

$psi = New-Object System.Diagnostics.ProcessStartInfo
if ($executable -match '(^|\\)cmd(\.exe)?$') {
    $psi.FileName = Join-Path -Path $env:SystemRoot -ChildPath 'System32\cmd.exe'
    $psi.Arguments = "/c $cmd"
}
else {
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($cmd))
    $psi.FileName = Join-Path -Path $env:SystemRoot -ChildPath 'System32\WindowsPowerShell\v1.0\powershell.exe'
    $psi.Arguments = "-NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand $encoded"
}
$psi.UseShellExecute = $false
$psi.RedirectStandardOutput = $true
$psi.RedirectStandardError = $true
$psi.RedirectStandardInput = $true
$psi.CreateNoWindow = $true
if ($null -ne $chdir) { $psi.WorkingDirectory = [Environment]::ExpandEnvironmentVariables($chdir) }

$start = Get-Date
$proc = [System.Diagnostics.Process]::Start($psi)
# Read both streams asynchronously so a chatty stderr cannot fill its pipe and deadlock the child.
$errTask = $proc.StandardError.ReadToEndAsync()
if ($null -ne $stdin) { $proc.StandardInput.Write([string]$stdin) }
$proc.StandardInput.Close()
$stdout = $proc.StandardOutput.ReadToEnd()
$stderr = $errTask.Result
$proc.WaitForExit()
$end = Get-Date

$result = @{
    changed      = $true
    cmd          = $cmd
    rc           = $proc.ExitCode
    stdout       = $stdout
    stderr       = $stderr
    stdout_lines = @($stdout -split '\r?\n' | Where-Object { $_ -ne '' })
    stderr_lines = @($stderr -split '\r?\n' | Where-Object { $_ -ne '' })
    start        = $start.ToString('yyyy-MM-dd HH:mm:ss.ffffff')
    end          = $end.ToString('yyyy-MM-dd HH:mm:ss.ffffff')
    delta        = ($end - $start).ToString()
}
if ($proc.ExitCode -ne 0) {
    $result.failed = $true
    $result.msg = 'non-zero return code'
}
$result
