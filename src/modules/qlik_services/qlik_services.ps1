# qlik_services: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Stops the node's Qlik services in reverse start order, starts them in order (QRD, QSD, QRS, the rest), waits
# until each runs, leaves the `keep` services (the Repository Database) untouched and skips Disabled ones.
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$state = Get-ModuleArg -Name 'state'
$keep = @(Get-ModuleArg -Name 'keep' -Default @('QlikSenseRepositoryDatabase'))
$timeout = [int](Get-ModuleArg -Name 'timeout' -Default 600)
$list = @(Get-QlikService -Names (Get-ModuleArg -Name 'services') | Where-Object { $keep -notcontains $_.Name -and "$($_.StartType)" -ne 'Disabled' })
$order = New-Object System.Collections.Generic.List[string]
$changed = $false

if ($state -eq 'stopped' -or $state -eq 'restarted') {
    [array]::Reverse($list)
    foreach ($svc in $list) {
        if ($svc.Status -eq 'Stopped') { continue }
        $order.Add("stop $($svc.Name)")
        $changed = $true
        if (-not $CheckMode) { Stop-QlikService -Service $svc -Timeout $timeout }
    }
    [array]::Reverse($list)
}
if ($state -eq 'started' -or $state -eq 'restarted') {
    foreach ($svc in $list) {
        $svc.Refresh()
        if ($svc.Status -eq 'Running' -and -not ($CheckMode -and $state -eq 'restarted')) { continue }
        $order.Add("start $($svc.Name)")
        $changed = $true
        if ($CheckMode) { continue }
        try {
            Start-QlikService -Service $svc -Timeout $timeout
        } catch {
            return @{ failed = $true; changed = $changed; order = $order.ToArray(); failed_service = $svc.Name
                msg = "Service '$($svc.Name)' ($($svc.DisplayName)) did not start: $($_.Exception.Message)" }
        }
    }
}

@{
    changed  = $changed
    order    = $order.ToArray()
    services = @($list | ForEach-Object { $_.Refresh(); @{ name = $_.Name; state = "$($_.Status)".ToLowerInvariant() } })
}
