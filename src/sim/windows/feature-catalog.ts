/**
 * The roles, role services and features a simulated Windows Server 2019/2022 offers (Get-WindowsFeature), with
 * ServerManager's relations: parent and sub-features, the role services a role installs by default, the management
 * tools `-IncludeManagementTools` adds, the features one requires (installed with it, removed after it), which
 * changes need a restart, and the install state of a fresh server with Desktop Experience. Names and display
 * names are Windows'; the Ids are the simulator's (Telnet-Client keeps 44, ansible.windows' documented sample).
 * Qlik Sense Enterprise's Windows prerequisites, .NET Framework 4.8 (NET-Framework-45-Core) and Windows PowerShell
 * 5.1 (PowerShell), are here and installed, as on a fresh server.
 */

export type FeatureType = 'Role' | 'Role Service' | 'Feature';

export interface FeatureDef {
  name: string;
  displayName: string;
  type: FeatureType;
  id: number;
  parent?: string;
  /** A role service installed with its parent when the parent is installed without IncludeAllSubFeature. */
  default?: boolean;
  /** Features `-IncludeManagementTools` adds to (and removes with) this one. */
  tools?: string[];
  /** Features this one needs: installed with it; removing one of them removes this one too. */
  requires?: string[];
  /** Changes that need a restart to finish (the feature shows InstallPending / UninstallPending until the next boot). */
  restartOn?: Array<'install' | 'remove'>;
  /** Its state on a fresh server: Installed, or Removed (payload not in the side-by-side store; Source needed). */
  initial?: 'Installed' | 'Removed';
}

type Row = [id: number, name: string, displayName: string, type: FeatureType, parent: string | undefined, extra?: Partial<FeatureDef>];

