# win_service_info: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Read-only: one CIM query for all services, matched on name or display name (wildcards).
Set-StrictMode -Version 2.0

$pattern = $null
$prop = $ModuleArgs.PSObject.Properties['name']
if ($null -ne $prop -and $null -ne $prop.Value) { $pattern = [string]$prop.Value }

$cimServices = @(Get-CimInstance -ClassName Win32_Service)
$byName = @{}
foreach ($c in $cimServices) { $byName[$c.Name] = $c }

$matched = @(Get-Service | Where-Object {
        $null -eq $pattern -or $_.Name -like $pattern -or $_.DisplayName -like $pattern
    } | Sort-Object -Property Name)

$services = @(foreach ($svc in $matched) {
        $cim = $byName[$svc.Name]
        $startMode = "$($svc.StartType)".ToLowerInvariant()
        if ($startMode -eq 'automatic') {
            $startMode = 'auto'
            $delayed = Get-ItemProperty -LiteralPath "HKLM:\SYSTEM\CurrentControlSet\Services\$($svc.Name)" -Name DelayedAutostart -ErrorAction SilentlyContinue
            if ($null -ne $delayed -and $delayed.DelayedAutostart -eq 1) { $startMode = 'delayed' }
        }
        $info = @{
            name                   = $svc.Name
            display_name           = $svc.DisplayName
            state                  = ("$($svc.Status)" -creplace '(?<=[a-z])([A-Z])', '_$1').ToLowerInvariant()
            start_mode             = $startMode
            dependencies           = @($svc.ServicesDependedOn | ForEach-Object { $_.Name })
            dependency_of          = @($svc.DependentServices | ForEach-Object { $_.Name })
            can_pause_and_continue = $svc.CanPauseAndContinue
            service_type           = "$($svc.ServiceType)"
            username               = $null
            path                   = $null
            description            = $null
            desktop_interact       = $false
        }
        if ($null -ne $cim) {
            $info.username = $cim.StartName
            $info.path = $cim.PathName
            $info.description = $cim.Description
            $info.desktop_interact = [bool]$cim.DesktopInteract
        }
        $info
    })

@{ changed = $false; exists = $services.Count -gt 0; services = $services }
