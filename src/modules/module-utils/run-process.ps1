# Shared by win_command and win_shell (composed before the module by src/modules/script.ts): start a process with
# every stream redirected and return Ansible's command result (rc, stdout, stderr, *_lines, start, end, delta).
function Invoke-ModuleProcess {
    param([string]$FileName, [string]$Arguments, $Chdir, $Stdin, [string]$Cmd)
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $FileName
    $psi.Arguments = $Arguments
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.RedirectStandardInput = $true
    $psi.CreateNoWindow = $true
    if ($null -ne $Chdir) { $psi.WorkingDirectory = [Environment]::ExpandEnvironmentVariables($Chdir) }

    $start = Get-Date
    $proc = [System.Diagnostics.Process]::Start($psi)
    # Read both streams asynchronously so a chatty stderr cannot fill its pipe and deadlock the child.
    $errTask = $proc.StandardError.ReadToEndAsync()
    if ($null -ne $Stdin) { $proc.StandardInput.Write([string]$Stdin) }
    $proc.StandardInput.Close()
    $stdout = $proc.StandardOutput.ReadToEnd()
    $stderr = $errTask.Result
    $proc.WaitForExit()
    $end = Get-Date

    $result = @{
        changed      = $true
        cmd          = $Cmd
        rc           = $proc.ExitCode
        stdout       = $stdout
        stderr       = $stderr
        stdout_lines = @($stdout -split '\r?\n' | Where-Object { $_ -ne '' })
        stderr_lines = @($stderr -split '\r?\n' | Where-Object { $_ -ne '' })
        start        = $start.ToString('yyyy-MM-dd HH:mm:ss.ffffff')
        end          = $end.ToString('yyyy-MM-dd HH:mm:ss.ffffff')
        delta        = ($end - $start).ToString()
    }
    if ($proc.ExitCode -ne 0) {
        $result.failed = $true
        $result.msg = 'non-zero return code'
    }
    $result
}

