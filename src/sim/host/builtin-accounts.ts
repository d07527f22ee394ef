/**
 * The local accounts and BUILTIN groups a fresh Windows Server 2019 member server (en-US, workgroup, no roles
 * installed) has: the groups with their well-known SIDs (S-1-5-32-RID), English descriptions and default members,
 * and the built-in users besides Administrator (Guest, DefaultAccount, WDAGUtilityAccount), all disabled.
 *
 * Sources (from memory of `Get-LocalGroup` / `net localgroup` on Server 2019, cross-checked against a public
 * `Get-NetLocalGroup` listing of a Server 2019 member server): the 25 groups below, Print Operators included
 * (a member server has it; Account Operators 548 and Server Operators 549 exist on domain controllers only).
 * The descriptions are Windows' own text, including its inconsistent full stops. Default members: Users holds
 * NT AUTHORITY\INTERACTIVE and NT AUTHORITY\Authenticated Users, Guests holds Guest, System Managed Accounts Group
 * holds DefaultAccount, IIS_IUSRS holds NT AUTHORITY\IUSR (that last one is the least certain), the rest are empty
 * (Administrators gets Administrator from defaultHostState).
 */
import type { HostState, User } from './state.ts';

export interface BuiltinGroup {
  name: string;
  /** Relative ID under S-1-5-32 (BUILTIN). */
  rid: number;
  description: string;
  /** Default members as stored in HostState.groups (`HOST\user`, `NT AUTHORITY\…`). */
  members: (hostname: string) => string[];
}

const none = (): string[] => [];

export const BUILTIN_LOCAL_GROUPS: readonly BuiltinGroup[] = [
  { name: 'Administrators', rid: 544, description: 'Administrators have complete and unrestricted access to the computer/domain', members: none },
  {
    name: 'Users', rid: 545, description: 'Users are prevented from making accidental or intentional system-wide changes and can run most applications',
    members: () => ['NT AUTHORITY\\INTERACTIVE', 'NT AUTHORITY\\Authenticated Users'],
  },
  {
    name: 'Guests', rid: 546, description: 'Guests have the same access as members of the Users group by default, except for the Guest account which is further restricted',
    members: (h) => [`${h}\\Guest`],
  },
  { name: 'Power Users', rid: 547, description: 'Power Users are included for backwards compatibility and possess limited administrative powers', members: none },
  { name: 'Print Operators', rid: 550, description: 'Members can administer printers installed on domain controllers', members: none },
  { name: 'Backup Operators', rid: 551, description: 'Backup Operators can override security restrictions for the sole purpose of backing up or restoring files', members: none },
  { name: 'Replicator', rid: 552, description: 'Supports file replication in a domain', members: none },
  { name: 'Remote Desktop Users', rid: 555, description: 'Members in this group are granted the right to logon remotely', members: none },
  { name: 'Network Configuration Operators', rid: 556, description: 'Members in this group can have some administrative privileges to manage configuration of networking features', members: none },
  { name: 'Performance Monitor Users', rid: 558, description: 'Members of this group can access performance counter data locally and remotely', members: none },
  {
    name: 'Performance Log Users', rid: 559,
    description: 'Members of this group may schedule logging of performance counters, enable trace providers, and collect event traces both locally and via remote access to this computer',
    members: none,
  },
  { name: 'Distributed COM Users', rid: 562, description: 'Members are allowed to launch, activate and use Distributed COM objects on this machine.', members: none },
  { name: 'IIS_IUSRS', rid: 568, description: 'Built-in group used by Internet Information Services.', members: () => ['NT AUTHORITY\\IUSR'] },
  { name: 'Cryptographic Operators', rid: 569, description: 'Members are authorized to perform cryptographic operations.', members: none },
  { name: 'Event Log Readers', rid: 573, description: 'Members of this group can read event logs from local machine', members: none },
  { name: 'Certificate Service DCOM Access', rid: 574, description: 'Members of this group are allowed to connect to Certification Authorities in the enterprise', members: none },
  {
    name: 'RDS Remote Access Servers', rid: 575,
    description:
      'Servers in this group enable users of RemoteApp programs and personal virtual desktops access to these resources. In Internet-facing deployments, these servers are typically deployed in an edge network. This group needs to be populated on servers running RD Connection Broker. RD Gateway servers and RD Web Access servers used in the deployment need to be in this group.',
    members: none,
  },
  {
    name: 'RDS Endpoint Servers', rid: 576,
    description:
      'Servers in this group run virtual machines and host sessions where users RemoteApp programs and personal virtual desktops run. This group needs to be populated on servers running RD Connection Broker. RD Session Host servers and RD Virtualization Host servers used in the deployment need to be in this group.',
    members: none,
  },
  {
    name: 'RDS Management Servers', rid: 577,
    description:
      'Servers in this group can perform routine administrative actions on servers running Remote Desktop Services. This group needs to be populated on all servers in a Remote Desktop Services deployment. The servers running the RDS Central Management service must be included in this group.',
    members: none,
  },
  { name: 'Hyper-V Administrators', rid: 578, description: 'Members of this group have complete and unrestricted access to all features of Hyper-V.', members: none },
  {
    name: 'Access Control Assistance Operators', rid: 579,
    description: 'Members of this group can remotely query authorization attributes and permissions for resources on this computer.', members: none,
  },
  {
    name: 'Remote Management Users', rid: 580,
    description:
      'Members of this group can access WMI resources over management protocols (such as WS-Management via the Windows Remote Management service). This applies only to WMI namespaces that grant access to the user.',
    members: none,
  },
  { name: 'System Managed Accounts Group', rid: 581, description: 'Members of this group are managed by the system.', members: (h) => [`${h}\\DefaultAccount`] },
  { name: 'Storage Replica Administrators', rid: 582, description: 'Members of this group have complete and unrestricted access to all features of Storage Replica.', members: none },
  { name: 'Device Owners', rid: 583, description: 'Members of this group can change system-wide settings.', members: none },
];

