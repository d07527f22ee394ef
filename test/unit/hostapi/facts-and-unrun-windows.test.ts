/**
 * Façade verbs whose Windows side no other test ran in pwsh (review finding, issue 14): Expand-WbEnvironmentString,
 * Get-WbShareName, Send-WbSettingChange, and the verbs setup added (Get-WbSystemInfo, Get-WbNetworkAdapter,
 * Get-WbProcessEnvironmentBlock) and win_dns_client (Set-WbDnsServer). .NET on Linux runs most of them as they are; CIM (Get-CimInstance, Windows-only
 * in pwsh) is stood in by a function that records the query and answers as Win32_* would, so the PowerShell around
 * it (WQL escaping, sorting, shapes) is what runs. What Linux cannot run at all is said in the test.
 */
import { describe, expect, it } from 'vitest';
import { windowsFacadeRunner } from '../../helpers/windows-facade-ps.ts';

const CIM = `
$global:cimCalls = New-Object System.Collections.Generic.List[string]
function Invoke-CimMethod {
    param($InputObject, [string]$MethodName, [hashtable]$Arguments)
    $global:cimCalls.Add("$MethodName|$($Arguments.DNSServerSearchOrder -join ',')")
    $rv = 0
    if (@($Arguments.DNSServerSearchOrder) -contains 'bad') { $rv = 70 }
    [pscustomobject]@{ ReturnValue = $rv }
}
function Get-CimInstance {
    param([string]$ClassName, [string]$Filter, [string[]]$Property)
    $global:cimCalls.Add("$ClassName|$Filter")
    switch ($ClassName) {
        'Win32_Share' {
            [pscustomobject]@{ Name = 'logs$'; Path = 'C:\\Logs' }
            [pscustomobject]@{ Name = 'Logs'; Path = 'C:\\Logs' }
        }
        'Win32_ComputerSystem' { [pscustomobject]@{ PartOfDomain = $false; Domain = 'WORKGROUP'; DomainRole = 2; Workgroup = 'WORKGROUP' } }
        'Win32_OperatingSystem' { [pscustomobject]@{ Caption = 'Microsoft Windows Server 2019 Standard '; OSArchitecture = '64-bit'; ProductType = 3 } }
        'Win32_NetworkAdapterConfiguration' {
            if ($Filter -like '*InterfaceIndex = 7') { return [pscustomobject]@{ InterfaceIndex = 7; DNSServerSearchOrder = @('10.0.0.53') } }
            if ($Filter -like '*InterfaceIndex = *') { return }
            # As Win32 answers: IP-enabled adapters by interface index, with their configured DNS servers.
            foreach ($n in [Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces()) {
                try { $i = $n.GetIPProperties().GetIPv4Properties().Index } catch { continue }
                [pscustomobject]@{ InterfaceIndex = $i; DNSServerSearchOrder = @('10.0.0.53', '10.0.0.54') }
            }
        }
    }
}
`;

const runner = windowsFacadeRunner('facts', {
  files: ['environment.ps1', 'files.ps1', 'agent.ps1', 'system.ps1', 'network.ps1', 'registry.ps1', 'accounts.ps1'],
  after: `${CIM}\nfunction Resolve-WbPath { param([string]$Path) $Path }`,
});

