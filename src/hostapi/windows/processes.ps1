# Façade, Windows side (src/hostapi/contract/processes.ts): running programs. Windows PowerShell 5.1.
# System.Diagnostics.Process with UseShellExecute $false and every stream redirected; stdout/stderr read
# asynchronously; ExitCode read only after WaitForExit (Start-Process -PassThru leaves it $null: PowerShell issue
# 5421); output decoded with the OEM code page children write (or UTF-8 when the caller says so); a child
# powershell.exe's CLIXML error stream decoded to text. Never a secret on a command line: stdin carries it.

# One argument quoted so CommandLineToArgvW gives it back unchanged: quotes only when needed; backslashes doubled
# before a quote and before the closing quote.
function ConvertTo-WbArgumentText {
    param([AllowEmptyString()][string]$Argument)
    if ($Argument -ne '' -and $Argument -notmatch '[\s"]') { return $Argument }
    '"' + ($Argument -replace '(\\*)"', '$1$1\"' -replace '(\\+)$', '$1$1') + '"'
}

# The text a redirected powershell.exe wrote as CLIXML ("#< CLIXML" then <Objs>): its error, warning, verbose...
# strings as the console would have shown them. Any other text comes back as is.
function ConvertFrom-WbClixml {
    param([AllowEmptyString()][string]$Text)
    if ($null -eq $Text -or -not $Text.StartsWith('#< CLIXML')) { return $Text }
    $sb = New-Object System.Text.StringBuilder
    foreach ($m in [regex]::Matches($Text, '<S S="(Error|Warning|Verbose|Debug|Information)">(.*?)</S>', 'Singleline')) {
        $s = [Net.WebUtility]::HtmlDecode($m.Groups[2].Value)
        $s = [regex]::Replace($s, '_x([0-9A-Fa-f]{4})_', { param($x) [string][char][Convert]::ToInt32($x.Groups[1].Value, 16) })
        [void]$sb.Append($s)
    }
    $sb.ToString()
}

function Get-WbProcessEncoding {
    # (Named without digits: the tree-sitter grammar the tests parse with rejects a parameter name like -Utf8 before a value.)
    param([bool]$AsUtf)
    if ($AsUtf) { return (New-Object System.Text.UTF8Encoding $false) }
    [Text.Encoding]::GetEncoding([Globalization.CultureInfo]::CurrentCulture.TextInfo.OEMCodePage)
}

function Get-WbTimestamp {
    param([DateTime]$When)
    $When.ToString('yyyy-MM-dd HH:mm:ss.ffffff', [Globalization.CultureInfo]::InvariantCulture)
}

# Process.Start for the launch parameters; a refusal comes out as the innermost Win32Exception.
function Start-WbChildProcess {
    param([string]$FilePath, [string[]]$ArgumentList, [string]$CommandLine, [string]$WorkingDirectory, $Environment, [bool]$AsUtf, [bool]$RedirectInput)
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = [Environment]::ExpandEnvironmentVariables($FilePath)
    if ($null -ne $ArgumentList) { $psi.Arguments = (@($ArgumentList) | ForEach-Object { ConvertTo-WbArgumentText -Argument ([string]$_) }) -join ' ' }
    elseif ($null -ne $CommandLine) { $psi.Arguments = $CommandLine }
    if ($WorkingDirectory) { $psi.WorkingDirectory = [Environment]::ExpandEnvironmentVariables($WorkingDirectory) }
    $psi.UseShellExecute = $false
    $psi.CreateNoWindow = $true
    $psi.RedirectStandardInput = $RedirectInput
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $enc = Get-WbProcessEncoding -AsUtf $AsUtf
    $psi.StandardOutputEncoding = $enc
    $psi.StandardErrorEncoding = $enc
    if ($null -ne $Environment) {
        if ($Environment -is [Collections.IDictionary]) { foreach ($k in @($Environment.Keys)) { $psi.EnvironmentVariables[[string]$k] = [string]$Environment[$k] } }
        else { foreach ($p in $Environment.PSObject.Properties) { $psi.EnvironmentVariables[$p.Name] = [string]$p.Value } }
    }
    try { [System.Diagnostics.Process]::Start($psi) }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
}

