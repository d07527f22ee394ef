# winbook-upload v1
# Writes stdin to a file, the way Ansible's winrm plugin does put_file: the first line is the destination path
# (base64 of its UTF-8), then base64 lines of content until stdin closes. The file is opened before any content
# arrives, so a bad path fails at once; READY tells the controller it may stream. The SHA-256 printed at the end
# is read back from disk, so the controller checks what the host stored, not what it meant to write.
# Windows PowerShell 5.1; travels minified inside -EncodedCommand (comments and indentation are stripped).
$ErrorActionPreference = 'Stop'
$in = [Console]::In
$first = $in.ReadLine()
if ($null -eq $first) {
    [Console]::Error.WriteLine('winbook-upload: no destination path on stdin')
    exit 2
}
try {
    $path = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($first))
    $file = [IO.File]::Open($path, [IO.FileMode]::Create, [IO.FileAccess]::Write, [IO.FileShare]::None)
} catch {
    $e = $_.Exception
    if ($null -ne $e.InnerException) { $e = $e.InnerException }
    [Console]::Error.WriteLine($e.Message)
    exit 1
}
[Console]::Out.WriteLine('<<WINBOOK-UPLOAD-READY 1>>')
[Console]::Out.Flush()
try {
    while ($null -ne ($line = $in.ReadLine())) {
        if ($line.Length -eq 0) { continue }
        $bytes = [Convert]::FromBase64String($line)
        $file.Write($bytes, 0, $bytes.Length)
    }
} catch {
    $file.Dispose()
    $e = $_.Exception
    if ($null -ne $e.InnerException) { $e = $e.InnerException }
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
