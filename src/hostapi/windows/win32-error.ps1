# Façade, Windows side: the one way every verb turns a .NET/CIM/ServiceController exception into the contract's
# error. Win32 errors arrive wrapped several levels deep (ServiceController's InvalidOperationException around a
# Win32Exception; CIM's ReturnValue as a number), so the chain is walked to the innermost Win32Exception.
function ConvertTo-WbWin32Exception {
    param([Parameter(Mandatory = $true)]$Exception)
    $e = $Exception
    if ($e -is [Management.Automation.ErrorRecord]) { $e = $e.Exception }
    $found = $null
    while ($null -ne $e) {
        if ($e -is [ComponentModel.Win32Exception]) { $found = $e }
        $e = $e.InnerException
    }
    if ($null -ne $found) { return $found }
    $Exception
}

# Throws the Win32Exception for a Win32 or CIM return code, with Windows' own message text.
function Write-WbWin32Error {
    param([Parameter(Mandatory = $true)][int]$Code)
    throw (New-Object ComponentModel.Win32Exception $Code)
}
