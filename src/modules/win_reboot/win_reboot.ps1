# win_reboot's host side: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. `action: boot_time` returns the last boot time (FILETIME) the controller compares to
# notice the reboot; `action: shutdown` also schedules a forced restart with shutdown.exe, cancelling a pending
# one first as Ansible does (exit 1190: "A system shutdown has already been scheduled").
Set-StrictMode -Version 2.0

$os = Get-CimInstance -ClassName Win32_OperatingSystem -Property LastBootUpTime
$result = @{ changed = $false; boot_time = [string]$os.LastBootUpTime.ToFileTime() }
if ([string](Get-ModuleArg 'action' 'boot_time') -ne 'shutdown') { return $result }

$delay = [int](Get-ModuleArg 'pre_reboot_delay' 2)
$msg = [string](Get-ModuleArg 'msg' 'Reboot initiated by winbook')
$shutdownArgs = @('/r', '/t', "$delay", '/c', "`"$msg`"", '/f', '/d', 'p:0:0')
$output = & shutdown.exe @shutdownArgs 2>&1
if ($LASTEXITCODE -eq 1190) {
    $null = & shutdown.exe /a 2>&1
    $output = & shutdown.exe @shutdownArgs 2>&1
}
if ($LASTEXITCODE -ne 0) {
    $result.failed = $true
    $result.rc = $LASTEXITCODE
    $result.msg = "Reboot command failed: $(@($output) -join ' ')".Trim()
    return $result
}
$result.changed = $true
return $result
