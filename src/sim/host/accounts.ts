/**
 * Account names as Windows resolves them (LookupAccountName): `.\user`, `HOST\user` and bare `user` are local
 * accounts; `DOMAIN\user` is a domain account; LocalSystem and the NT AUTHORITY service accounts are built in.
 * Comparisons are case-insensitive, as they are on Windows.
 */
import type { HostState, User } from './state.ts';

export type Principal =
  | { kind: 'builtin'; name: 'LocalSystem' | 'NT AUTHORITY\\LocalService' | 'NT AUTHORITY\\NetworkService' }
  | { kind: 'user'; name: string; user: User };

const BUILTINS: Record<string, 'LocalSystem' | 'NT AUTHORITY\\LocalService' | 'NT AUTHORITY\\NetworkService'> = {
  localsystem: 'LocalSystem',
  system: 'LocalSystem',
  'nt authority\\system': 'LocalSystem',
  '.\\localsystem': 'LocalSystem',
  localservice: 'NT AUTHORITY\\LocalService',
  'nt authority\\localservice': 'NT AUTHORITY\\LocalService',
  'nt authority\\local service': 'NT AUTHORITY\\LocalService',
  networkservice: 'NT AUTHORITY\\NetworkService',
  'nt authority\\networkservice': 'NT AUTHORITY\\NetworkService',
  'nt authority\\network service': 'NT AUTHORITY\\NetworkService',
};

/** `HOST\user` for a local account, the name unchanged for a domain one. */
export function qualify(state: HostState, name: string): string {
  const i = name.indexOf('\\');
  if (i < 0) return `${state.hostname}\\${name}`;
  const domain = name.slice(0, i);
  if (domain === '.' || domain.toUpperCase() === state.hostname) return `${state.hostname}\\${name.slice(i + 1)}`;
  return name;
}

export function findUser(state: HostState, name: string): User | undefined {
  const q = qualify(state, name).toLowerCase();
  return state.users.find((u) => qualify(state, u.name).toLowerCase() === q);
}

/** The principal an account name denotes, or undefined when Windows could not map it to a SID. */
export function resolvePrincipal(state: HostState, name: string): Principal | undefined {
  const b = BUILTINS[name.toLowerCase()];
  if (b) return { kind: 'builtin', name: b };
  const user = findUser(state, name);
  return user ? { kind: 'user', name: qualify(state, user.name), user } : undefined;
}

export function sameAccount(state: HostState, a: string, b: string): boolean {
  const pa = resolvePrincipal(state, a);
  const pb = resolvePrincipal(state, b);
  if (pa && pb) return pa.name.toLowerCase() === pb.name.toLowerCase();
  return a.toLowerCase() === b.toLowerCase();
}

/** Groups holding `principal` (qualified name), one level deep as local groups are. */
export function groupsOf(state: HostState, principal: string): string[] {
  const p = principal.toLowerCase();
  return Object.entries(state.groups)
    .filter(([, members]) => members.some((m) => qualify(state, m).toLowerCase() === p))
    .map(([g]) => g);
}

/** Whether the account or one of its groups holds `right` (e.g. SeServiceLogonRight). */
export function holdsRight(state: HostState, principal: string, right: string): boolean {
  const holders = new Set((state.rights[right] ?? []).flatMap((h) => [h.toLowerCase(), qualify(state, h).toLowerCase()]));
  const groups = groupsOf(state, principal);
  const names = [principal, ...groups, ...groups.map((g) => `BUILTIN\\${g}`)];
  return names.some((n) => holders.has(n.toLowerCase()));
}

export function isAdmin(state: HostState, principal: string): boolean {
  return groupsOf(state, principal).some((g) => g.toLowerCase() === 'administrators');
}
