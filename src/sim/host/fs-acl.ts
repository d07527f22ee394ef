/**
 * NTFS access control on the simulated volume: account names translated as NTAccount.Translate does, the ACL a
 * node shows (explicit ACEs plus the ones it inherits, computed from its parents with Windows' propagation
 * rules), and the access check that decides "Access to the path 'X' is denied.".
 */
import { findUser, groupsOf, lookupAccount, qualify } from './accounts.ts';
import { parentOf } from './fs-path.ts';
import { FULL_CONTROL, covers } from './fs-rights.ts';
import type { Ace, FsNode, FsState } from './fs-types.ts';
import type { HostState } from './state.ts';

/** Well-known accounts every Windows host can translate, keyed by lower-cased accepted spelling. */
const WELL_KNOWN: Record<string, string> = {
  administrators: 'BUILTIN\\Administrators',
  'builtin\\administrators': 'BUILTIN\\Administrators',
  users: 'BUILTIN\\Users',
  'builtin\\users': 'BUILTIN\\Users',
  system: 'NT AUTHORITY\\SYSTEM',
  'nt authority\\system': 'NT AUTHORITY\\SYSTEM',
  localsystem: 'NT AUTHORITY\\SYSTEM',
  everyone: 'Everyone',
  'authenticated users': 'NT AUTHORITY\\Authenticated Users',
  'nt authority\\authenticated users': 'NT AUTHORITY\\Authenticated Users',
  'creator owner': 'CREATOR OWNER',
  'local service': 'NT AUTHORITY\\LOCAL SERVICE',
  'nt authority\\local service': 'NT AUTHORITY\\LOCAL SERVICE',
  'network service': 'NT AUTHORITY\\NETWORK SERVICE',
  'nt authority\\network service': 'NT AUTHORITY\\NETWORK SERVICE',
  'nt service\\trustedinstaller': 'NT SERVICE\\TrustedInstaller',
};

/** What NTAccount.Translate throws for a name with no SID. */
export const NOT_TRANSLATED = 'Some or all identity references could not be translated.';

/** The account as Windows prints it in an ACL, or undefined when it cannot be translated to a SID. */
export function translateIdentity(state: HostState, name: string): string | undefined {
  const lower = name.toLowerCase();
  const known = WELL_KNOWN[lower];
  if (known) return known;
  if (/^(nt service|iis apppool)\\./i.test(name)) return name;
  const user = findUser(state, name);
  if (user) return qualify(state, user.name);
  const bare = name.replace(/^(\.|builtin|[^\\]+)\\/i, '');
  const group = Object.keys(state.groups).find((g) => g.toLowerCase() === bare.toLowerCase());
  if (group && (!name.includes('\\') || /^(\.|builtin)\\/i.test(name) || name.split('\\')[0]?.toUpperCase() === state.hostname)) {
    return ['administrators', 'users'].includes(group.toLowerCase()) ? `BUILTIN\\${group}` : `${state.hostname}\\${group}`;
  }
  return undefined;
}

/** SIDs of the names ACLs show that are no account LookupAccountName returns (creator owner, the servicing account). */
const ACE_ONLY_SIDS: Record<string, string> = {
  'creator owner': 'S-1-3-0',
  'creator group': 'S-1-3-1',
  'nt service\\trustedinstaller': 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464',
};

/** The SID of an identity as an ACE names it (what FileSystemAccessRule.IdentityReference translates to). */
export function identitySid(state: HostState, identity: string): string | undefined {
  return ACE_ONLY_SIDS[identity.toLowerCase()] ?? lookupAccount(state, identity)?.sid;
}

/** The name an ACE shows for a SID (LookupAccountSid), undefined for a SID no account has. */
export function identityOfSid(state: HostState, sid: string): string | undefined {
  const known = Object.entries(ACE_ONLY_SIDS).find(([, v]) => v.toUpperCase() === sid.toUpperCase());
  if (known) return known[0] === 'creator owner' ? 'CREATOR OWNER' : known[0] === 'creator group' ? 'CREATOR GROUP' : 'NT SERVICE\\TrustedInstaller';
  return lookupAccount(state, sid)?.name;
}

export function sameIdentity(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** How an ACE on a directory arrives on a child (ACE inheritance, [MS-DTYP] 2.5.3.4.3 simplified). */
function inheritedCopy(ace: Ace, child: 'file' | 'directory'): Ace | undefined {
  const ci = ace.inherit.includes('ContainerInherit');
  const oi = ace.inherit.includes('ObjectInherit');
  const noProp = ace.propagation === 'NoPropagateInherit';
  if (child === 'file') return oi ? { ...ace, inherit: [], propagation: 'None', inherited: true } : undefined;
  if (ci) return noProp ? { ...ace, inherit: [], propagation: 'None', inherited: true } : { ...ace, propagation: 'None', inherited: true };
  // Object-inherit only: passes through a subfolder to its files, without applying to the subfolder itself.
  if (oi && !noProp) return { ...ace, propagation: 'InheritOnly', inherited: true };
  return undefined;
}

/** Every ACE of a node: explicit first, then inherited (unless inheritance is disabled), as Get-Acl lists them. */
export function allAces(fs: FsState, node: FsNode): Ace[] {
  const explicit = node.acl.aces.map((a) => ({ ...a, inherited: false }));
  if (node.acl.protected) return explicit;
  const parentPath = parentOf(node.path);
  const parent = parentPath === undefined ? undefined : fs.nodes[parentPath.toLowerCase()];
  if (!parent) return explicit;
  const inherited = allAces(fs, parent).flatMap((a) => {
    const c = inheritedCopy(a, node.kind);
    return c ? [c] : [];
  });
  return [...explicit, ...inherited];
}

/** The SIDs an account's token holds, as names. */
function tokenOf(state: HostState, account: string): string[] {
  const me = qualify(state, account);
  const groups = groupsOf(state, me).map((g) => translateIdentity(state, g) ?? g);
  return [me, ...groups, 'Everyone', 'NT AUTHORITY\\Authenticated Users', 'BUILTIN\\Users'].map((n) => n.toLowerCase());
}

/** Whether `account` holds all of `mask` on the node: any matching deny wins, else allows must add up. */
export function hasAccess(fs: FsState, state: HostState, node: FsNode, account: string, mask: number): boolean {
  const token = new Set(tokenOf(state, account));
  const applies = allAces(fs, node).filter((a) => a.propagation !== 'InheritOnly' && token.has(a.identity.toLowerCase()));
  if (applies.some((a) => a.type === 'deny' && (a.rights & mask) !== 0)) return false;
  let granted = applies.filter((a) => a.type === 'allow').reduce((m, a) => m | a.rights, 0);
  // The owner may always read and change the DACL (READ_CONTROL | WRITE_DAC).
  if (token.has(node.acl.owner.toLowerCase())) granted |= 131072 | 262144;
  return covers(granted, mask) || (mask === 0 && granted !== 0) || granted === FULL_CONTROL;
}
