# A user's PowerShell script on a simulated host: what powershell.exe -EncodedCommand runs when the text is not the
# agent's bootstrap (Ansible's `raw` over WinRM sends every raw line this way). Started by user-script-process.ts in
# a session of the pwsh worker; __SID__, __SCRIPT__, __CWD__ and __ALIASES__ are filled in there.
# The script runs in a runspace of its own made from the session's InitialSessionState (a user's, with whatever
# Windows cmdlets and providers the simulator has), with 5.1's aliases, and with native programs routed to the host
# model (PreCommandLookupAction: a name that is no alias, function or cmdlet and that the host can find as a program
# runs there). Output is formatted as the console host formats it; errors go back as fields for ps51-error-text.ts.
param($Out, $Err)
$ErrorActionPreference = 'Stop'
$sid = '__SID__'
$text = [WinbookSim.Wire]::Text('__SCRIPT__')
$cwd = [WinbookSim.Wire]::Text('__CWD__')
$aliases = [WinbookSim.Wire]::Text('__ALIASES__')
$width = __WIDTH__
$okStatement = '$global:__wbOk = $?'

function Send-WbUser([string]$Verb, $Value) {
    [WinbookSim.Bridge]::Call($sid, $Verb, (ConvertTo-Json -InputObject $Value -Depth 6 -Compress))
}

# An extent's fields (InvocationInfo keeps its extent in the non-public ScriptPosition).
function Get-WbPosition($Extent) {
    if ($null -eq $Extent -or $Extent.StartLineNumber -lt 1) { return $null }
    @{ line = $Extent.StartLineNumber; col = $Extent.StartColumnNumber; endLine = $Extent.EndLineNumber; endCol = $Extent.EndColumnNumber; text = [string]$Extent.StartScriptPosition.Line }
}

# An error record as the fields 5.1's ErrorRecord view reads.
function ConvertTo-WbError($R) {
    $inv = $R.InvocationInfo
    $prefix = ''
    $named = $R.PSObject.Properties['WbCommand']
    if ($named) { $prefix = [string]$named.Value + ' : ' }
    elseif ($inv -and $inv.MyCommand) {
        switch ([string]$inv.MyCommand.CommandType) {
            'ExternalScript' { if ($inv.MyCommand.Path) { $prefix = $inv.MyCommand.Path + ' : ' } }
            'Script' { if ($inv.MyCommand.ScriptBlock) { $prefix = $inv.MyCommand.ScriptBlock.ToString() + ' : ' } }
            default {
                if ($inv.InvocationName -match '^[&\.]?$') { if ($inv.MyCommand.Name) { $prefix = $inv.MyCommand.Name + ' : ' } }
                else { $prefix = $inv.InvocationName + ' : ' }
            }
        }
    }
    elseif ($inv -and $inv.InvocationName) { $prefix = $inv.InvocationName + ' : ' }
    # The statement the driver adds after the script (below) is no part of what the user sent.
    $prefix = $prefix.Replace("`n" + $okStatement, '')
    $extent = $null
    if ($inv) { $extent = $inv.GetType().GetProperty('ScriptPosition', [Reflection.BindingFlags]'NonPublic,Public,Instance').GetValue($inv) }
    $message = $R.Exception.Message
    if ($R.ErrorDetails -and $R.ErrorDetails.Message) { $message = $R.ErrorDetails.Message }
    # A native command's records are written by the script block that stands for the program, whose name pwsh adds
    # to the id ("NativeCommandError,LookupHandlerReplacementFor<<net>>"); 5.1 shows the bare id.
    $fqid = $R.FullyQualifiedErrorId -replace ',LookupHandlerReplacementFor<<.*>>$', ''
    $category = $R.CategoryInfo.ToString()
    # Write-Error, which writes them, names itself as their activity; 5.1's native records have none.
    if ($fqid -like 'NativeCommandError*') { $category = $category.Replace('[Write-Error]', '[]') }
    @{ prefix = $prefix; message = $message; fqid = $fqid; category = $category; position = (Get-WbPosition $extent) }
}

# 5.1 parses the whole text first: a parse error runs nothing and is the process's only output (exit code 1).
$tokens = $null
$parseErrors = $null
[void][System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$parseErrors)
if ($parseErrors.Count -gt 0) {
    $list = @(foreach ($p in $parseErrors) { @{ message = $p.Message; id = $p.ErrorId; position = (Get-WbPosition $p.Extent) } })
    [void](Send-WbUser 'WbUser.ParseError' @{ errors = $list })
    exit 1
}

# The user layer's session state already has 5.1's aliases for the commands it has (user-layer.ts).
$iss = [runspace]::DefaultRunspace.InitialSessionState.Clone()
$userHost = New-Object WinbookSim.ExitHost
$rs = [runspacefactory]::CreateRunspace($userHost, $iss)
$rs.Open()

