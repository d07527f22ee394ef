# The simulator's PowerShell worker (src/sim/runner/pwsh-worker.ts starts it): hosts every simulated agent of a
# simulator process, one runspace each, and forwards their façade calls to the simulator over stdin/stdout.
param([string]$BridgeSource, [string]$Allowed)
$ErrorActionPreference = 'Stop'
# Our own reader and writer on the standard streams, never [Console]::In/Out: every simulated bootstrap sets
# [Console]::InputEncoding, which makes .NET replace Console.In, and the replaced reader's buffered lines (the next
# agent's requests) would be lost.
$utf8 = New-Object System.Text.UTF8Encoding $false
$stdin = New-Object System.IO.StreamReader([Console]::OpenStandardInput(), $utf8)
$stdout = New-Object System.IO.StreamWriter([Console]::OpenStandardOutput(), $utf8)
# The first line is the user layer (user-layer.ts), base64 of JSON: too large for a Windows command line.
$layer = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($stdin.ReadLine())) | ConvertFrom-Json
# The layer's C# sources compile with the bridge, in one compiler run. A file whose first line names the type it
# defines (`// defines: T`) is left out where that type exists already (a Windows worker has 5.1's own).
$source = (@($BridgeSource) + @($layer.sources | ForEach-Object {
            $text = [IO.File]::ReadAllText($_)
            if (-not ($text -match '^// defines: (\S+)' -and ($Matches[1] -as [type]))) { $text }
        })) -join "`n"
# One compile per worker, not per runspace; and with a cache folder, one per version of the sources: the compiled
# assembly is kept there under the hash of the sources and this PowerShell's version, so later workers only load it
# (compiling costs seconds, loading milliseconds).
if ($layer.cacheDir) {
    $sha = [Security.Cryptography.SHA256]::Create()
    $hash = -join ($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($source + $PSVersionTable.PSVersion.ToString())) | ForEach-Object { $_.ToString('x2') })
    $dll = Join-Path $layer.cacheDir ('winbook-sim-' + $hash.Substring(0, 24) + '.dll')
    if (-not [IO.File]::Exists($dll)) {
        # Compiled beside it, then renamed into place: a worker starting at the same time never loads half a file.
        $tmp = "$dll.$PID.tmp"
        Add-Type -TypeDefinition $source -Language CSharp -OutputAssembly $tmp -OutputType Library
        try { [IO.File]::Move($tmp, $dll) } catch { if ([IO.File]::Exists($dll)) { [IO.File]::Delete($tmp) } else { $dll = $tmp } }
    }
    Add-Type -Path $dll
}
else { Add-Type -TypeDefinition $source -Language CSharp }
[WinbookSim.Wire]::Init($stdout)