const ROWS: Row[] = [
  // Web Server (IIS): the role, its default role services (what Install-WindowsFeature Web-Server adds) and the rest.
  [2, 'Web-Server', 'Web Server (IIS)', 'Role', undefined, { restartOn: ['remove'], tools: ['Web-Mgmt-Tools', 'Web-Mgmt-Console'] }],
  [3, 'Web-WebServer', 'Web Server', 'Role Service', 'Web-Server', { default: true }],
  [4, 'Web-Common-Http', 'Common HTTP Features', 'Role Service', 'Web-WebServer', { default: true }],
  [5, 'Web-Default-Doc', 'Default Document', 'Role Service', 'Web-Common-Http', { default: true }],
  [6, 'Web-Dir-Browsing', 'Directory Browsing', 'Role Service', 'Web-Common-Http', { default: true }],
  [7, 'Web-Http-Errors', 'HTTP Errors', 'Role Service', 'Web-Common-Http', { default: true }],
  [8, 'Web-Static-Content', 'Static Content', 'Role Service', 'Web-Common-Http', { default: true }],
  [9, 'Web-Http-Redirect', 'HTTP Redirection', 'Role Service', 'Web-Common-Http'],
  [10, 'Web-DAV-Publishing', 'WebDAV Publishing', 'Role Service', 'Web-Common-Http'],
  [11, 'Web-Health', 'Health and Diagnostics', 'Role Service', 'Web-WebServer', { default: true }],
  [12, 'Web-Http-Logging', 'HTTP Logging', 'Role Service', 'Web-Health', { default: true }],
  [13, 'Web-Custom-Logging', 'Custom Logging', 'Role Service', 'Web-Health'],
  [14, 'Web-Log-Libraries', 'Logging Tools', 'Role Service', 'Web-Health'],
  [15, 'Web-Request-Monitor', 'Request Monitor', 'Role Service', 'Web-Health'],
  [16, 'Web-Http-Tracing', 'Tracing', 'Role Service', 'Web-Health'],
  [17, 'Web-Performance', 'Performance', 'Role Service', 'Web-WebServer', { default: true }],
  [18, 'Web-Stat-Compression', 'Static Content Compression', 'Role Service', 'Web-Performance', { default: true }],
  [19, 'Web-Dyn-Compression', 'Dynamic Content Compression', 'Role Service', 'Web-Performance'],
  [20, 'Web-Security', 'Security', 'Role Service', 'Web-WebServer', { default: true }],
  [21, 'Web-Filtering', 'Request Filtering', 'Role Service', 'Web-Security', { default: true }],
  [22, 'Web-Basic-Auth', 'Basic Authentication', 'Role Service', 'Web-Security'],
  [23, 'Web-IP-Security', 'IP and Domain Restrictions', 'Role Service', 'Web-Security'],
  [24, 'Web-Url-Auth', 'URL Authorization', 'Role Service', 'Web-Security'],
  [25, 'Web-Windows-Auth', 'Windows Authentication', 'Role Service', 'Web-Security'],
  [26, 'Web-App-Dev', 'Application Development', 'Role Service', 'Web-WebServer'],
  [27, 'Web-Net-Ext45', '.NET Extensibility 4.7', 'Role Service', 'Web-App-Dev', { requires: ['NET-Framework-45-Core'] }],
  [28, 'Web-AppInit', 'Application Initialization', 'Role Service', 'Web-App-Dev'],
  [29, 'Web-ASP', 'ASP', 'Role Service', 'Web-App-Dev', { requires: ['Web-ISAPI-Ext'] }],
  [30, 'Web-Asp-Net45', 'ASP.NET 4.7', 'Role Service', 'Web-App-Dev', { requires: ['Web-Net-Ext45', 'Web-ISAPI-Ext', 'Web-ISAPI-Filter', 'NET-Framework-45-ASPNET'] }],
  [31, 'Web-CGI', 'CGI', 'Role Service', 'Web-App-Dev'],
  [32, 'Web-ISAPI-Ext', 'ISAPI Extensions', 'Role Service', 'Web-App-Dev'],
  [33, 'Web-ISAPI-Filter', 'ISAPI Filters', 'Role Service', 'Web-App-Dev'],
  [34, 'Web-WebSockets', 'WebSocket Protocol', 'Role Service', 'Web-App-Dev'],
  [35, 'Web-Ftp-Server', 'FTP Server', 'Role Service', 'Web-Server'],
  [36, 'Web-Ftp-Service', 'FTP Service', 'Role Service', 'Web-Ftp-Server'],
  [37, 'Web-Mgmt-Tools', 'Management Tools', 'Role Service', 'Web-Server'],
  [38, 'Web-Mgmt-Console', 'IIS Management Console', 'Role Service', 'Web-Mgmt-Tools'],
  [39, 'Web-Scripting-Tools', 'IIS Management Scripts and Tools', 'Role Service', 'Web-Mgmt-Tools'],
  [40, 'Web-Mgmt-Service', 'Management Service', 'Role Service', 'Web-Mgmt-Tools', { requires: ['NET-Framework-45-ASPNET'] }],
  // Other roles.
  [50, 'AD-Domain-Services', 'Active Directory Domain Services', 'Role', undefined, { tools: ['RSAT-AD-Tools', 'RSAT-AD-PowerShell', 'RSAT-ADDS', 'RSAT-AD-AdminCenter', 'RSAT-ADDS-Tools'] }],
  [51, 'DNS', 'DNS Server', 'Role', undefined, { tools: ['RSAT-DNS-Server'] }],
  [52, 'Hyper-V', 'Hyper-V', 'Role', undefined, { restartOn: ['install', 'remove'], tools: ['RSAT-Hyper-V-Tools', 'Hyper-V-Tools', 'Hyper-V-PowerShell'] }],
  [53, 'FileAndStorage-Services', 'File and Storage Services', 'Role', undefined, { initial: 'Installed' }],
  [54, 'File-Services', 'File and iSCSI Services', 'Role Service', 'FileAndStorage-Services'],
  [55, 'FS-FileServer', 'File Server', 'Role Service', 'File-Services'],
  [56, 'Storage-Services', 'Storage Services', 'Role Service', 'FileAndStorage-Services', { initial: 'Installed' }],
  // Features.
  [60, 'NET-Framework-Features', '.NET Framework 3.5 Features', 'Feature', undefined],
  // Server 2019/2022 ship without the .NET 3.5 payload: Install-WindowsFeature needs -Source (the media's sources\sxs).
  [61, 'NET-Framework-Core', '.NET Framework 3.5 (includes .NET 2.0 and 3.0)', 'Feature', 'NET-Framework-Features', { initial: 'Removed' }],
  [62, 'NET-Framework-45-Features', '.NET Framework 4.7 Features', 'Feature', undefined, { initial: 'Installed' }],
  [63, 'NET-Framework-45-Core', '.NET Framework 4.7', 'Feature', 'NET-Framework-45-Features', { initial: 'Installed' }],
  [64, 'NET-Framework-45-ASPNET', 'ASP.NET 4.7', 'Feature', 'NET-Framework-45-Features', { requires: ['NET-Framework-45-Core'] }],
  [65, 'NET-WCF-Services45', 'WCF Services', 'Feature', 'NET-Framework-45-Features', { initial: 'Installed', requires: ['NET-Framework-45-Core'] }],
  [66, 'NET-WCF-TCP-PortSharing45', 'TCP Port Sharing', 'Feature', 'NET-WCF-Services45', { initial: 'Installed' }],
  [70, 'RSAT', 'Remote Server Administration Tools', 'Feature', undefined],
  [71, 'RSAT-Role-Tools', 'Role Administration Tools', 'Feature', 'RSAT'],
  [72, 'RSAT-AD-Tools', 'AD DS and AD LDS Tools', 'Feature', 'RSAT-Role-Tools'],
  [73, 'RSAT-AD-PowerShell', 'Active Directory module for Windows PowerShell', 'Feature', 'RSAT-AD-Tools', { requires: ['NET-Framework-45-Core'] }],
  [74, 'RSAT-ADDS', 'AD DS Tools', 'Feature', 'RSAT-AD-Tools'],
  [75, 'RSAT-AD-AdminCenter', 'Active Directory Administrative Center', 'Feature', 'RSAT-ADDS', { requires: ['RSAT-AD-PowerShell'] }],
  [76, 'RSAT-ADDS-Tools', 'AD DS Snap-Ins and Command-Line Tools', 'Feature', 'RSAT-ADDS'],
  [77, 'RSAT-Hyper-V-Tools', 'Hyper-V Management Tools', 'Feature', 'RSAT-Role-Tools'],
  [78, 'Hyper-V-Tools', 'Hyper-V GUI Management Tools', 'Feature', 'RSAT-Hyper-V-Tools'],
  [79, 'Hyper-V-PowerShell', 'Hyper-V Module for Windows PowerShell', 'Feature', 'RSAT-Hyper-V-Tools'],
  [80, 'RSAT-DNS-Server', 'DNS Server Tools', 'Feature', 'RSAT-Role-Tools'],
  [44, 'Telnet-Client', 'Telnet Client', 'Feature', undefined],
  [45, 'SNMP-Service', 'SNMP Service', 'Feature', undefined],
  [46, 'Windows-Server-Backup', 'Windows Server Backup', 'Feature', undefined],
  // Adding or removing Defender needs a restart ("You must restart this server to finish the removal process.").
  [47, 'Windows-Defender', 'Windows Defender Antivirus', 'Feature', undefined, { initial: 'Installed', restartOn: ['install', 'remove'] }],
  [48, 'WoW64-Support', 'WoW64 Support', 'Feature', undefined, { initial: 'Installed' }],
  [90, 'PowerShellRoot', 'Windows PowerShell', 'Feature', undefined, { initial: 'Installed' }],
  // Windows PowerShell 5.1 requires .NET 4.x: removing NET-Framework-45-Core removes it too (a known way to break a server).
  [91, 'PowerShell', 'Windows PowerShell 5.1', 'Feature', 'PowerShellRoot', { initial: 'Installed', requires: ['NET-Framework-45-Core'] }],
  [92, 'PowerShell-V2', 'Windows PowerShell 2.0 Engine', 'Feature', 'PowerShellRoot', { initial: 'Installed' }],
  [93, 'PowerShell-ISE', 'Windows PowerShell ISE', 'Feature', 'PowerShellRoot', { initial: 'Installed', requires: ['PowerShell'] }],
];

export const FEATURES: readonly FeatureDef[] = ROWS.map(([id, name, displayName, type, parent, extra]) => ({ id, name, displayName, type, ...(parent ? { parent } : {}), ...extra }));

const BY_NAME = new Map(FEATURES.map((f) => [f.name.toLowerCase(), f]));

/** The feature of a name, case-insensitively as ServerManager matches. */
export function featureDef(name: string): FeatureDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function subFeaturesOf(name: string): FeatureDef[] {
  return FEATURES.filter((f) => f.parent === name);
}

/** Depth in the tree: 1 at the top, as Get-WindowsFeature reports it. */
export function depthOf(def: FeatureDef): number {
  let d = 1;
  for (let p = def.parent; p; p = featureDef(p)?.parent) d++;
  return d;
}
