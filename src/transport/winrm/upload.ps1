# winbook-upload v2
# Writes stdin to a file. The first line names the destination: base64 of its UTF-8 path, or `STAGE KEY` for the
# agent's staged-upload file %TEMP%\winbook-upload-KEY.part (docs/agent.md, "Uploads"). Everything after that
# line is the content as raw bytes until stdin closes: WinRS already carries stdin as base64 inside the Send, so
# a second base64 layer would only cost a third more Sends and a decode per line. stdin is read as a Stream, not
# through [Console]::In, whose StreamReader would buffer and decode the bytes after the first line.
# The file is opened before any content arrives, so a bad path fails at once; READY tells the controller it may
# stream. The SHA-256 printed at the end is read back from disk, so the controller checks what the host stored.
# Windows PowerShell 5.1; travels minified inside -EncodedCommand (comments and indentation are stripped).
$ErrorActionPreference = 'Stop'
$in = [Console]::OpenStandardInput()
$head = New-Object IO.MemoryStream
while (($b = $in.ReadByte()) -ge 0 -and $b -ne 10) { $head.WriteByte([byte]$b) }
$first = [Text.Encoding]::ASCII.GetString($head.ToArray()).TrimEnd([char]13)
if ($first.Length -eq 0) {
    [Console]::Error.WriteLine('winbook-upload: no destination path on stdin')
    exit 2
}
try {
    if ($first.StartsWith('STAGE ')) {
        $key = $first.Substring(6)
        if ($key -notmatch '^[0-9a-f]{16,64}$') { throw (New-Object ComponentModel.Win32Exception 123) }
        $path = Join-Path $env:TEMP "winbook-upload-$key.part"
    }
    else { $path = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($first)) }
    $file = [IO.File]::Open($path, [IO.FileMode]::Create, [IO.FileAccess]::Write, [IO.FileShare]::None)
} catch {
    # The innermost error carries Windows' text (a method call wraps it once, 5.1 sometimes twice).
    $e = $_.Exception.GetBaseException()
    [Console]::Error.WriteLine($e.Message)
    exit 1
}
[Console]::Out.WriteLine('<<WINBOOK-UPLOAD-READY 2>>')
[Console]::Out.Flush()
try {
    $buf = New-Object byte[] 262144
    while (($n = $in.Read($buf, 0, $buf.Length)) -gt 0) { $file.Write($buf, 0, $n) }
} catch {
    $file.Dispose()
    # The innermost error carries Windows' text (a method call wraps it once, 5.1 sometimes twice).
    $e = $_.Exception.GetBaseException()
    [Console]::Error.WriteLine($e.Message)
    exit 1
}
$file.Dispose()
$sha = [Security.Cryptography.SHA256]::Create()
$read = [IO.File]::OpenRead($path)
try {
    $hash = $sha.ComputeHash($read)
} finally {
    $read.Dispose()
}
[Console]::Out.WriteLine('SHA256 ' + ([BitConverter]::ToString($hash) -replace '-', '').ToLowerInvariant())
