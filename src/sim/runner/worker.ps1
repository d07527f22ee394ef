# The simulator's PowerShell worker (src/sim/runner/pwsh-worker.ts starts it): hosts every simulated agent of a
# simulator process, one runspace each, and forwards their façade calls to the simulator over stdin/stdout.
param([string]$BridgeSource, [string]$Allowed)
$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition $BridgeSource -Language CSharp
$stdout = [Console]::Out
[WinbookSim.Wire]::Init($stdout)

# The agents' session state: the language and the pure cmdlets a module may use. No providers a Windows path could
# reach on this machine, no native commands, no module autoloading: what the façade does not offer fails as
# "not recognized", as the 5.1 lint flags it in review.
$iss = [initialsessionstate]::Create()
$iss.LanguageMode = 'FullLanguage'
foreach ($name in ($Allowed -split ',')) {
    $c = Get-Command -Name $name -CommandType Cmdlet
    $iss.Commands.Add((New-Object System.Management.Automation.Runspaces.SessionStateCmdletEntry($c.Name, $c.ImplementingType, $null)))
}
$iss.Variables.Add((New-Object System.Management.Automation.Runspaces.SessionStateVariableEntry('PSModuleAutoLoadingPreference', 'None', '')))
$iss.Variables.Add((New-Object System.Management.Automation.Runspaces.SessionStateVariableEntry('PSNativeCommandArgumentPassing', 'Legacy', '')))

$sessions = @{}
[WinbookSim.Wire]::Send('READY')
while ($null -ne ($line = [Console]::In.ReadLine())) {
    $f = $line.Split(' ')
    try {
        switch ($f[0]) {
            'OPEN' { $sessions[$f[1]] = New-Object WinbookSim.Session($f[1], $iss, [WinbookSim.Wire]::Text($f[2])) }
            'IN' { $s = $sessions[$f[1]]; if ($s) { $s.Input.Feed([WinbookSim.Wire]::Text($f[2])) } }
            'EOF' { $s = $sessions[$f[1]]; if ($s) { $s.Input.End() } }
            'KILL' { $s = $sessions[$f[1]]; if ($s) { $s.Stop(); $sessions.Remove($f[1]) } }
            'RET' { [WinbookSim.Bridge]::Reply($f[1], $f[2], $f[3]) }
        }
    }
    catch { [WinbookSim.Wire]::Send('FAIL ' + $f[1] + ' ' + [WinbookSim.Wire]::B64($_.Exception.Message)) }
}
