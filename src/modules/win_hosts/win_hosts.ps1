# win_hosts: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (files verbs). Edits %SystemRoot%\System32\drivers\etc\hosts as
# ansible.windows.win_hosts does: an entry is "IP canonical_name [aliases...] [# comment]"; comment lines and lines
# that do not parse are kept as they are. present makes canonical_name an A/AAAA record of ip_address (moving it
# and its aliases off other entries of the same address family) and applies `action` to the aliases (set: exactly
# these, add: these too, remove: not these); absent removes every entry matching the given ip_address and/or
# canonical_name (all entries when neither is given). The file is rewritten as Set-Content writes it (CRLF lines);
# diff before/after are the lines joined with LF.
# uses: ../module-utils/module-fail.ps1
Set-StrictMode -Version 2.0

$state = [string](Get-ModuleArg -Name 'state' -Default 'present')
$action = [string](Get-ModuleArg -Name 'action' -Default 'set')
$wantName = [string](Get-ModuleArg -Name 'canonical_name' -Default '')
$wantIpText = [string](Get-ModuleArg -Name 'ip_address' -Default '')
$wantAliases = @(Get-ModuleArg -Name 'aliases' -Default @() | ForEach-Object { [string]$_ })

$wantIp = $null
if ($wantIpText -and -not [Net.IPAddress]::TryParse($wantIpText, [ref]$wantIp)) {
    Fail-WbModule -Message "win_hosts: Argument ip_address needs to be a valid ip address, but was $wantIpText"
}
$wantFamily = if ($null -ne $wantIp) { [string]$wantIp.AddressFamily } else { '' }

$path = (Expand-WbEnvironmentString -Text '%SystemRoot%') + '\System32\drivers\etc\hosts'
$text = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String((Read-WbFile -Path $path)))
if ($text.Length -gt 0 -and $text[0] -eq [char]0xFEFF) { $text = $text.Substring(1) }
$lines = New-Object 'System.Collections.Generic.List[string]'
foreach ($l in ($text -split "`r?`n")) { $lines.Add($l) }
# Get-Content yields no line after the last line break.
if ($lines.Count -gt 0 -and $lines[$lines.Count - 1] -eq '') { $lines.RemoveAt($lines.Count - 1) }
$before = [string]::Join("`n", $lines.ToArray()) + "`n"
$changed = $false

# Where the comment starts (the line's length when none).
function Get-CommentStart {
    param([string]$Line)
    $i = $Line.IndexOf('#')
    if ($i -lt 0) { return $Line.Length }
    $i
}

# One line as an entry, or $null for a comment, blank or unparsable line.
function ConvertFrom-HostsLine {
    param([string]$Line)
    if ($Line.Trim().StartsWith('#')) { return $null }
    $words = @($Line.Substring(0, (Get-CommentStart -Line $Line)).Trim() -split '\s+' | Where-Object { $_ -ne '' })
    if ($words.Count -lt 2) { return $null }
    $ip = $null
    if (-not [Net.IPAddress]::TryParse($words[0], [ref]$ip)) { return $null }
    [pscustomobject]@{ Ip = $ip.ToString(); Family = [string]$ip.AddressFamily; Name = $words[1]; Aliases = @($words | Select-Object -Skip 2) }
}

# The line without the given host names (before its comment); $null when no host name is left on it.
function Remove-HostNames {
    param([string]$Line, [string[]]$Names)
    foreach ($n in $Names) {
        $re = New-Object regex -ArgumentList ('\s+' + [regex]::Escape($n) + '(\s|$)'), ([Text.RegularExpressions.RegexOptions]::IgnoreCase)
        $m = $re.Match($Line, 0, (Get-CommentStart -Line $Line))
        if (-not $m.Success) { continue }
        # Keep the whitespace before the name, drop the name and what followed it.
        $Line = $Line.Remove($m.Index + 1, $m.Length - 1)
        if ($Line.Substring(0, (Get-CommentStart -Line $Line)).Trim() -notmatch '\s') { return $null }
    }
    $Line
}

