# The user layer's helpers (user-layer.ts). Not Windows commands: their names start with __WbSim so no script means
# them. Written for Windows PowerShell 5.1 too (a Windows workstation's worker).

# Calls a user-layer verb (src/sim/windows/user-*.ts) or a façade verb on this session's host. A Windows refusal
# comes back as the Win32Exception itself (code and Windows' text), not wrapped in a MethodInvocationException.
function __WbSimCall {
    param([string]$Verb, [hashtable]$Arguments = @{})
    $json = CoreConvertTo-Json -InputObject $Arguments -Depth 5 -Compress
    try { $r = [WinbookSim.Bridge]::Call($__WbSimSession, $Verb, $json) }
    catch {
        $e = $_.Exception
        while ($null -ne $e.InnerException -and -not ($e -is [System.ComponentModel.Win32Exception])) { $e = $e.InnerException }
        throw $e
    }
    if ($null -eq $r -or $r -eq 'null') { return }
    CoreConvertFrom-Json -InputObject $r
}

# An error record as the 5.1 cmdlet writes it: the cmdlet class in FullyQualifiedErrorId (local-accounts-types.cs).
function __WbSimError {
    param([Exception]$Exception, [string]$Id, [System.Management.Automation.ErrorCategory]$Category, $Target, [string]$Cmdlet)
    [WinbookSim.UserLayerErrors]::Record($Exception, $Id, $Category, $Target, $Cmdlet)
}

# WildcardPattern as the cmdlets match names: case-insensitive, `*`, `?`, `[..]`.
function __WbSimLike {
    param([string]$Text, [string]$Pattern)
    ([System.Management.Automation.WildcardPattern]::new($Pattern, [System.Management.Automation.WildcardOptions]::IgnoreCase)).IsMatch($Text)
}

function __WbSimHasWildcard {
    param([string]$Pattern)
    [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($Pattern)
}

# The acting account's view of the plain text of a SecureString (never logged: the verb records only that it changed).
function __WbSimPlain {
    param([System.Security.SecureString]$Secure)
    (New-Object System.Net.NetworkCredential('', $Secure)).Password
}
