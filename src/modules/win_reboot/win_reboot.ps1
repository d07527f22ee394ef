# win_reboot's host side: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade's system verbs (src/hostapi/contract/system.ts). `action: boot_time`
# returns the last boot time the controller compares to notice the reboot; `action: shutdown` also schedules a forced
# restart. A shutdown already scheduled (Win32 1190: by Windows Update, an administrator…) is cancelled and ours
# scheduled instead, as Ansible's reboot action does. The verb reports shutdown.exe's exit code as the error code, so
# this branch is reachable (it was not behind `2>&1` under ErrorActionPreference Stop: issue 13, win_reboot.ps1:14-17).
Set-StrictMode -Version 2.0

$info = Get-WbHostInfo
$result = @{ changed = $false; boot_time = [string]$info.BootTime }
if ([string](Get-ModuleArg 'action') -ne 'shutdown') { return $result }

$delay = [int](Get-ModuleArg 'pre_reboot_delay')
$message = [string](Get-ModuleArg 'msg')

# Schedules the restart; the Win32 code (0 when scheduled) and Windows' text.
function Invoke-Restart {
    try {
        Invoke-WbReboot -DelaySeconds $delay -Message $message
        return @{ rc = 0; text = '' }
    }
    catch {
        $e = $_.Exception
        if ($e -is [ComponentModel.Win32Exception]) { return @{ rc = $e.NativeErrorCode; text = $e.Message } }
        return @{ rc = 1; text = [string]$e.Message }
    }
}

$outcome = Invoke-Restart
if ($outcome.rc -eq 1190) {
    try {
        $null = Stop-WbScheduledReboot
        $outcome = Invoke-Restart
    }
    catch {
        $rc = 1
        if ($_.Exception -is [ComponentModel.Win32Exception]) { $rc = $_.Exception.NativeErrorCode }
        $outcome = @{ rc = $rc; text = [string]$_.Exception.Message }
    }
}
if ($outcome.rc -ne 0) {
    $result.failed = $true
    $result.rc = $outcome.rc
    $result.msg = "Reboot command failed: $($outcome.text)($($outcome.rc))"
    return $result
}
$result.changed = $true
return $result