if ($state -eq 'absent') {
    for ($i = $lines.Count - 1; $i -ge 0; $i--) {
        $e = ConvertFrom-HostsLine -Line $lines[$i]
        if ($null -eq $e) { continue }
        if ($wantIpText -and $e.Ip -ne $wantIpText) { continue }
        if ($wantName -and $e.Name -ne $wantName) { continue }
        $lines.RemoveAt($i)
        $changed = $true
    }
}
else {
    $target = -1
    $keep = @()
    $i = 0
    while ($i -lt $lines.Count) {
        $e = ConvertFrom-HostsLine -Line $lines[$i]
        $strip = @()
        $dropped = $false
        if ($null -ne $e) {
            if ($e.Ip -eq $wantIpText) {
                if ($e.Name -eq $wantName) {
                    $target = $i
                    if ($action -eq 'set') { $strip = @($e.Aliases | Where-Object { $wantAliases -notcontains $_ }) }
                    elseif ($action -eq 'remove') { $strip = $wantAliases }
                }
                # Same address, another canonical name: our names must not be on it.
                else { $strip = $wantAliases + $wantName }
            }
            elseif ($e.Family -eq $wantFamily) {
                $carry = @($e.Aliases | Where-Object { ($wantAliases + $keep + $wantName) -notcontains $_ })
                if ($e.Name -eq $wantName) {
                    # Our name on another address: the entry goes; its other aliases move with the name unless set.
                    $lines.RemoveAt($i); $changed = $true; $dropped = $true
                    if ($action -ne 'set') { $keep += $carry }
                }
                elseif ($action -eq 'remove') { $strip = @($wantName) }
                elseif ($wantAliases -contains $e.Name) {
                    $lines.RemoveAt($i); $changed = $true; $dropped = $true
                    if ($action -eq 'add') { $keep += $carry }
                }
                else { $strip = $wantAliases + $wantName }
            }
        }
        if (-not $dropped -and $strip.Count -gt 0) {
            $new = Remove-HostNames -Line $lines[$i] -Names $strip
            if ($null -eq $new) { $lines.RemoveAt($i); $changed = $true; $dropped = $true }
            elseif ($new -ne $lines[$i]) { $lines[$i] = $new; $changed = $true }
        }
        if (-not $dropped) { $i++ }
        elseif ($target -gt $i) { $target-- }
    }
    if ($target -ge 0) {
        $have = (ConvertFrom-HostsLine -Line $lines[$target]).Aliases
        $add = @($wantAliases + $keep)
        if ($action -eq 'remove') { $add = @($keep) }
        $line = $lines[$target]
        foreach ($n in @($add | Where-Object { $have -notcontains $_ })) {
            $probe = New-Object regex -ArgumentList ('\s+' + [regex]::Escape($n) + '(\s|$)'), ([Text.RegularExpressions.RegexOptions]::IgnoreCase)
            if (-not $probe.Match($line, 0, (Get-CommentStart -Line $line)).Success) { $line = $line.Insert((Get-CommentStart -Line $line), " $n ") }
        }
        if ($line -ne $lines[$target]) { $lines[$target] = $line; $changed = $true }
    }
    else {
        # An if used as a value unrolls an empty array to $null: assign inside the branches.
        $names = @($wantAliases + $keep)
        if ($action -eq 'remove') { $names = @($keep) }
        $lines.Add("$wantIpText $wantName " + [string]::Join(' ', [string[]]$names))
        $changed = $true
    }
}

$after = [string]::Join("`n", $lines.ToArray()) + "`n"
if ($changed -and -not $CheckMode) {
    # Set-Content: each line followed by CRLF.
    $out = New-Object Text.StringBuilder
    foreach ($l in $lines) { $null = $out.Append($l).Append("`r`n") }
    $null = Write-WbFile -Path $path -Data ([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($out.ToString())))
}
$result = @{ changed = $changed }
if ($DiffMode) { $result.diff = @{ before = $before; after = $after } }
$result