# The agents' session state: the language and the pure cmdlets a module may use. No providers a Windows path could
# reach on this machine, no native commands, no module autoloading: what the façade does not offer fails as
# "not recognized", as the 5.1 lint flags it in review.
$iss = [initialsessionstate]::Create()
$iss.LanguageMode = 'FullLanguage'
foreach ($name in ($Allowed -split ',')) {
    $c = Get-Command -Name $name -CommandType Cmdlet
    # The JSON cmdlets are reached through 5.1-shaped proxies (below); the cmdlets themselves get private names.
    if ($name -like '*-Json') { $name = "Core$name" }
    $iss.Commands.Add((New-Object System.Management.Automation.Runspaces.SessionStateCmdletEntry($name, $c.ImplementingType, $null)))
}
# PowerShell's own formatting data (pure: how Out-String lays out objects and error records), so a script's
# `$_ | Out-String` reads as it does on a host rather than as a bare property list.
$default2 = [initialsessionstate]::CreateDefault2()
foreach ($f in $default2.Formats) { $iss.Formats.Add($f) }
# Windows PowerShell 5.1's JSON cmdlets, where PowerShell 7's differ in a way a script can trip on:
# - ConvertFrom-Json keeps ISO 8601 dates as strings (7 turns them into DateTime) and has only -InputObject;
# - ConvertTo-Json has only -InputObject, -Depth, -Compress, and serialises a string decorated with note properties
#   (Get-Content's PSPath, PSDrive, PSProvider...) as an object, walking the provider graph (PowerShell issue 6388):
#   refused here with that explanation, so a rehearsal fails where the host would hang or bloat.
$proxies = @{
    'ConvertFrom-Json' = @'
param([Parameter(Mandatory = $true, ValueFromPipeline = $true)][AllowEmptyString()][string]$InputObject)
begin { $text = New-Object System.Text.StringBuilder }
process { [void]$text.AppendLine($InputObject) }
end {
    # 7.5+ can keep dates as strings; 5.1 (a Windows workstation's worker) always does.
    if ($PSVersionTable.PSVersion.Major -ge 7) { CoreConvertFrom-Json -InputObject $text.ToString() -DateKind String }
    else { CoreConvertFrom-Json -InputObject $text.ToString() }
}
'@
    'ConvertTo-Json'   = @'
param([Parameter(Mandatory = $true, ValueFromPipeline = $true)][AllowNull()][object]$InputObject, [ValidateRange(1, 100)][int]$Depth = 2, [switch]$Compress)
begin { $items = New-Object System.Collections.ArrayList }
process { [void]$items.Add($InputObject) }
end {
    $seen = 0
    $stack = New-Object System.Collections.Stack
    foreach ($i in $items) { $stack.Push(@($i, 0)) }
    while ($stack.Count -gt 0 -and $seen -lt 100000) {
        $seen++
        $v, $d = $stack.Pop()
        if ($null -eq $v -or $d -gt $Depth) { continue }
        if ($v -is [string]) {
            $notes = @($v.PSObject.Properties | Where-Object { $_.MemberType -eq 'NoteProperty' } | ForEach-Object { $_.Name })
            if ($notes.Count -gt 0) { throw "Windows PowerShell 5.1 would serialise this string as an object with its note properties ($($notes -join ', ')) and walk the provider graph (PowerShell issue 6388): convert it with [string] or -join before putting it in a result. The string: $v" }
            continue
        }
        if ($v -is [System.Collections.IDictionary]) { foreach ($k in @($v.Keys)) { $stack.Push(@($v[$k], ($d + 1))) }; continue }
        if ($v -is [System.Collections.IEnumerable]) { foreach ($x in $v) { $stack.Push(@($x, ($d + 1))) }; continue }
        if ($v -is [System.Management.Automation.PSCustomObject]) { foreach ($p in $v.PSObject.Properties) { $stack.Push(@($p.Value, ($d + 1))) } }
    }
    $value = $items.ToArray()
    if ($items.Count -eq 1) { $value = $items[0] }
    CoreConvertTo-Json -InputObject $value -Depth $Depth -Compress:$Compress -WarningAction SilentlyContinue
}
'@
}
foreach ($p in $proxies.GetEnumerator()) {
    $iss.Commands.Add((New-Object System.Management.Automation.Runspaces.SessionStateFunctionEntry($p.Key, $p.Value)))
}
$iss.Variables.Add((New-Object System.Management.Automation.Runspaces.SessionStateVariableEntry('PSModuleAutoLoadingPreference', 'None', '')))
$iss.Variables.Add((New-Object System.Management.Automation.Runspaces.SessionStateVariableEntry('PSNativeCommandArgumentPassing', 'Legacy', '')))

# The user layer: what a user's script gets on Windows beyond the agents' session state (providers and the cmdlets
# that work through them). An agent's runspace is built from $iss alone; the session state it reports as its
# InitialSessionState, which win_powershell and script open the user's runspace from, is a copy of $userIss bound
# to the agent's session (Session in bridge.cs), so the providers reach the right simulated host and account.
$userIss = $iss.Clone()
foreach ($p in $layer.providers.PSObject.Properties) {
    $userIss.Providers.Add((New-Object System.Management.Automation.Runspaces.SessionStateProviderEntry($p.Name, ($p.Value -as [type]), $null)))
}
foreach ($name in $layer.cmdlets) {
    $c = Get-Command -Name $name -CommandType Cmdlet
    $userIss.Commands.Add((New-Object System.Management.Automation.Runspaces.SessionStateCmdletEntry($name, $c.ImplementingType, $c.HelpFile)))
}
foreach ($f in $layer.functions.PSObject.Properties) {
    $userIss.Commands.Add((New-Object System.Management.Automation.Runspaces.SessionStateFunctionEntry($f.Name, $f.Value)))
}
# Windows PowerShell 5.1's preference variables with their defaults, as a user's script reads them there (a session
# state made with Create() leaves them unset).
$preferences = [ordered]@{
    ConfirmPreference = [System.Management.Automation.ConfirmImpact]::High; DebugPreference = [System.Management.Automation.ActionPreference]::SilentlyContinue
    ErrorActionPreference = [System.Management.Automation.ActionPreference]::Continue; ProgressPreference = [System.Management.Automation.ActionPreference]::Continue
    VerbosePreference = [System.Management.Automation.ActionPreference]::SilentlyContinue; WarningPreference = [System.Management.Automation.ActionPreference]::Continue
    InformationPreference = [System.Management.Automation.ActionPreference]::SilentlyContinue; WhatIfPreference = $false
    ErrorView = 'NormalView'; FormatEnumerationLimit = 4
}
foreach ($p in $preferences.GetEnumerator()) {
    if ($userIss.Variables[$p.Key].Count -eq 0) { $userIss.Variables.Add((New-Object System.Management.Automation.Runspaces.SessionStateVariableEntry($p.Key, $p.Value, ''))) }
}
# A user's script starts where a WinRM session's PowerShell does: in the agent's working folder (the account's
# profile). Run at each user runspace's Open.
$userIss.Commands.Add((New-Object System.Management.Automation.Runspaces.SessionStateFunctionEntry('__WbSimStartLocation', 'Set-Location -LiteralPath $env:USERPROFILE')))
$userIss.Commands['__WbSimStartLocation'][0].Visibility = 'Private'
[void]$userIss.StartupScripts.Add('__WbSimStartLocation')
# The layer's advanced functions (user-cmdlets/*.ps1): every top-level function of each file.
$entryCtor = [System.Management.Automation.Runspaces.SessionStateFunctionEntry].GetConstructor([Reflection.BindingFlags]'NonPublic,Instance', $null,
    [type[]]@([string], [string], [System.Management.Automation.ScopedItemOptions], [System.Management.Automation.SessionStateEntryVisibility], [scriptblock], [string]), $null)
