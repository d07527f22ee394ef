# Façade, Windows side (src/hostapi/contract/features.ts). Windows PowerShell 5.1 on Windows Server, where the
# ServerManager module ships (Import-Module fails on a workstation SKU, which has no such module). The cmdlets'
# results are flattened to plain data so a module reads the same fields here and in the simulator.

function ConvertTo-WbFeatureOperation {
    param([Parameter(Mandatory = $true)]$Result)
    $features = @(foreach ($f in @($Result.FeatureResult)) {
            if ($null -eq $f) { continue }
            $messages = @(foreach ($m in @($f.Message)) {
                    if ($null -eq $m) { continue }
                    [pscustomobject]@{ MessageType = $m.MessageType.ToString(); ErrorCode = $m.ErrorCode; Text = [string]$m.Text }
                })
            [pscustomobject]@{
                Id = [int]$f.Id; Name = [string]$f.Name; DisplayName = [string]$f.DisplayName; Message = $messages
                RestartNeeded = [bool]$f.RestartNeeded; SkipReason = $f.SkipReason.ToString(); Success = [bool]$f.Success
            }
        })
    [pscustomobject]@{
        Success = [bool]$Result.Success
        RestartNeeded = $Result.RestartNeeded.ToString()
        ExitCode = $Result.ExitCode.ToString()
        FeatureResult = $features
    }
}

# ServerManager's refusals as the contract's codes, keeping Windows' text: an unknown name (ArgumentNotValid …) is 87,
# a removed payload with no source is CBS_E_SOURCE_MISSING. (A bare negative literal after -ArgumentList binds as text, which
# picks the message-only constructor: the code is cast.)
function ConvertTo-WbFeatureError {
    param([Parameter(Mandatory = $true)]$ErrorRecord)
    $msg = $ErrorRecord.Exception.Message
    if ($msg -like 'ArgumentNotValid:*') { return (New-Object ComponentModel.Win32Exception -ArgumentList 87, $msg) }
    if ($msg -match '0x800f081f') { return (New-Object ComponentModel.Win32Exception -ArgumentList @([int]-2146498529, $msg)) }
    ConvertTo-WbWin32Exception $ErrorRecord
}

function Get-WbWindowsFeature {
    [CmdletBinding()]
    param([AllowNull()][AllowEmptyCollection()][string[]]$Name)
    Import-Module -Name ServerManager -ErrorAction Stop
    $all = @(Get-WindowsFeature)
    foreach ($f in $all) {
        if ($PSBoundParameters.ContainsKey('Name') -and $null -ne $Name -and -not ($Name | Where-Object { $_ -ieq $f.Name })) { continue }
        [pscustomobject]@{
            Name = [string]$f.Name; DisplayName = [string]$f.DisplayName; FeatureType = [string]$f.FeatureType
            InstallState = $f.InstallState.ToString(); Parent = $f.Parent; SubFeatures = @($f.SubFeatures); Depth = [int]$f.Depth
        }
    }
}

function Install-WbWindowsFeature {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string[]]$Name,
        [bool]$IncludeAllSubFeature = $false,
        [bool]$IncludeManagementTools = $false,
        [AllowNull()][AllowEmptyString()][string]$Source,
        [bool]$WhatIf = $false
    )
    Import-Module -Name ServerManager -ErrorAction Stop
    $splat = @{
        Name = $Name; IncludeAllSubFeature = $IncludeAllSubFeature; IncludeManagementTools = $IncludeManagementTools
        Restart = $false; Confirm = $false; WhatIf = $WhatIf; ErrorAction = 'Stop'
    }
    if ($Source) { $splat.Source = $Source }
    try { $r = Install-WindowsFeature @splat }
    catch { throw (ConvertTo-WbFeatureError $_) }
    ConvertTo-WbFeatureOperation $r
}

function Uninstall-WbWindowsFeature {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string[]]$Name,
        [bool]$IncludeManagementTools = $false,
        [bool]$WhatIf = $false
    )
    Import-Module -Name ServerManager -ErrorAction Stop
    $splat = @{ Name = $Name; IncludeManagementTools = $IncludeManagementTools; Restart = $false; Confirm = $false; WhatIf = $WhatIf; ErrorAction = 'Stop' }
    try { $r = Uninstall-WindowsFeature @splat }
    catch { throw (ConvertTo-WbFeatureError $_) }
    ConvertTo-WbFeatureOperation $r
}
