# Shared by module scripts that explain a Windows refusal (declared with `# uses:`): the innermost Win32Exception of
# an error record or exception, or $null. The façade throws Win32Exception unwrapped, but a module's own .NET calls
# (and PowerShell's wrapping of a method call's exception) can still nest it: error 1069 sits three
# InnerExceptions deep in a ServiceController error (issue 13, M3).
function Get-InnermostWin32Exception {
    param($ErrorRecord)
    $e = $ErrorRecord
    if ($e -is [System.Management.Automation.ErrorRecord]) { $e = $e.Exception }
    $found = $null
    while ($null -ne $e) {
        if ($e -is [System.ComponentModel.Win32Exception]) { $found = $e }
        $e = $e.InnerException
    }
    return $found
}