$setup = @'
param($Sid, $Cwd, $Ps51Aliases)
try { if ($Cwd) { [void]$ExecutionContext.SessionState.Path.SetLocation($Cwd) } } catch { }
$global:__wbSid = $Sid
$global:__wbAliases = @{}
foreach ($n in $Ps51Aliases) { $global:__wbAliases[$n] = $true }
# A native program run on the host model: PowerShell's native-command semantics (output lines decoded by the host,
# $LASTEXITCODE; stderr straight to the process's stderr, or error records when the line redirects stream 2).
function global:__WbNative {
    param([string]$Path, $Inv, [object[]]$A, [object[]]$In)
    $words = @(foreach ($x in $A) { $s = "$x"; if ($s -eq '') { '""' } elseif ($s -match '\s' -and $s -notmatch '^".*"$') { '"' + $s + '"' } else { $s } })
    $stdin = ''
    if ($In.Count -gt 0) { $stdin = (@(foreach ($i in $In) { "$i" }) -join "`r`n") + "`r`n" }
    $req = '{"path":"' + [WinbookSim.Wire]::B64($Path) + '","args":"' + [WinbookSim.Wire]::B64(($words -join ' ')) + '","stdin":"' + [WinbookSim.Wire]::B64($stdin) + '"}'
    $r = ConvertFrom-Json -InputObject ([WinbookSim.Bridge]::Call($global:__wbSid, 'WbUser.RunProgram', $req))
    if ($r.failed) {
        throw (New-Object System.Management.Automation.ApplicationFailedException ("Program '" + $r.name + "' failed to run: " + $r.failed))
    }
    $global:LASTEXITCODE = [int]$r.rc
    $out = [WinbookSim.Wire]::Text($r.out)
    if ($out -ne '') {
        $lines = $out -split "`r?`n"
        if ($lines[-1] -eq '') { $lines = $lines[0..($lines.Count - 2)] }
        foreach ($l in $lines) { $l }
    }
    $err = [WinbookSim.Wire]::Text($r.err)
    if ($err -ne '') {
        $rest = $Inv.Line.Substring([Math]::Max(0, $Inv.OffsetInLine - 1))
        if ($rest -match '(^|[\s;|])(2|\*)>') {
            $lines = $err -split "`r?`n"
            if ($lines[-1] -eq '') { $lines = $lines[0..($lines.Count - 2)] }
            $first = $true
            # 5.1 names the program in the view: the name as called, or the file's name after & or .
            $shown = $Inv.InvocationName
            if ($shown -match '^[&\.]?$') { $shown = $Path.Substring($Path.LastIndexOf('\') + 1) }
            foreach ($l in $lines) {
                $id = 'NativeCommandErrorMessage'
                if ($first) { $id = 'NativeCommandError' }
                $rec = New-Object System.Management.Automation.ErrorRecord ((New-Object System.Management.Automation.RemoteException $l), $id, 'NotSpecified', $l)
                if ($first) { Add-Member -InputObject $rec -NotePropertyName WbCommand -NotePropertyValue $shown }
                $first = $false
                # Handed to the command's own script block, which writes it: the record then carries the native
                # command's invocation (its name and position), as 5.1's NativeCommandProcessor's records do.
                $rec
            }
        }
        else { [void][WinbookSim.Bridge]::Call($global:__wbSid, 'WbUser.Stderr', ('{"text":"' + [WinbookSim.Wire]::B64($err) + '"}')) }
    }
}
$ExecutionContext.InvokeCommand.PreCommandLookupAction = {
    param($Name, $E)
    if ($global:__wbLookup) { return }
    $global:__wbLookup = $true
    try {
        if ($global:__wbAliases.ContainsKey($Name)) { return }
        if ($ExecutionContext.InvokeCommand.GetCommand($Name, 'Alias,Function,Filter,Cmdlet,Configuration')) { return }
        $found = [WinbookSim.Bridge]::Call($global:__wbSid, 'WbUser.FindProgram', ('{"name":"' + [WinbookSim.Wire]::B64($Name) + '"}'))
        $path = [WinbookSim.Wire]::Text($found.Trim('"'))
        if ($path -eq '') { return }
        # A native command's failure sets $? to false for the statement that ran it: the engine reads that from the
        # calling pipeline's ExecutionFailed, which only a compiled command can set in public; the simulator sets it
        # by reflection (internal to pwsh 7, checked by test/integration/raw-powershell.test.ts).
        $E.CommandScriptBlock = [scriptblock]::Create(@"
foreach (`$wbO in (__WbNative '$($path.Replace("'", "''"))' `$MyInvocation `$args @(`$input))) { if (`$wbO -is [System.Management.Automation.ErrorRecord]) { Write-Error -ErrorRecord `$wbO } else { `$wbO } }
if (`$global:LASTEXITCODE -ne 0) {
`$wbF = [Reflection.BindingFlags]'NonPublic,Public,Instance'
`$wbC = `$ExecutionContext.GetType().GetField('_context', `$wbF).GetValue(`$ExecutionContext)
`$wbP = `$wbC.GetType().GetProperty('CurrentCommandProcessor', `$wbF).GetValue(`$wbC)
`$wbR = `$wbP.GetType().GetProperty('CommandRuntime', `$wbF).GetValue(`$wbP)
`$wbQ = `$wbR.GetType().GetProperty('PipelineProcessor', `$wbF).GetValue(`$wbR)
`$wbQ.GetType().GetProperty('ExecutionFailed', `$wbF).SetValue(`$wbQ, `$true)
}
"@)
        $E.StopSearch = $true
    }
    finally { $global:__wbLookup = $false }
}
'@
$ps = [powershell]::Create()
$ps.Runspace = $rs
[void]$ps.AddScript($setup).AddArgument($sid).AddArgument($cwd).AddArgument($aliases.Split(','))
[void]$ps.Invoke()
$ps.Commands.Clear()

# The script as -Command runs it, then $? of its last statement: the process's exit code (PowerShell/PowerShell#13501).
[void]$ps.AddScript($text + "`n" + $okStatement)
$ps.Commands.Commands[0].MergeMyResults([System.Management.Automation.Runspaces.PipelineResultTypes]::Information, [System.Management.Automation.Runspaces.PipelineResultTypes]::Output)
$results = New-Object 'System.Management.Automation.PSDataCollection[psobject]'
$terminating = $null
try { $ps.Invoke($null, $results) }
catch {
    # Invoke wraps the script's own error in a MethodInvocationException: the record is the inner one's.
    $e = $_.Exception
    if ($e -is [System.Management.Automation.MethodInvocationException] -and $null -ne $e.InnerException) { $e = $e.InnerException }
    while ($null -ne $e -and -not ($e -is [System.Management.Automation.IContainsErrorRecord])) { $e = $e.InnerException }
    if ($null -ne $e) { $terminating = $e.ErrorRecord } else { $terminating = $_ }
}

# Output objects as Out-Default lays them out on the console; Write-Host text and error records sent to the output
# stream (2>&1) in their places.
$pending = New-Object System.Collections.ArrayList
function Write-WbPending {
    if ($pending.Count -eq 0) { return }
    $f = [powershell]::Create()
    $f.Runspace = $rs
    [void]$f.AddCommand('Out-String').AddParameter('Stream').AddParameter('Width', $width)
    foreach ($l in $f.Invoke($pending.ToArray())) { $Out.Write([string]$l + "`r`n") }
    $f.Dispose()
    $pending.Clear()
}
foreach ($o in $results) {
    if ($o -is [System.Management.Automation.InformationRecord]) {
        if ($o.Tags -contains 'PSHOST') {
            Write-WbPending
            $m = $o.MessageData
            # Under WinRS, 5.1's Write-Host ends its line with a bare LF (recorded: winrm-protocol reference §10).
            if ($m -is [System.Management.Automation.HostInformationMessage]) { $Out.Write([string]$m.Message + $(if ($m.NoNewLine) { '' } else { "`n" })) }
            else { $Out.Write([string]$m + "`n") }
        }
    }
    elseif ($o -is [System.Management.Automation.ErrorRecord]) {
        Write-WbPending
        $Out.Write([WinbookSim.Wire]::Text((Send-WbUser 'WbUser.FormatError' (ConvertTo-WbError $o)).Trim('"')))
    }
    else { [void]$pending.Add($o) }
}
Write-WbPending
foreach ($r in $ps.Streams.Error) { [void](Send-WbUser 'WbUser.Error' (ConvertTo-WbError $r)) }
if ($null -ne $terminating) { [void](Send-WbUser 'WbUser.Error' (ConvertTo-WbError $terminating)) }
foreach ($w in $ps.Streams.Warning) { [void](Send-WbUser 'WbUser.Warning' @{ text = $w.Message }) }

$code = 0
if ($null -ne $userHost.ExitCode) { $code = $userHost.ExitCode }
elseif ($null -ne $terminating) { $code = 1 }
elseif ($rs.SessionStateProxy.GetVariable('__wbOk') -eq $false) { $code = 1 }
$ps.Dispose()
$rs.Dispose()
# Output last, just before the exit: the shell's Receive then gets both at once (one Receive per raw line).
$Out.Flush()
exit $code
