# winbook-agent-bootstrap v1
# Windows PowerShell 5.1. Travels inside -EncodedCommand, so agent/bootstrap.ts strips comments and indentation
# (cmd.exe caps a command line at 8191 chars). No here-strings, no block comments, no inline comments.
# One JSON request per stdin line, one framed JSON result per request (see agent/protocol.ts).
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# UTF-8 both ways. A host without a console (rare) keeps its code page; results are ASCII-escaped below anyway.
$utf8 = New-Object System.Text.UTF8Encoding $false
try { [Console]::OutputEncoding = $utf8; [Console]::InputEncoding = $utf8 } catch { }
$out = [Console]::Out
$modules = @{}
$out.WriteLine('<<WINBOOK-AGENT-READY 1>>')
$out.Flush()
# ReadLine returns each line as soon as WinRS delivers its Send; $null means stdin closed: the session is over.
while ($null -ne ($line = [Console]::In.ReadLine())) {
if (-not $line.Trim()) { continue }
# PUT KEY BASE64: one chunk of a staged upload, appended to %TEMP%\winbook-upload-KEY.part; no reply (the module
# that consumes the file checks its SHA-256), so a chunk costs one Send (docs/agent.md, "Uploads").
if ($line.StartsWith('PUT ')) {
try {
$k, $d = $line.Substring(4) -split ' ', 2
if ($k -notmatch '^[0-9a-f]{16,64}$') { throw "bad upload key '$k'" }
$b = [Convert]::FromBase64String($d)
$f = [IO.File]::Open((Join-Path $env:TEMP "winbook-upload-$k.part"), 'Append', 'Write')
try { $f.Write($b, 0, $b.Length) } finally { $f.Dispose() }
}
catch { [Console]::Error.WriteLine("winbook-agent: upload chunk failed: $($_.Exception.Message)") }
continue
}
try { $req = ConvertFrom-Json -InputObject $line }
catch { [Console]::Error.WriteLine("winbook-agent: unreadable request: $($_.Exception.Message)"); continue }
$id = $req.id
# environment: set for this module's run only; the previous values (null = unset) come back in finally.
$saved = @{}
try {
if ($req.environment) { foreach ($p in $req.environment.PSObject.Properties) { $saved[$p.Name] = [Environment]::GetEnvironmentVariable($p.Name, 'Process'); [Environment]::SetEnvironmentVariable($p.Name, [string]$p.Value, 'Process') } }
$m = $req.module
if ($req.script) {
$text = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($req.script))
$modules[$m] = [scriptblock]::Create("param(`$ModuleArgs, `$CheckMode, `$DiffMode)`n" + $text)
}
$sb = $modules[$m]
if (-not $sb) { throw "The term '$m' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again." }
# & runs the module in its own child scope: its variables, functions and StrictMode do not leak into the next task.
$o = @(& $sb $req.args $req.check $req.diff)
$r = $o[-1]
}
catch { $r = @{ failed = $true; msg = $_.Exception.Message; exception = $_.ScriptStackTrace } }
finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k], 'Process') } }
try { $j = ConvertTo-Json -InputObject $r -Depth 10 -Compress }
catch { $j = ConvertTo-Json -InputObject @{ failed = $true; msg = "result is not convertible to JSON: $($_.Exception.Message)" } -Compress }
# Pure ASCII on the wire, whatever code page the shell has.
$j = [regex]::Replace($j, '[^\x00-\x7f]', { param($c) '\u{0:x4}' -f [int][char]$c.Value })
# One write with both markers, then flush, so a Receive gets the whole frame at once.
$out.Write("<<WINBOOK-BEGIN $id>>`r`n$j`r`n<<WINBOOK-END $id>>`r`n")
$out.Flush()
}