describe('façade verbs no other pwsh test ran (Windows side)', () => {
  it('Expand-WbEnvironmentString expands the process block and leaves unknown names as written', async () => {
    const r = await runner.run(`
      $env:WB_ROOT = 'C:\\Qlik'
      @{ one = Expand-WbEnvironmentString -Text '%WB_ROOT%\\bin;%WB_NOT_SET%'; empty = Expand-WbEnvironmentString -Text ''; plain = Expand-WbEnvironmentString -Text '100%' }`);
    expect(r).toEqual({ one: 'C:\\Qlik\\bin;%WB_NOT_SET%', empty: '', plain: '100%' });
  });

  it('Get-WbShareName asks Win32_Share with the path escaped for WQL and returns the first share by name; $null when none', async () => {
    const r = await runner.run(`
      @{ name = Get-WbShareName -Path "C:\\Logs"; quoted = Get-WbShareName -Path "C:\\it's"; calls = @($global:cimCalls) }`);
    // The stand-in answers the same two shares for any filter: the verb sorts by name and takes the first.
    expect(r).toEqual({ name: 'Logs', quoted: 'Logs', calls: ["Win32_Share|Path='C:\\\\Logs'", "Win32_Share|Path='C:\\\\it\\'s'"] });
  });

  it('Send-WbSettingChange compiles its P/Invoke once and binds the call up to loading user32.dll, which Linux lacks', async () => {
    // What runs here: the Add-Type of the signature, the argument conversion and [ref] binding, the native call's
    // dispatch. Loading user32.dll is where Linux stops (pwsh's unmanaged-DLL resolver fails there).
    const r = await runner.run(`
      $reached = @(foreach ($i in 1, 2) {
        try { Send-WbSettingChange; 'sent' }
        catch { $t = $_.Exception.GetBaseException().StackTrace; ($t -match 'HostApiEnvNative\\.SendMessageTimeout') -and ($t -match 'GetResolvedUnmanagedDll') }
      })
      @{ reached = $reached; type = [bool]('Winbook.HostApiEnvNative' -as [type]) }`);
    expect(r).toEqual({ reached: [true, true], type: true });
  });

  it('Get-WbProcessEnvironmentBlock returns the whole process block, sorted by name', async () => {
    const r = await runner.run<{ block: Record<string, string> }>(`$env:WB_FACT = 'x'; @{ block = Get-WbProcessEnvironmentBlock }`);
    expect(r.block.WB_FACT).toBe('x');
    expect(r.block.PATH ?? r.block.Path).toBeTruthy();
    const names = Object.keys(r.block);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  });

  it('Get-WbSystemInfo and Get-WbNetworkAdapter run against .NET (NetworkInterface, IPGlobalProperties) and CIM stand-ins, in the contract shapes', async () => {
    const r = await runner.run<{ sys: Record<string, unknown>; nics: Record<string, unknown>[] }>(`@{ sys = Get-WbSystemInfo; nics = @(Get-WbNetworkAdapter) }`);
    expect(Object.keys(r.sys).sort()).toEqual([
      'DnsDomain', 'DnsHostName', 'Domain', 'DomainRole', 'InstallationType', 'NetbiosName', 'OsArchitecture', 'OsCaption', 'OsVersion', 'PartOfDomain',
      'PowerShellVersion', 'ProcessorArchitecture', 'ProductType',
    ]);
    // The registry provider has no HKLM on Linux: InstallationType is $null, as when the value is missing.
    expect(r.sys).toMatchObject({ PartOfDomain: false, Domain: 'WORKGROUP', DomainRole: 2, OsCaption: 'Microsoft Windows Server 2019 Standard', ProductType: 3, InstallationType: null });
    expect(r.sys.PowerShellVersion).toMatch(/^7\./);
    // Loopback never appears; every other interface (eth0 here) has the contract's shape and the configured DNS servers.
    expect(r.nics.length).toBeGreaterThan(0);
    expect(r.nics.map((n) => n.Name)).not.toContain('lo');
    for (const n of r.nics) {
      expect(n.DnsServers).toEqual(['10.0.0.53', '10.0.0.54']);
      expect(Object.keys(n).sort()).toEqual(['DefaultGateway', 'Description', 'DnsServers', 'DnsSuffix', 'IPv4', 'IPv6', 'InterfaceIndex', 'MacAddress', 'Mtu', 'Name', 'SpeedMbps']);
      expect(n.MacAddress).toMatch(/^([0-9A-F]{2}(:[0-9A-F]{2}){5})?$/);
    }
  });

  it('Set-WbDnsServer changes only a different list, through SetDNSServerSearchOrder, and maps its refusals to the contract codes', async () => {
    const r = await runner.run(`
      @{
        same = Set-WbDnsServer -InterfaceIndex 7 -Servers @('10.0.0.53')
        changed = Set-WbDnsServer -InterfaceIndex 7 -Servers @('10.0.0.10', '10.0.0.11')
        reset = Set-WbDnsServer -InterfaceIndex 7 -Servers @()
        bad = $(try { Set-WbDnsServer -InterfaceIndex 7 -Servers @('bad') } catch { Code $_ })
        missing = $(try { Set-WbDnsServer -InterfaceIndex 99 -Servers @() } catch { Code $_ })
        calls = @($global:cimCalls | Where-Object { $_ -like 'SetDNS*' })
      }`);
    expect(r).toEqual({
      same: false, changed: true, reset: true, bad: 87, missing: 1168,
      calls: ['SetDNSServerSearchOrder|10.0.0.10,10.0.0.11', 'SetDNSServerSearchOrder|', 'SetDNSServerSearchOrder|bad'],
    });
  });
});
