/**
 * The Windows side of the features and updates verbs (src/hostapi/windows/features.ps1, updates.ps1) run in pwsh.
 * ServerManager's cmdlets and the Windows Update Agent's COM objects exist only on Windows, so stand-ins answer as
 * they do (FeatureOperationResult, IUpdateSearcher.Search's ISearchResult) and record how they were called; what
 * runs is the PowerShell around them: the splats (-WhatIf, -Restart:$false, -Source only when given), the flattening
 * to the contract's shapes and the mapping of ServerManager's refusals to the contract's codes.
 */
import { describe, expect, it } from 'vitest';
import { windowsFacadeRunner } from '../../helpers/windows-facade-ps.ts';

const STANDINS = `
$global:calls = New-Object System.Collections.Generic.List[string]
function Import-Module { param([string]$Name, $ErrorAction) $global:calls.Add("Import-Module|$Name") }
function Get-WindowsFeature {
    [pscustomobject]@{ Name = 'Web-Server'; DisplayName = 'Web Server (IIS)'; FeatureType = 'Role'; InstallState = 'Available'; Parent = $null; SubFeatures = @('Web-WebServer'); Depth = 1 }
    [pscustomobject]@{ Name = 'Telnet-Client'; DisplayName = 'Telnet Client'; FeatureType = 'Feature'; InstallState = 'Installed'; Parent = $null; SubFeatures = @(); Depth = 1 }
}
function Install-WindowsFeature {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string[]]$Name, [switch]$IncludeAllSubFeature, [switch]$IncludeManagementTools, [string]$Source, [switch]$Restart)
    $global:calls.Add("Install|$($Name -join ',')|all=$([bool]$IncludeAllSubFeature)|tools=$([bool]$IncludeManagementTools)|source=$($PSBoundParameters.ContainsKey('Source'))|restart=$([bool]$Restart)|whatif=$([bool]$PSBoundParameters['WhatIf'])")
    if ($Name -contains 'Microsoft-Bob') { throw "ArgumentNotValid: The role, role service, or feature name is not valid: 'Microsoft-Bob'. The name was not found." }
    if ($Name -contains 'NET-Framework-Core' -and -not $Source) { throw 'Installation of one or more roles, role services, or features failed. The source files could not be found. Error: 0x800f081f' }
    [pscustomobject]@{
        Success = $true; RestartNeeded = 'Yes'; ExitCode = 'SuccessRestartRequired'
        FeatureResult = @([pscustomobject]@{
                Id = 47; Name = 'Windows-Defender'; DisplayName = 'Windows Defender Antivirus'; RestartNeeded = $true; SkipReason = 'NotSkipped'; Success = $true
                Message = @([pscustomobject]@{ MessageType = 'Warning'; ErrorCode = 0; Text = 'You must restart this server to finish the installation process.' })
            })
    }
}
function Uninstall-WindowsFeature {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string[]]$Name, [switch]$IncludeManagementTools, [switch]$Restart)
    $global:calls.Add("Uninstall|$($Name -join ',')|tools=$([bool]$IncludeManagementTools)|whatif=$([bool]$PSBoundParameters['WhatIf'])")
    [pscustomobject]@{ Success = $true; RestartNeeded = 'No'; ExitCode = 'NoChangeNeeded'; FeatureResult = @() }
}

function New-WuUpdate { param($Id, $Title, $Kb, $Categories, $Hidden)
    [pscustomobject]@{
        Identity = [pscustomobject]@{ UpdateID = $Id }; Title = $Title; KBArticleIDs = $Kb
        Categories = @($Categories | ForEach-Object { [pscustomobject]@{ Name = $_ } })
        IsHidden = $Hidden; IsDownloaded = $false; IsInstalled = $false; BrowseOnly = $false
    }
}
$global:searcher = [pscustomobject]@{ ServerSelection = 0 }
$global:searcher | Add-Member -MemberType ScriptMethod -Name Search -Value {
    param($criteria)
    $global:calls.Add("Search|$criteria|$($this.ServerSelection)")
    [pscustomobject]@{ ResultCode = $global:resultCode; Updates = @(
            (New-WuUpdate 'a1' 'Cumulative Update (KB5034127)' @('5034127') @('Security Updates', 'Windows Server 2019') $false),
            (New-WuUpdate 'b2' 'Silverlight' @() @('Feature Packs') $true)) }
}
$global:resultCode = 2
function New-Object {
    param([string]$TypeName, [object[]]$ArgumentList, [string]$ComObject)
    if ($ComObject -eq 'Microsoft.Update.SystemInfo') { return [pscustomobject]@{ RebootRequired = $true } }
    if ($ComObject -eq 'Microsoft.Update.Session') {
        $s = [pscustomobject]@{}
        $s | Add-Member -MemberType ScriptMethod -Name CreateUpdateSearcher -Value { $global:searcher }
        return $s
    }
    Microsoft.PowerShell.Utility\\New-Object -TypeName $TypeName -ArgumentList $ArgumentList
}
`;

