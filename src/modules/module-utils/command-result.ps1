# Shared by win_command and win_shell (composed before the module by src/modules/script.ts): creates/removes through
# the files verbs, and Ansible's command result (rc, stdout, stderr, *_lines, start, end, delta) from the processes
# verb Invoke-WbProcess (src/hostapi/contract/processes.ts), which runs the program on the host.
# uses: module-fail.ps1

# Whether a creates/removes path exists; a wildcard is allowed in its last segment (as Test-Path takes it).
function Test-CommandPath {
    param([string]$Path)
    $slash = $Path.LastIndexOf('\')
    $leaf = $Path.Substring($slash + 1)
    if ($leaf -notmatch '[*?]') {
        try { return ($null -ne (Get-WbItem -Path $Path)) }
        catch [System.ComponentModel.Win32Exception] { return $false }
    }
    if ($slash -lt 0) { return $false }
    try { $items = @(Get-WbChildItem -Path $Path.Substring(0, $slash + 1)) }
    catch [System.ComponentModel.Win32Exception] { return $false }
    foreach ($i in $items) { if ([string]$i.Name -like $leaf) { return $true } }
    $false
}

# The skipped result when creates/removes says not to run, else $null.
function Test-CommandGuard {
    param([string]$Cmd)
    if (Test-ModuleArg -Name 'creates') {
        $creates = [string](Get-ModuleArg -Name 'creates')
        if (Test-CommandPath -Path $creates) { return @{ changed = $false; skipped = $true; cmd = $Cmd; rc = 0; msg = "skipped, since $creates exists" } }
    }
    if (Test-ModuleArg -Name 'removes') {
        $removes = [string](Get-ModuleArg -Name 'removes')
        if (-not (Test-CommandPath -Path $removes)) { return @{ changed = $false; skipped = $true; cmd = $Cmd; rc = 0; msg = "skipped, since $removes does not exist" } }
    }
    $null
}

function Split-CommandLines {
    param([string]$Text)
    if ($Text -eq '') { return ,@() }
    ,@(($Text -replace '\r?\n$', '') -split '\r?\n')
}

# Ansible's result for one Invoke-WbProcess run: failed with 'non-zero return code' when rc is not 0.
function ConvertTo-CommandResult {
    param($Run, [string]$Cmd)
    $culture = [Globalization.CultureInfo]::InvariantCulture
    $format = 'yyyy-MM-dd HH:mm:ss.ffffff'
    $d = [DateTime]::ParseExact([string]$Run.End, $format, $culture) - [DateTime]::ParseExact([string]$Run.Start, $format, $culture)
    $stdout = [string]$Run.Stdout
    $stderr = [string]$Run.Stderr
    $result = @{
        changed      = $true
        cmd          = $Cmd
        rc           = [int]$Run.ExitCode
        stdout       = $stdout
        stderr       = $stderr
        stdout_lines = (Split-CommandLines -Text $stdout)
        stderr_lines = (Split-CommandLines -Text $stderr)
        start        = [string]$Run.Start
        end          = [string]$Run.End
        delta        = ('{0}:{1:00}:{2:00}.{3:000000}' -f [int][Math]::Floor($d.TotalHours), $d.Minutes, $d.Seconds, [int][Math]::Floor(($d.Ticks % 10000000) / 10))
    }
    if ([int]$Run.ExitCode -ne 0) {
        $result.failed = $true
        $result.msg = 'non-zero return code'
    }
    $result
}

# Runs the program as win_command/win_shell do: one that cannot start (not found, bad chdir) is caught there and
# FailJson'd with the exception's message and rc = its Win32 error code (2 when it has none), a clean failure.
function Invoke-CommandProcess {
    param([Parameter(Mandatory = $true)][hashtable]$Run)
    try { Invoke-WbProcess @Run }
    catch {
        $rc = 2
        $e = $_.Exception
        while ($null -ne $e) {
            if ($e -is [ComponentModel.Win32Exception]) { $rc = $e.NativeErrorCode; break }
            $e = $e.InnerException
        }
        Fail-WbModule -Result @{ changed = $false; rc = $rc } -Message $_.Exception.Message
    }
}
