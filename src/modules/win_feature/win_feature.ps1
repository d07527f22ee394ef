# win_feature: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade (features verbs: ServerManager's Install-/Uninstall-WindowsFeature).
# As ansible.windows.win_feature 1.14: one install or uninstall call for all names, -WhatIf in check mode, every
# feature the call changed (or would change) in feature_result, and changed when that list is not empty; an unknown
# name fails with ServerManager's text behind "Failed to install Windows Feature: ".
# uses: ../module-utils/module-fail.ps1
Set-StrictMode -Version 2.0

$names = @(Get-ModuleArg -Name 'name' | ForEach-Object { [string]$_ })
$state = [string](Get-ModuleArg -Name 'state' -Default 'present')
$includeSub = [bool](Get-ModuleArg -Name 'include_sub_features' -Default $false)
$includeTools = [bool](Get-ModuleArg -Name 'include_management_tools' -Default $false)
$source = Get-ModuleArg -Name 'source'

$result = @{ changed = $false }

if ($state -eq 'present') {
    $splat = @{ Name = [string[]]$names; IncludeAllSubFeature = $includeSub; IncludeManagementTools = $includeTools; WhatIf = [bool]$CheckMode }
    if ($source) {
        # Test-Path -LiteralPath: a path that cannot be read or parsed is as missing.
        $exists = $false
        try { $exists = $null -ne (Get-WbItem -Path ([string]$source)) } catch { $exists = $false }
        if (-not $exists) { Fail-WbModule -Message "Failed to find source path $source for feature install" -Result $result }
        $splat.Source = [string]$source
    }
    try { $action = Install-WbWindowsFeature @splat }
    catch { Fail-WbModule -Message "Failed to install Windows Feature: $($_.Exception.Message)" -Result $result }
}
else {
    try { $action = Uninstall-WbWindowsFeature -Name ([string[]]$names) -IncludeManagementTools $includeTools -WhatIf ([bool]$CheckMode) }
    catch { Fail-WbModule -Message "Failed to uninstall Windows Feature: $($_.Exception.Message)" -Result $result }
}

# Ansible.ModuleUtils.Legacy's ConvertTo-Bool: a RestartState reads true only when it is 'Yes' ('Maybe' is false).
function ConvertTo-FeatureBool {
    param($Value)
    if ($Value -is [bool]) { return $Value }
    return (@('yes', 'on', '1', 'true') -contains ([string]$Value).ToLowerInvariant())
}

$featureResults = @()
foreach ($f in @($action.FeatureResult)) {
    if ($null -eq $f) { continue }
    $messages = @()
    foreach ($m in @($f.Message)) {
        if ($null -eq $m) { continue }
        $messages += @{ message_type = [string]$m.MessageType; error_code = $m.ErrorCode; text = [string]$m.Text }
    }
    $featureResults += @{
        id = [int]$f.Id
        display_name = [string]$f.DisplayName
        message = $messages
        reboot_required = ConvertTo-FeatureBool $f.RestartNeeded
        skip_reason = [string]$f.SkipReason
        success = ConvertTo-FeatureBool $f.Success
        restart_needed = ConvertTo-FeatureBool $f.RestartNeeded
    }
    $result.changed = $true
}
$result.feature_result = $featureResults
$result.success = ConvertTo-FeatureBool $action.Success
$result.exitcode = [string]$action.ExitCode
$result.reboot_required = ConvertTo-FeatureBool $action.RestartNeeded
$result.failed = (-not $result.success)
$result
