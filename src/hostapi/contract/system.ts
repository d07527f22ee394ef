/** The machine itself: identity, boot time, and restarts (shutdown.exe). */
import type { VerbTable } from './types.ts';

export const systemVerbs: VerbTable = {
  'Get-WbErrorText': {
    domain: 'system',
    doc: "FormatMessage for a Win32 or NERR code, in the host's language: the text a Win32Exception of that code carries. For codes a verb returns rather than throws (Test-WbServiceLogon's 1385), or a module raises itself (1376).",
    params: { Code: { type: 'int', required: true, doc: 'the Win32 or NERR code' } },
    returns: 'string',
  },
  'Get-WbHostInfo': {
    domain: 'system',
    doc: 'Win32_OperatingSystem (Get-CimInstance): the computer name, last boot time, OS version and uptime.',
    params: {},
    returns: 'object',
    shape: {
      Hostname: 'the NetBIOS computer name (CSName)',
      BootTime: 'LastBootUpTime as Unix epoch seconds (changes at every boot)',
      OsVersion: 'Version, e.g. 10.0.17763',
      Uptime: 'whole seconds since LastBootUpTime',
    },
  },
  'Invoke-WbReboot': {
    domain: 'system',
    doc: 'Schedule a forced restart: shutdown.exe /r /t DelaySeconds /c Message /f /d p:0:0, run through ProcessStartInfo (no 2>&1) with its exit code as the error.',
    params: {
      DelaySeconds: { type: 'int', required: true, doc: 'seconds before the restart begins (0..315360000)' },
      Message: { type: 'string', doc: 'shown to logged-on users (at most 512 characters; " is replaced by \')' },
    },
    returns: 'none',
    errors: { 5: 'the account lacks SeShutdownPrivilege (Access is denied.)', 1190: 'a shutdown is already scheduled (A system shutdown has already been scheduled.)' },
  },
  'Stop-WbScheduledReboot': {
    domain: 'system',
    doc: 'Abort a scheduled shutdown (shutdown.exe /a): $true when one was pending, $false when none was (exit code 1116).',
    params: {},
    returns: 'bool',
    errors: { 5: 'the account lacks SeShutdownPrivilege (Access is denied.)' },
  },
  'Get-WbSystemInfo': {
    domain: 'system',
    doc:
      'What the machine says of itself, for facts: GetComputerNameEx (NetBIOS and DNS host name), IPGlobalProperties.DomainName (primary DNS suffix), ' +
      'Win32_ComputerSystem (PartOfDomain, Domain, DomainRole), Win32_OperatingSystem (Caption, OSArchitecture), [Environment]::OSVersion, ' +
      'OSVERSIONINFOEX.wProductType, SYSTEM_INFO.wProcessorArchitecture and $PSVersionTable.PSVersion (Windows PowerShell\'s, not the runspace host\'s).',
    params: {},
    returns: 'object',
    shape: {
      NetbiosName: 'the NetBIOS computer name (upper case)',
      DnsHostName: 'the DNS host name (IPGlobalProperties.HostName)',
      DnsDomain: "the primary DNS suffix (IPGlobalProperties.DomainName), '' when none",
      PartOfDomain: 'joined to a domain',
      Domain: 'the DNS name of the joined domain, else the workgroup name (WORKGROUP)',
      DomainRole: 'Win32_ComputerSystem.DomainRole: 0..5 (2 stand-alone server, 3 member server)',
      OsCaption: 'Win32_OperatingSystem.Caption, e.g. Microsoft Windows Server 2019 Standard',
      OsVersion: '[Environment]::OSVersion.Version as text (major.minor.build.revision, revision 0 as .NET reports it)',
      ProductType: '1 workstation, 2 domain controller, 3 server',
      InstallationType: "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion InstallationType ('Server', 'Server Core', 'Client')",
      OsArchitecture: "Win32_OperatingSystem.OSArchitecture ('64-bit')",
      ProcessorArchitecture: 'SYSTEM_INFO.wProcessorArchitecture (9 = AMD64)',
      PowerShellVersion: 'Windows PowerShell version, e.g. 5.1.17763.5458',
    },
  },
};
