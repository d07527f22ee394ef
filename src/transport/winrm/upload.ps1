# winbook-upload v3
# Writes stdin to a file through a temporary file beside it, checked against the SHA-256 the controller sent.
# The first stdin line: `<base64 of the UTF-8 path> <sha256>`, or `STAGE <key> <sha256>` for the agent's staged
# upload %TEMP%\winbook-upload-KEY.part (docs/agent.md, "Uploads"). Everything after it is the content, raw bytes,
# until stdin closes: WinRS already carries stdin as base64 inside each Send, so a second base64 layer would only
# cost a third more Sends. The temporary file is created before any content arrives, so a bad path fails at once;
# READY tells the controller it may stream. The SHA-256 is read back from disk; only a file that passes it is moved
# into place, so a failed upload never leaves a half-written destination. Exit codes: 2 no usable first line,
# 1 Windows refused, 3 the content failed its SHA-256 check.
# Windows reaches it only through the façade's upload verbs (src/hostapi/windows/upload.ps1), which upload.ts places
# right after the param line; the simulator runs this same text with its own binding of those verbs in their place.
# Windows PowerShell 5.1; travels minified inside -EncodedCommand (comments and indentation are stripped).
param($Out = [Console]::Out, $Err = [Console]::Error)
$ErrorActionPreference = 'Stop'
function Stop-WbUpload($Code, $Text) {
    $Err.WriteLine("winbook-upload: $Text")
    exit $Code
}
$head = Read-WbStdinLine
$f = "$head".Split(' ')
$sha = $f[-1]
if ($f.Count -ne 2 + ($f[0] -eq 'STAGE') -or $sha -notmatch '^[0-9a-f]{64}$') { Stop-WbUpload 2 "no destination and SHA-256 on stdin: '$head'" }
$shown = "the staged upload $($f[1])"
try {
    if ($f[0] -eq 'STAGE') { $path = Get-WbStagedPath $f[1] }
    else { $path = $shown = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($f[0])) }
    $temp = "$path.winbook-$($sha.Substring(0, 16)).tmp"
    New-WbUploadFile $temp
    $Out.WriteLine('<<WINBOOK-UPLOAD-READY 3>>')
    $Out.Flush()
    $got = Copy-WbStdinToFile $temp
    if ($got.Sha256 -ne $sha) {
        Remove-WbUploadFile $temp
        Stop-WbUpload 3 "$shown failed its SHA-256 check: $($got.Size) bytes arrived, SHA-256 $($got.Sha256), expected $sha (destination unchanged)"
    }
    Move-WbUploadFile $temp $path
}
catch {
    $why = $_.Exception.GetBaseException().Message
    if ($temp) { try { Remove-WbUploadFile $temp } catch { } }
    Stop-WbUpload 1 "cannot write $($shown): $why"
}
# The console's writers flush each write (AutoFlush), as the simulator's do when the script ends.
$Out.WriteLine("SHA256 $($got.Sha256)")
