# Façade, Windows side (src/hostapi/contract/upload.ts): the WinRM upload script's stdin and files. The upload command
# line carries this file and no other part of the façade, so nothing here calls another file's function.
# Windows PowerShell 5.1.

# A .NET I/O failure as the Win32Exception behind it (HRESULT 0x8007xxxx), as the rest of the façade throws.
function Get-WbIoError($E) {
    $x = $E.Exception.GetBaseException()
    if (($x.HResult -band 0xFFFF0000) -eq 0x80070000) { $x = New-Object ComponentModel.Win32Exception ($x.HResult -band 0xFFFF) }
    $x
}

# The raw stdin stream, never [Console]::In, whose StreamReader would read ahead and decode the content bytes. The
# console stream does not buffer, so each verb may open its own: a line read byte by byte leaves the rest unread.
function Read-WbStdinLine {
    $in = [Console]::OpenStandardInput()
    $line = New-Object IO.MemoryStream
    while (($b = $in.ReadByte()) -ge 0 -and $b -ne 10) { $line.WriteByte($b) }
    if ($b -lt 0 -and $line.Length -eq 0) { return $null }
    [Text.Encoding]::ASCII.GetString($line.ToArray()).TrimEnd("`r")
}

function Get-WbStagedPath {
    param([Parameter(Mandatory = $true)]$Key)
    if ($Key -notmatch '^[0-9a-f]{16,64}$') { throw (New-Object ComponentModel.Win32Exception 123) }
    [IO.Path]::Combine($env:TEMP, "winbook-upload-$Key.part")
}

function New-WbUploadFile {
    param([Parameter(Mandatory = $true)]$Path)
    try { [IO.File]::Open($Path, 'Create', 'Write', 'None').Dispose() } catch { throw (Get-WbIoError $_) }
}

function Copy-WbStdinToFile {
    param([Parameter(Mandatory = $true)]$Path)
    try {
        $f = [IO.File]::Open($Path, 'Create', 'Write', 'None')
        try { [Console]::OpenStandardInput().CopyTo($f, 1048576) } finally { $f.Dispose() }
        # Read back from disk: the hash is of what the file holds, not of what passed through.
        $f = [IO.File]::OpenRead($Path)
        try { $h = [Security.Cryptography.SHA256]::Create().ComputeHash($f); $n = $f.Length } finally { $f.Dispose() }
    }
    catch { throw (Get-WbIoError $_) }
    [pscustomobject]@{ Size = $n; Sha256 = ([BitConverter]::ToString($h) -replace '-').ToLower() }
}

function Move-WbUploadFile {
    param([Parameter(Mandatory = $true)]$Path, [Parameter(Mandatory = $true)]$Destination)
    # [NullString]::Value: a $null argument to a .NET string parameter would arrive as '', which Replace refuses.
    try {
        if ([IO.File]::Exists($Destination)) { [IO.File]::Replace($Path, $Destination, [NullString]::Value) }
        else { [IO.File]::Move($Path, $Destination) }
    }
    catch { throw (Get-WbIoError $_) }
}

function Remove-WbUploadFile {
    param([Parameter(Mandatory = $true)]$Path)
    try { [IO.File]::Delete($Path) } catch { throw (Get-WbIoError $_) }
}
