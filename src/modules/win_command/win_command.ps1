# win_command: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (processes and files verbs). Runs an executable directly (no
# cmd.exe, no PowerShell parsing of the line): argv is quoted with the Win32 rules, creates/removes decide whether it
# runs, stdin is written then closed. The façade waits for the process; nothing is left running.
# uses: ../module-utils/command-result.ps1
# uses: ../module-utils/module-fail.ps1
Set-StrictMode -Version 2.0

function ConvertTo-ArgumentText {
    param([AllowEmptyString()][string]$Argument)
    # The inverse of CommandLineToArgvW: quote when needed, double backslashes before a quote or the end.
    if ($Argument -ne '' -and $Argument -notmatch '[\s"]') { return $Argument }
    '"' + ($Argument -replace '(\\*)"', '$1$1\"' -replace '(\\+)$', '$1$1') + '"'
}

# The program (first token, as CreateProcess reads lpCommandLine) and the rest of the line.
function Split-CommandLine {
    param([string]$Line)
    if ($Line -match '^\s*"([^"]*)"\s*(.*)$') { return [pscustomobject]@{ Program = $Matches[1]; Arguments = $Matches[2] } }
    $parts = @($Line.Trim() -split '\s+', 2)
    $rest = ''
    if ($parts.Count -gt 1) { $rest = $parts[1] }
    [pscustomobject]@{ Program = $parts[0]; Arguments = $rest }
}

if (Test-ModuleArg -Name 'argv') { $cmd = (@(Get-ModuleArg -Name 'argv') | ForEach-Object { ConvertTo-ArgumentText -Argument ([string]$_) }) -join ' ' }
else { $cmd = [string](Get-ModuleArg -Name 'cmd' -Default (Get-ModuleArg -Name '_raw_params' -Default '')) }

$skip = Test-CommandGuard -Cmd $cmd
if ($null -ne $skip) { return $skip }
if ($CheckMode) { return @{ changed = $true; cmd = $cmd; rc = 0; msg = 'Command would have run if not in check mode' } }

$line = Split-CommandLine -Line $cmd
$program = [string]$line.Program
$arguments = [string]$line.Arguments
$exe = Find-WbProgram -Name $program
if ($null -eq $exe) {
    $shown = $program
    if ($shown -notmatch '\.[^\\.]+$') { $shown = "$shown.exe" }
    Fail-WbModule -Result @{ rc = 2 } -Message "Exception calling `"SearchPath`" with `"1`" argument(s): `"Could not find file '$shown'.`""
}

$run = @{ FilePath = $exe; CommandLine = $arguments }
if (Test-ModuleArg -Name 'chdir') { $run.WorkingDirectory = [string](Get-ModuleArg -Name 'chdir') }
if (Test-ModuleArg -Name 'stdin') { $run.Stdin = [string](Get-ModuleArg -Name 'stdin') }
ConvertTo-CommandResult -Run (Invoke-CommandProcess -Run $run) -Cmd $cmd
