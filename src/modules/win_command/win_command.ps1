# win_command: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Runs an executable directly (no cmd.exe, no PowerShell parsing of the line): argv is
# quoted with the Win32 rules, creates/removes decide whether it runs, stdin is written then closed. The agent
# waits for the process; nothing is left running.
Set-StrictMode -Version 2.0

function ConvertTo-ArgumentText {
    param([string]$Argument)
    # The inverse of CommandLineToArgvW: quote when needed, double backslashes before a quote or the end.
    if ($Argument -ne '' -and $Argument -notmatch '[\s"]') { return $Argument }
    '"' + ($Argument -replace '(\\*)"', '$1$1\"' -replace '(\\+)$', '$1$1') + '"'
}

function Split-CommandLine {
    param([string]$Line)
    if ($Line -match '^\s*"([^"]*)"\s*(.*)$') { return @($Matches[1], $Matches[2]) }
    $parts = $Line.Trim() -split '\s+', 2
    if ($parts.Count -eq 1) { return @($parts[0], '') }
    return $parts
}

$argv = Get-ModuleArg -Name 'argv'
$cmd = [string](Get-ModuleArg -Name 'cmd' -Default (Get-ModuleArg -Name '_raw_params' -Default ''))
if ($null -ne $argv) { $cmd = (@($argv) | ForEach-Object { ConvertTo-ArgumentText -Argument ([string]$_) }) -join ' ' }
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

$program, $arguments = Split-CommandLine -Line $cmd
$exe = $program
if (-not [IO.Path]::IsPathRooted($program)) {
    $found = Get-Command -Name $program -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $found) { throw "Exception calling `"SearchPath`" with `"1`" argument(s): `"Could not find file '$program.exe'.`"" }
    $exe = $found.Source
}

Invoke-ModuleProcess -FileName $exe -Arguments $arguments -Chdir $chdir -Stdin $stdin -Cmd $cmd