foreach ($file in $layer.scripts) {
    $text = [IO.File]::ReadAllText($file)
    $parseErrors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, $file, [ref]$null, [ref]$parseErrors)
    if ($parseErrors.Count -gt 0) { throw "the user layer's $file does not parse: $($parseErrors[0])" }
    foreach ($fn in $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false)) {
        $body = $fn.Body.Extent.Text
        $body = $body.Substring(1, $body.Length - 2)
        # The entry's public constructors parse the body again (most of the layer's start-up cost); the one ISS.Clone
        # uses takes the script block this parse already made.
        if ($null -ne $entryCtor) { $entry = $entryCtor.Invoke(@($fn.Name, $body, [System.Management.Automation.ScopedItemOptions]::None, [System.Management.Automation.SessionStateEntryVisibility]::Public, $fn.Body.GetScriptBlock(), $null)) }
        else { $entry = New-Object System.Management.Automation.Runspaces.SessionStateFunctionEntry($fn.Name, $body) }
        $userIss.Commands.Add($entry)
    }
}
# Aliases, for users' scripts only (a module's own script must spell commands out): PowerShell's defaults for the
# commands the session has (% ForEach-Object, ? Where-Object, select…), then 5.1's (user-layer.ts), which win.
$known = @{}
foreach ($c in $userIss.Commands) { $known[$c.Name] = $true }
$aliasMap = [ordered]@{}
foreach ($c in $default2.Commands) {
    if ($c -is [System.Management.Automation.Runspaces.SessionStateAliasEntry] -and $known.ContainsKey($c.Definition)) { $aliasMap[$c.Name] = $c.Definition }
}
foreach ($a in $layer.aliases.PSObject.Properties) { $aliasMap[$a.Name] = $a.Value }
foreach ($a in $aliasMap.GetEnumerator()) {
    $userIss.Commands.Add((New-Object System.Management.Automation.Runspaces.SessionStateAliasEntry($a.Key, $a.Value)))
}

$sessions = @{}
[WinbookSim.Wire]::Send('READY')
while ($null -ne ($line = $stdin.ReadLine())) {
    $f = $line.Split(' ')
    try {
        switch ($f[0]) {
            # OPEN sid script [noinput]: noinput for a script that reads its stdin through the façade (no $In).
            'OPEN' { $sessions[$f[1]] = New-Object WinbookSim.Session($f[1], $iss, [WinbookSim.Session]::UserState($userIss, $f[1]), [WinbookSim.Wire]::Text($f[2]), ($f[3] -ne 'noinput')) }
            'IN' { $s = $sessions[$f[1]]; if ($s) { $s.Input.Feed([WinbookSim.Wire]::Text($f[2])) } }
            'EOF' { $s = $sessions[$f[1]]; if ($s) { $s.Input.End() } }
            'KILL' { $s = $sessions[$f[1]]; if ($s) { $s.Stop(); $sessions.Remove($f[1]) } }
            'RET' { [WinbookSim.Bridge]::Reply($f[1], $f[2], $f[3]) }
        }
    }
    catch { [WinbookSim.Wire]::Send('FAIL ' + $f[1] + ' ' + [WinbookSim.Wire]::B64($_.Exception.Message)) }
}
# stdin ends when the simulator process goes away (even killed). Sessions still running agent scripts hold foreground
# threads that would keep this process alive as an orphan, so end it here rather than when the last thread ends.
[Environment]::Exit(0)