function Find-WbProgram {
    param([Parameter(Mandatory = $true)][string]$Name)
    $n = [Environment]::ExpandEnvironmentVariables($Name)
    $names = @($n)
    if (-not [IO.Path]::HasExtension($n)) { $names = @("$n.exe") }
    if ([IO.Path]::IsPathRooted($n) -or $n.Contains('\') -or $n.Contains('/')) {
        foreach ($x in $names) { $full = [IO.Path]::GetFullPath($x); if ([IO.File]::Exists($full)) { return $full } }
        return $null
    }
    # CreateProcess's search order: the agent's own folder, the current folder, System32, the Windows folder, PATH.
    $dirs = New-Object System.Collections.Generic.List[string]
    $dirs.Add([IO.Path]::GetDirectoryName([Diagnostics.Process]::GetCurrentProcess().MainModule.FileName))
    $dirs.Add([Environment]::CurrentDirectory)
    $dirs.Add([Environment]::SystemDirectory)
    $dirs.Add([Environment]::GetFolderPath('Windows'))
    foreach ($d in ([string][Environment]::GetEnvironmentVariable('PATH', 'Process')) -split ';') {
        if ($d.Trim() -ne '') { $dirs.Add([Environment]::ExpandEnvironmentVariables($d.Trim().Trim('"'))) }
    }
    foreach ($d in $dirs) {
        foreach ($x in $names) {
            try { $full = [IO.Path]::Combine($d, $x) } catch { continue }
            if ([IO.File]::Exists($full)) { return $full }
        }
    }
    $null
}

function Invoke-WbProcess {
    param(
        [Parameter(Mandatory = $true)][string]$FilePath,
        [string[]]$ArgumentList,
        [string]$CommandLine,
        [string]$WorkingDirectory,
        $Environment,
        [switch]$Utf8,
        [AllowNull()][string]$Stdin,
        [int]$TimeoutSeconds = 0
    )
    $start = Get-Date
    $proc = Start-WbChildProcess -FilePath $FilePath -ArgumentList $ArgumentList -CommandLine $CommandLine -WorkingDirectory $WorkingDirectory -Environment $Environment -AsUtf $Utf8.IsPresent -RedirectInput $true
    try {
        # Both streams read asynchronously before stdin is written, so neither pipe can fill and stall the child.
        $outTask = $proc.StandardOutput.ReadToEndAsync()
        $errTask = $proc.StandardError.ReadToEndAsync()
        if ($Stdin) {
            $w = New-Object System.IO.StreamWriter($proc.StandardInput.BaseStream, (Get-WbProcessEncoding -AsUtf $Utf8.IsPresent))
            try { $w.Write($Stdin) } catch [System.IO.IOException] { } finally { try { $w.Dispose() } catch [System.IO.IOException] { } }
        }
        else { try { $proc.StandardInput.Close() } catch [System.IO.IOException] { } }
        $timedOut = $false
        if ($TimeoutSeconds -gt 0) {
            if (-not $proc.WaitForExit($TimeoutSeconds * 1000)) {
                $timedOut = $true
                try { $proc.Kill() } catch [InvalidOperationException] { }
            }
        }
        $proc.WaitForExit()
        $exitCode = $proc.ExitCode
        if ($timedOut) { $exitCode = -1 }
        # The streams end when the last holder of the pipes exits: a grandchild that outlives the child may keep
        # them open, so their end is awaited 10 s at most (then that stream reads as empty).
        $stdout = ''
        $stderr = ''
        if ($outTask.Wait(10000)) { $stdout = [string]$outTask.Result }
        if ($errTask.Wait(10000)) { $stderr = [string]$errTask.Result }
        $end = Get-Date
        [pscustomobject]@{
            ExitCode = [int]$exitCode
            Stdout   = $stdout
            Stderr   = [string](ConvertFrom-WbClixml -Text $stderr)
            TimedOut = $timedOut
            Start    = Get-WbTimestamp -When $start
            End      = Get-WbTimestamp -When $end
        }
    }
    finally { $proc.Dispose() }
}

# Processes Start-WbProcess left running, by id, for Wait-WbProcess: the agent's session outlives each request.
# (Get-Variable, not $global:..., so loading the façade under Set-StrictMode does not fail on an unset variable.)
if ($null -eq (Get-Variable -Name WinbookProcesses -Scope Global -ValueOnly -ErrorAction SilentlyContinue)) { $global:WinbookProcesses = @{} }

# Move every line the child has written so far into the entry (never blocks); true when a new line matched.
function Read-WbStartedOutput {
    param($Entry, [string]$Pattern)
    $matched = $false
    foreach ($s in @('Out', 'Err')) {
        while ($null -ne $Entry[$s] -and $Entry[$s].IsCompleted) {
            $line = $Entry[$s].Result
            if ($null -eq $line) { $Entry[$s] = $null; break }
            if ($s -eq 'Out') { [void]$Entry.Stdout.Append($line).Append("`r`n") } else { [void]$Entry.Stderr.Append($line).Append("`r`n") }
            if ($Pattern -and [regex]::IsMatch($line, $Pattern, 'IgnoreCase')) { $matched = $true }
            if ($s -eq 'Out') { $Entry[$s] = $Entry.Process.StandardOutput.ReadLineAsync() } else { $Entry[$s] = $Entry.Process.StandardError.ReadLineAsync() }
        }
    }
    $matched
}

function Wait-WbStartedProcess {
    param($Entry, [string]$Pattern, [int]$TimeoutSeconds)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $matched = $false
    while ($true) {
        if (Read-WbStartedOutput -Entry $Entry -Pattern $Pattern) { $matched = $true; break }
        if ($Entry.Process.HasExited) {
            $Entry.Process.WaitForExit()
            # The rest of the output (a grandchild holding the pipe may delay its end: 5 s at most).
            $drain = [DateTime]::UtcNow.AddSeconds(5)
            while (($null -ne $Entry.Out -or $null -ne $Entry.Err) -and [DateTime]::UtcNow -lt $drain) {
                if (Read-WbStartedOutput -Entry $Entry -Pattern $Pattern) { $matched = $true }
                Start-Sleep -Milliseconds 50
            }
            break
        }
        if ([DateTime]::UtcNow -ge $deadline) { break }
        Start-Sleep -Milliseconds 200
    }
    $exited = $Entry.Process.HasExited
    $exitCode = $null
    if ($exited) { $Entry.Process.WaitForExit(); $exitCode = [int]$Entry.Process.ExitCode }
    [pscustomobject]@{
        Id        = [int]$Entry.Id
        HasExited = [bool]$exited
        ExitCode  = $exitCode
        Matched   = $matched
        Output    = $Entry.Stdout.ToString() + (ConvertFrom-WbClixml -Text $Entry.Stderr.ToString())
        Start     = [string]$Entry.Start
    }
}

function Start-WbProcess {
    param(
        [Parameter(Mandatory = $true)][string]$FilePath,
        [string[]]$ArgumentList,
        [string]$CommandLine,
        [string]$WorkingDirectory,
        $Environment,
        [switch]$Utf8,
        [string]$WaitPattern,
        [Parameter(Mandatory = $true)][int]$TimeoutSeconds
    )
    $start = Get-Date
    $proc = Start-WbChildProcess -FilePath $FilePath -ArgumentList $ArgumentList -CommandLine $CommandLine -WorkingDirectory $WorkingDirectory -Environment $Environment -AsUtf $Utf8.IsPresent -RedirectInput $true
    try { $proc.StandardInput.Close() } catch [System.IO.IOException] { }
    $entry = @{
        Id = $proc.Id; Process = $proc; Start = (Get-WbTimestamp -When $start)
        Stdout = (New-Object System.Text.StringBuilder); Stderr = (New-Object System.Text.StringBuilder)
        Out = $proc.StandardOutput.ReadLineAsync(); Err = $proc.StandardError.ReadLineAsync()
    }
    $global:WinbookProcesses[[int]$proc.Id] = $entry
    Wait-WbStartedProcess -Entry $entry -Pattern $WaitPattern -TimeoutSeconds $TimeoutSeconds
}

function Wait-WbProcess {
    param([Parameter(Mandatory = $true)][int]$Id, [string]$WaitPattern, [Parameter(Mandatory = $true)][int]$TimeoutSeconds)
    $entry = $global:WinbookProcesses[$Id]
    # OpenProcess on an id this agent does not know answers ERROR_INVALID_PARAMETER.
    if ($null -eq $entry) { throw (New-Object ComponentModel.Win32Exception 87) }
    Wait-WbStartedProcess -Entry $entry -Pattern $WaitPattern -TimeoutSeconds $TimeoutSeconds
}
