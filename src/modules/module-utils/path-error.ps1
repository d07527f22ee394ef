# Shared by the file and ACL modules (composed by src/modules/script.ts): a failed façade call on a path, in the
# words Windows PowerShell's file cmdlets use for it ("Access to the path 'X' is denied."), which name the path
# where Windows' own Win32 text ("Access is denied.") does not. Other errors keep Windows' text.
function Get-PathErrorMessage {
    param([Parameter(Mandatory = $true)]$ErrorRecord, [string]$Path)
    $e = $ErrorRecord.Exception
    while ($null -ne $e -and -not ($e -is [ComponentModel.Win32Exception])) { $e = $e.InnerException }
    if ($null -eq $e) { return $ErrorRecord.Exception.Message }
    switch ($e.NativeErrorCode) {
        2 { return "Cannot find path '$Path' because it does not exist." }
        3 { return "Could not find a part of the path '$Path'." }
        5 { return "Access to the path '$Path' is denied." }
        123 { return "The given path's format is not supported: '$Path'." }
    }
    $e.Message
}

# Runs one façade step on a path; a failure becomes the module's error in those words.
function Invoke-PathStep {
    param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][scriptblock]$Step)
    try { & $Step }
    catch { throw (Get-PathErrorMessage -ErrorRecord $_ -Path $Path) }
}
