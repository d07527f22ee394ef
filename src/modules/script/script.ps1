# script (ansible.builtin.script on a Windows host), the host side: the body of the agent's scriptblock
# param($ModuleArgs, $CheckMode, $DiffMode). Windows PowerShell 5.1. In the action plugin's order: creates, removes,
# chdir must be absolute, the script must have been found on the controller, check mode; then the .ps1 runs as
# Ansible's module_script_wrapper runs it (`& script.ps1 ARGS; exit $LASTEXITCODE` in a new runspace of the
# PowerShell process, Write-Host redefined as Write-Output): stdout is the output joined with CRLF, stderr each error
# record as Format-AnsibleException writes it, rc the script's `exit` code (1 when it wrote errors and set none).
# The script text arrives with the request and runs as a script block in a runspace made from the agent's own
# session state (as win_powershell does), so in the simulator it has the same restrictions.
# uses: ../module-utils/module-fail.ps1
Set-StrictMode -Version 2.0

function Test-RemotePath {
    param([string]$Path)
    try { return ($null -ne (Get-WbItem -Path $Path)) }
    catch { return $false }
}

$creates = [string](Get-ModuleArg -Name 'creates' -Default '')
$removes = [string](Get-ModuleArg -Name 'removes' -Default '')
$chdir = [string](Get-ModuleArg -Name 'chdir' -Default '')
if ($creates -and (Test-RemotePath -Path $creates)) { return @{ changed = $false; skipped = $true; msg = "$creates exists, matching creates option" } }
if ($removes -and -not (Test-RemotePath -Path $removes)) { return @{ changed = $false; skipped = $true; msg = "$removes does not exist, matching removes option" } }
if ($chdir -and $chdir -notmatch '^(?:[a-zA-Z]\:)?(\\|\/)') { return @{ changed = $false; failed = $true; msg = "chdir $chdir must be an absolute path for a Windows remote node" } }
$missing = Get-ModuleArg -Name '_missing'
if ($null -ne $missing) { return @{ changed = $false; failed = $true; msg = [string]$missing } }
if ($CheckMode) {
    # Ansible: with creates/removes the task would have run (changed); without them it cannot tell, so it skips.
    if ($creates -or $removes) { return @{ changed = $true } }
    return @{ changed = $false; skipped = $true; msg = 'Check mode is not supported for this task.' }
}

$text = [string](Get-ModuleArg -Name '_script')
$arguments = [string](Get-ModuleArg -Name '_arguments' -Default '')
# Console writes bypass the runspace's streams: the module could not return them, so say so instead.
if ($text -match '\[(System\.)?Console\]::(Write|Error|Out)') {
    return @{ changed = $false; failed = $true; msg = 'winbook runs the script in a runspace of the agent process and cannot capture its [Console] writes into stdout/stderr; use Write-Output, Write-Host or Write-Error' }
}

# `exit N` ends a script file with $LASTEXITCODE = N. A script block has no such exit (it would end the runspace's
# whole pipeline and lose the code), so each exit statement becomes: remember N, then stop with a marker error.
$marker = 'winbook-script-exit-' + [guid]::NewGuid().ToString('N')
$parseErrors = $null
$ast = [Management.Automation.Language.Parser]::ParseInput($text, [ref]$null, [ref]$parseErrors)
$exits = @($ast.FindAll({ param($a) $a -is [Management.Automation.Language.ExitStatementAst] }, $true) | Sort-Object { $_.Extent.StartOffset } -Descending)
foreach ($e in $exits) {
    $code = '0'
    if ($null -ne $e.Pipeline) { $code = $e.Pipeline.Extent.Text }
    $replacement = "`$global:__WbExitCode = [int]($code); throw '$marker'"
    $text = $text.Substring(0, $e.Extent.StartOffset) + $replacement + $text.Substring($e.Extent.EndOffset)
}

$rs = [runspacefactory]::CreateRunspace([runspace]::DefaultRunspace.InitialSessionState)
$ps = $null
$output = $null
$crashed = $null
try {
    $rs.Open()
    $rs.SessionStateProxy.SetVariable('__WbScriptText', $text)
    if ($chdir) {
        try { $null = $rs.SessionStateProxy.Path.SetLocation($chdir) }
        catch { Fail-WbModule -Result @{ changed = $false } -Message ("winbook could not set the script's location to '$chdir': " + $_.Exception.GetBaseException().Message) }
    }
    $ps = [powershell]::Create()
    $ps.Runspace = $rs
    # As module_wrapper.ps1: Write-Host goes to the output.
    [void]$ps.AddScript('Function Write-Host($msg) { Write-Output -InputObject $msg }').AddStatement()
    $wrapper = "try { & ([scriptblock]::Create(`$__WbScriptText)) $arguments } catch { if (`$_.Exception.Message -ne '$marker') { throw } }"
    [void]$ps.AddScript($wrapper)
    try { $output = $ps.Invoke() }
    catch {
        $crashed = $_
        $inner = $_.Exception
        while (($inner -is [Management.Automation.MethodInvocationException] -or $inner -is [Reflection.TargetInvocationException]) -and $null -ne $inner.InnerException) { $inner = $inner.InnerException }
        if ($inner -is [Management.Automation.IContainsErrorRecord]) { $crashed = $inner.ErrorRecord }
    }
    $exitCode = $rs.SessionStateProxy.GetVariable('__WbExitCode')
}
catch {
    if ($null -ne $_.Exception.Data['WbFail']) { throw }
    Fail-WbModule -Result @{ changed = $false } -Message ("winbook could not run the script: " + $_.Exception.Message)
}
finally { $rs.Dispose() }

# Format-AnsibleException (exec_wrapper.ps1): the record, its position, category and id, then the script stack.
function Format-ScriptError {
    param($Record)
    $text = "$($Record.ToString())`n$($Record.InvocationInfo.PositionMessage)`n    + CategoryInfo          : $($Record.CategoryInfo.ToString())`n    + FullyQualifiedErrorId : $($Record.FullyQualifiedErrorId)"
    $text += "`r`n`r`nScriptStackTrace:`r`n$($Record.ScriptStackTrace)`r`n"
    if ($null -ne $Record.Exception.StackTrace) { $text += "`r`n$($Record.Exception.ToString())" }
    $text
}

if ($null -ne $crashed) {
    # A terminating error: module_wrapper.ps1 writes Write-AnsibleError's JSON to stdout and exits 1.
    $json = ConvertTo-Json -Compress -Depth 3 -InputObject ([ordered]@{
            msg = "Unhandled exception while executing module: $($crashed.Exception.Message)"
            failed = $true
            exception = (Format-ScriptError -Record $crashed)
        })
    return @{ rc = 1; stdout = $json + "`r`n"; stderr = '' }
}

$stdout = ''
if ($output.Count -gt 0) { $stdout = ((@($output) | ForEach-Object { [string]$_ }) -join "`r`n") + "`r`n" }
$stderr = ''
foreach ($er in $ps.Streams.Error) { $stderr += (Format-ScriptError -Record $er) + "`r`n" }
$rc = 0
if ($null -ne $exitCode) { $rc = [int]$exitCode }
elseif ($ps.HadErrors) { $rc = 1 }
@{ rc = $rc; stdout = $stdout; stderr = $stderr }
