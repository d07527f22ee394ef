# qlik_services: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Stops the node's Qlik services in reverse start order, starts them in order (QRD, QSD, QRS, the rest), waits
# until each runs (at most `timeout` seconds each, then 1053), leaves the `keep` services (the Repository Database)
# untouched and skips Disabled ones. Defaults come from the module's schema. Needs qlik_qrs/services.ps1.
# uses: ../qlik_qrs/services.ps1
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$state = Get-ModuleArg -Name 'state'
$keep = @(Get-ModuleArg -Name 'keep')
$timeout = [int](Get-ModuleArg -Name 'timeout')
# Absent: every Qlik service; `services: []`: none (issue 13, M1).
$names = $null
if (Test-ModuleArg -Name 'services') { $names = @(Get-ModuleArg -Name 'services') }

try { $all = @(Get-QlikService -Names $names) }
catch { return @{ failed = $true; changed = $false; msg = (Format-QlikServiceError -ErrorRecord $_) } }
$list = @($all | Where-Object { $keep -notcontains $_.Name -and $_.StartMode -ne 'Disabled' })
$order = New-Object System.Collections.Generic.List[string]
$changed = $false

if ($state -eq 'stopped' -or $state -eq 'restarted') {
    for ($i = $list.Count - 1; $i -ge 0; $i--) {
        $svc = $list[$i]
        if ($svc.State -eq 'Stopped') { continue }
        $order.Add("stop $($svc.Name)")
        $changed = $true
        if ($CheckMode) { continue }
        try { Stop-QlikService -Name $svc.Name -Timeout $timeout }
        catch {
            return @{ failed = $true; changed = $changed; order = $order.ToArray(); failed_service = $svc.Name
                msg = "Service '$($svc.Name)' ($($svc.DisplayName)) did not stop: $(Format-QlikServiceError -ErrorRecord $_)" }
        }
    }
}
if ($state -eq 'started' -or $state -eq 'restarted') {
    foreach ($svc in $list) {
        $now = Get-WbService -Name $svc.Name
        # In check mode nothing was stopped: a running service counts as restarted all the same.
        if ($now.State -eq 'Running' -and -not ($CheckMode -and $state -eq 'restarted')) { continue }
        $order.Add("start $($svc.Name)")
        $changed = $true
        if ($CheckMode) { continue }
        try { Start-QlikService -Name $svc.Name -Timeout $timeout }
        catch {
            return @{ failed = $true; changed = $changed; order = $order.ToArray(); failed_service = $svc.Name
                msg = "Service '$($svc.Name)' ($($svc.DisplayName)) did not start: $($_.Exception.Message)" }
        }
    }
}

$services = @(foreach ($svc in $list) {
        $now = Get-WbService -Name $svc.Name
        @{ name = $now.Name; state = $now.State.ToLowerInvariant(); username = $now.Account }
    })
@{ changed = $changed; order = $order.ToArray(); services = $services }
