# winbook-agent-bootstrap v1
# Windows PowerShell 5.1. Travels inside -EncodedCommand, so agent/bootstrap.ts strips comments and indentation
# (cmd.exe caps a command line at 8191 chars). No here-strings, no block comments, no inline comments.
# One JSON request per stdin line, one framed JSON result per request (see agent/protocol.ts).
# The streams are parameters with the console as default: powershell.exe runs this with the defaults; the
# simulator runs the same text in a runspace and binds them to the simulated agent's pipes.
param($In = [Console]::In, $Out = [Console]::Out, $Err = [Console]::Error)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# Constrained Language Mode (AppLocker/WDAC) forbids the .NET calls the agent and the façade need: say so plainly.
if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
$Err.WriteLine("winbook-agent: PowerShell runs in $($ExecutionContext.SessionState.LanguageMode) on this host (AppLocker or WDAC policy); the agent needs FullLanguage: allow powershell.exe for this account or use an exempt path")
$Err.Flush()
exit 1
}
# UTF-8 both ways. A host without a console (rare) keeps its code page; results are ASCII-escaped below anyway.
$utf8 = New-Object System.Text.UTF8Encoding $false
try { [Console]::OutputEncoding = $utf8; [Console]::InputEncoding = $utf8 } catch { }
$modules = @{}
$global:WinbookFacade = $null
# `lib` and `script` arrive packed: base64 of gzip of UTF-8 (agent/protocol.ts packText); GZipStream checks the CRC.
function Expand-WbPacked($b) {
$z = New-Object IO.Compression.GZipStream((New-Object IO.MemoryStream(,[Convert]::FromBase64String($b))), ([IO.Compression.CompressionMode]::Decompress))
try { (New-Object IO.StreamReader($z, $utf8)).ReadToEnd() } finally { $z.Dispose() }
}
$Out.WriteLine('<<WINBOOK-AGENT-READY 1>>')
$Out.Flush()
# ReadLine returns each line as soon as WinRS delivers its Send; $null means stdin closed: the session is over.
while ($null -ne ($line = $In.ReadLine())) {
if (-not $line.Trim()) { continue }
# PUT KEY BASE64: one chunk of a staged upload (the façade's Add-WbStagedChunk appends it to
# %TEMP%\winbook-upload-KEY.part); no reply (the module that consumes the file checks its SHA-256), so a chunk
# costs one Send (docs/agent.md, "Uploads").
if ($line.StartsWith('PUT ')) {
try {
$k, $d = $line.Substring(4) -split ' ', 2
Add-WbStagedChunk -Key $k -Data $d
}
catch { $Err.WriteLine("winbook-agent: upload chunk failed: $($_.Exception.Message)"); $Err.Flush() }
continue
}
try { $req = ConvertFrom-Json -InputObject $line }
catch { $Err.WriteLine("winbook-agent: unreadable request: $($_.Exception.Message)"); $Err.Flush(); continue }
$id = $req.id
# The host façade comes with the first request: dot-sourced here, so its verbs are visible to every module.
if ($req.lib) {
$global:WinbookFacade = Expand-WbPacked $req.lib
. ([scriptblock]::Create($global:WinbookFacade))
}
# environment: set for this module's run only; the previous values (null = unset) come back in finally.
$saved = @{}
try {
if ($req.environment) { foreach ($p in $req.environment.PSObject.Properties) { $saved[$p.Name] = Get-WbProcessEnvironment -Name $p.Name; Set-WbProcessEnvironment -Name $p.Name -Value ([string]$p.Value) } }
$m = $req.module
if ($req.script) {
$text = Expand-WbPacked $req.script
$modules[$m] = [scriptblock]::Create("param(`$ModuleArgs, `$CheckMode, `$DiffMode)`n" + $text)
}
$sb = $modules[$m]
if (-not $sb) { throw "The term '$m' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again." }
# & runs the module in its own child scope: its variables, functions and StrictMode do not leak into the next task.
$o = @(& $sb $req.args $req.check $req.diff)
$r = $o[-1]
}
catch {
# Fail-WbModule (module-utils/module-fail.ps1) is a module's FailJson: it carries the whole failed result. Anything
# else crashed: Ansible's module_wrapper.ps1 words, and `exception` with the error and its script stack trace (the
# first and last parts of exec_wrapper.ps1's Format-AnsibleException; all of it would not fit this command line).
$r = $_.Exception.Data['WbFail']
if ($r -isnot [hashtable]) { $r = @{ failed = $true; msg = "Unhandled exception while executing module: $($_.Exception.Message)"; exception = "$_`r`n$($_.ScriptStackTrace)" } }
}
finally { foreach ($k in $saved.Keys) { Set-WbProcessEnvironment -Name $k -Value $saved[$k] } }
try { $j = ConvertTo-Json -InputObject $r -Depth 10 -Compress }
catch { $j = ConvertTo-Json -InputObject @{ failed = $true; msg = "result is not convertible to JSON: $($_.Exception.Message)" } -Compress }
# Pure ASCII on the wire, whatever code page the shell has.
$j = [regex]::Replace($j, '[^\x00-\x7f]', { param($c) '\u{0:x4}' -f [int][char]$c.Value })
# One write with both markers, then flush, so a Receive gets the whole frame at once.
$Out.Write("<<WINBOOK-BEGIN $id>>`r`n$j`r`n<<WINBOOK-END $id>>`r`n")
$Out.Flush()
}
