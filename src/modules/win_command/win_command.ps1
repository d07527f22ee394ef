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

# 1.14 (win_command.ps1:129): `$module.FailJson("Failed to run: '$rawCmdLine': $($_.Exception.Message)", $_)` with rc
# the NativeErrorCode found down the exception's InnerException chain, else 2. What its Start-AnsibleWindowsProcess
# (module_utils/Process.psm1) throws: Write-Error "Could not find specified -WorkingDirectory '…'" for a missing
# chdir, else CreateProcessW's failure from ProcessUtil.CreateProcess (module_utils/Process.cs: "{0} ({1}, Win32ErrorCode
# {2} - 0x{2:X8})", the message as .NET Framework's Win32Exception words it, without the final period), which reaches
# the module wrapped by PowerShell's method call.
function Stop-CommandStart {
    param([string]$Text, [int]$Rc)
    Fail-WbModule -Result @{ changed = $false; cmd = $cmd; rc = $Rc } -Message "Failed to run: '$cmd': $Text"
}

function Stop-CreateProcess {
    param([int]$Code, [string]$WindowsText)
    $text = $WindowsText.TrimEnd(" `t`r`n.".ToCharArray())
    $detail = 'CreateProcessW() failed ({0}, Win32ErrorCode {1} - 0x{1:X8})' -f $text, $Code
    Stop-CommandStart -Rc $Code -Text ('Exception calling "CreateProcess" with "7" argument(s): "{0}"' -f $detail)
}

if (Test-ModuleArg -Name 'argv') { $cmd = (@(Get-ModuleArg -Name 'argv') | ForEach-Object { ConvertTo-ArgumentText -Argument ([string]$_) }) -join ' ' }
elseif (Test-ModuleArg -Name 'cmd') { $cmd = [string](Get-ModuleArg -Name 'cmd') }
# 1.14: `$module.Params._raw_params.Trim()`.
else { $cmd = ([string](Get-ModuleArg -Name '_raw_params' -Default '')).Trim() }

$skip = Test-CommandGuard -Cmd $cmd
if ($null -ne $skip) { return $skip }

$line = Split-CommandLine -Line $cmd
$program = [string]$line.Program
$arguments = [string]$line.Arguments
$run = @{ CommandLine = $arguments }
if (Test-ModuleArg -Name 'chdir') {
    $chdir = [string](Get-ModuleArg -Name 'chdir')
    # Process.psm1 checks the folder with Test-Path before anything else (a file passes; CreateProcess then refuses it).
    $found = $null
    try { $found = Get-WbItem -Path $chdir } catch [ComponentModel.Win32Exception] { $found = $null }
    if ($null -eq $found) { Stop-CommandStart -Rc 2 -Text "Could not find specified -WorkingDirectory '$chdir'" }
    $run.WorkingDirectory = $chdir
}
$exe = Find-WbProgram -Name $program
# Not found: 1.14 hands CreateProcessW the name as given (Resolve-ExecutablePath "hopes for the best"), which fails with 2.
if ($null -eq $exe) { Stop-CreateProcess -Code 2 -WindowsText 'The system cannot find the file specified.' }
$run.FilePath = $exe
if (Test-ModuleArg -Name 'stdin') { $run.Stdin = [string](Get-ModuleArg -Name 'stdin') }
try { $ran = Invoke-WbProcess @run }
catch {
    $w = $_.Exception
    while ($null -ne $w -and $w -isnot [ComponentModel.Win32Exception]) { $w = $w.InnerException }
    if ($null -eq $w) { Stop-CommandStart -Rc 2 -Text $_.Exception.Message }
    Stop-CreateProcess -Code $w.NativeErrorCode -WindowsText $w.Message
}
ConvertTo-CommandResult -Run $ran -Cmd $cmd