const runner = windowsFacadeRunner('features', { files: ['features.ps1', 'updates.ps1'], after: STANDINS });

describe('features and updates verbs (Windows side)', () => {
  it('Install-/Uninstall-WbWindowsFeature splat the cmdlets as win_feature 1.14 calls them and flatten the FeatureOperationResult', async () => {
    const r = await runner.run(`
      @{
        install = Install-WbWindowsFeature -Name @('Windows-Defender') -IncludeManagementTools $true -WhatIf $true
        sourced = Install-WbWindowsFeature -Name @('NET-Framework-Core') -Source 'D:\\sources\\sxs'
        uninstall = Uninstall-WbWindowsFeature -Name @('Telnet-Client')
        bob = $(try { Install-WbWindowsFeature -Name @('Microsoft-Bob') } catch { @{ code = Code $_; msg = $_.Exception.Message } })
        nosource = $(try { Install-WbWindowsFeature -Name @('NET-Framework-Core') } catch { Code $_ })
        calls = @($global:calls | Where-Object { $_ -notlike 'Import-Module*' })
        imports = @($global:calls | Where-Object { $_ -like 'Import-Module*' }).Count
      }`);
    expect(r).toEqual({
      install: {
        Success: true, RestartNeeded: 'Yes', ExitCode: 'SuccessRestartRequired',
        FeatureResult: [{
          Id: 47, Name: 'Windows-Defender', DisplayName: 'Windows Defender Antivirus', RestartNeeded: true, SkipReason: 'NotSkipped', Success: true,
          Message: [{ MessageType: 'Warning', ErrorCode: 0, Text: 'You must restart this server to finish the installation process.' }],
        }],
      },
      sourced: expect.objectContaining({ ExitCode: 'SuccessRestartRequired' }),
      uninstall: { Success: true, RestartNeeded: 'No', ExitCode: 'NoChangeNeeded', FeatureResult: [] },
      bob: { code: 87, msg: "ArgumentNotValid: The role, role service, or feature name is not valid: 'Microsoft-Bob'. The name was not found." },
      nosource: -2146498529,
      calls: [
        'Install|Windows-Defender|all=False|tools=True|source=False|restart=False|whatif=True',
        'Install|NET-Framework-Core|all=False|tools=False|source=True|restart=False|whatif=False',
        'Uninstall|Telnet-Client|tools=False|whatif=False',
        'Install|Microsoft-Bob|all=False|tools=False|source=False|restart=False|whatif=False',
        'Install|NET-Framework-Core|all=False|tools=False|source=False|restart=False|whatif=False',
      ],
      imports: 5,
    });
  });

  it('Get-WbWindowsFeature lists all features, or those named (case-insensitive), in the contract shape', async () => {
    const r = await runner.run(`@{ all = @(Get-WbWindowsFeature).Count; one = @(Get-WbWindowsFeature -Name @('telnet-client')) }`);
    expect(r).toEqual({ all: 2, one: [{ Name: 'Telnet-Client', DisplayName: 'Telnet Client', FeatureType: 'Feature', InstallState: 'Installed', Parent: null, SubFeatures: [], Depth: 1 }] });
  });

  it("Find-WbWindowsUpdate searches 'IsInstalled = 0' from the chosen source and returns the updates and RebootRequired; a failed search throws", async () => {
    const r = await runner.run(`
      $found = Find-WbWindowsUpdate -ServerSelection 1
      $global:resultCode = 4
      @{ found = $found; failed = $(try { Find-WbWindowsUpdate -ServerSelection 0 } catch { $_.Exception.Message }); calls = @($global:calls) }`);
    expect(r).toEqual({
      found: {
        RebootRequired: true,
        Updates: [
          { Id: 'a1', Title: 'Cumulative Update (KB5034127)', KB: ['5034127'], Categories: ['Security Updates', 'Windows Server 2019'], IsHidden: false, IsDownloaded: false, IsInstalled: false, BrowseOnly: false },
          { Id: 'b2', Title: 'Silverlight', KB: [], Categories: ['Feature Packs'], IsHidden: true, IsDownloaded: false, IsInstalled: false, BrowseOnly: false },
        ],
      },
      failed: 'Failed to search for updates (4)',
      calls: ['Search|IsInstalled = 0|1', 'Search|IsInstalled = 0|0'],
    });
  });
});