/** The built-in local users other than Administrator (RID 500), as a fresh Server 2019 has them: all disabled. */
export const BUILTIN_LOCAL_USERS: readonly Readonly<Required<Pick<User, 'name' | 'rid' | 'description'>>>[] = [
  { name: 'Guest', rid: 501, description: 'Built-in account for guest access to the computer/domain' },
  { name: 'DefaultAccount', rid: 503, description: 'A user account managed by the system.' },
  { name: 'WDAGUtilityAccount', rid: 504, description: 'A user account managed and used by the system for Windows Defender Application Guard scenarios.' },
];

const BY_NAME = new Map(BUILTIN_LOCAL_GROUPS.map((g) => [g.name.toLowerCase(), g]));
const BY_RID = new Map(BUILTIN_LOCAL_GROUPS.map((g) => [g.rid, g]));

/** The built-in group of this name (case-insensitive, with or without `BUILTIN\`), or undefined. */
export function builtinGroup(name: string): BuiltinGroup | undefined {
  return BY_NAME.get(name.toLowerCase().replace(/^builtin\\/, ''));
}

/** The built-in group with this SID string (`S-1-5-32-558`, any case), or undefined. */
export function builtinGroupBySid(sid: string): BuiltinGroup | undefined {
  const m = /^S-1-5-32-(\d+)$/i.exec(sid.trim());
  return m ? BY_RID.get(Number(m[1])) : undefined;
}

/**
 * Adds the built-in groups and users `state` lacks, as Windows setup creates them; what exists is left alone
 * (members, descriptions, enabled flags), so a saved state keeps every change made to it. A group counts as
 * present by name, case-insensitively. A built-in group that exists without a stored description gets Windows'
 * default one. Returns `state`.
 */
export function addBuiltinAccounts(state: HostState): HostState {
  const groups = state.groups;
  const keys = new Map(Object.keys(groups).map((k) => [k.toLowerCase(), k]));
  for (const g of BUILTIN_LOCAL_GROUPS) {
    const key = keys.get(g.name.toLowerCase());
    if (key === undefined) groups[g.name] = g.members(state.hostname);
    const k = key ?? g.name;
    if (state.group_descriptions?.[k] === undefined) (state.group_descriptions ??= {})[k] = g.description;
  }
  for (const u of BUILTIN_LOCAL_USERS) {
    const short = (x: User) => x.name.replace(/^(\.|[^\\]*)\\/, '').toLowerCase();
    const local = (x: User) => !x.name.includes('\\') || /^\.\\/.test(x.name) || x.name.toUpperCase().startsWith(`${state.hostname}\\`);
    if (state.users.some((x) => local(x) && (x.rid === u.rid || short(x) === u.name.toLowerCase()))) continue;
    state.users.push({ name: u.name, password: '', enabled: false, rid: u.rid, description: u.description });
  }
  return state;
}
