/**
 * Account names as Windows resolves them (LookupAccountName): `.\user`, `HOST\user` and bare `user` are local
 * accounts; `DOMAIN\user` is a domain account; LocalSystem and the NT AUTHORITY service accounts are built in.
 * Comparisons are case-insensitive, as they are on Windows.
 */
import { BUILTIN_LOCAL_GROUPS } from './builtin-accounts.ts';
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

/**
 * Groups holding `principal` (a qualified name, or any name or SID string lookupAccount resolves), one level
 * deep as local groups are. Members match by name, or by SID when both resolve (a member stored as a SID string).
 */
export function groupsOf(state: HostState, principal: string): string[] {
  const acc = lookupAccount(state, principal);
  const names = new Set([principal.toLowerCase(), qualify(state, principal).toLowerCase(), ...(acc ? [acc.name.toLowerCase()] : [])]);
  // A domain account also counts through its domain groups when those are members of a local group (Domain Admins
  // in Administrators): the logon token carries the domain groups' SIDs.
  if (state.domain) {
    for (const [g, members] of Object.entries(state.domain.groups)) {
      if (members.some((m) => names.has(m.toLowerCase()))) names.add(`${state.domain.netbios}\\${g}`.toLowerCase());
    }
  }
  const matches = (m: string) => names.has(qualify(state, m).toLowerCase()) || (acc !== undefined && lookupAccount(state, m)?.sid === acc.sid);
  return Object.entries(state.groups)
    .filter(([, members]) => members.some(matches))
    .map(([g]) => g);
}

/**
 * Whether the account or one of its groups holds `right` (e.g. SeServiceLogonRight). Holders match by name
 * (`BUILTIN\Administrators`, `HOST\svc`) or by SID string, with or without secedit's leading `*`
 * (`*S-1-5-32-544`).
 */
export function holdsRight(state: HostState, principal: string, right: string): boolean {
  const stored = state.rights[right] ?? [];
  const holders = new Set(stored.flatMap((h) => [h.toLowerCase(), qualify(state, h).toLowerCase()]));
  const groups = groupsOf(state, principal);
  const names = [principal, ...groups, ...groups.map((g) => `BUILTIN\\${g}`)];
  if (names.some((n) => holders.has(n.toLowerCase()))) return true;
  const sids = stored.filter((h) => /^\*?S-1-/i.test(h)).map((h) => h.replace(/^\*/, '').toUpperCase());
  if (sids.length === 0) return false;
  const own = [principal, ...groups].map((n) => lookupAccount(state, n)?.sid.toUpperCase()).filter((x) => x !== undefined);
  return own.some((x) => sids.includes(x));
}

export function isAdmin(state: HostState, principal: string): boolean {
  return groupsOf(state, principal).some((g) => g.toLowerCase() === 'administrators');
}

// ---- LookupAccountName / LookupAccountSid for every kind of principal (users, groups, well-known SIDs) ----

export type AccountKind = 'user' | 'group' | 'well_known' | 'service';

/** A principal as LookupAccountName resolves it: `name` is how LookupAccountSid shows it back. */
export interface Account {
  kind: AccountKind;
  name: string;
  sid: string;
  user?: User;
  /** Key in HostState.groups, for local groups. */
  group?: string;
}

const WELL_KNOWN: Array<{ names: string[]; name: string; sid: string }> = [
  { names: ['localsystem', 'system', 'nt authority\\system', '.\\localsystem'], name: 'NT AUTHORITY\\SYSTEM', sid: 'S-1-5-18' },
  { names: ['localservice', 'local service', 'nt authority\\localservice', 'nt authority\\local service'], name: 'NT AUTHORITY\\LOCAL SERVICE', sid: 'S-1-5-19' },
  { names: ['networkservice', 'network service', 'nt authority\\networkservice', 'nt authority\\network service'], name: 'NT AUTHORITY\\NETWORK SERVICE', sid: 'S-1-5-20' },
  { names: ['everyone'], name: 'Everyone', sid: 'S-1-1-0' },
  { names: ['authenticated users', 'nt authority\\authenticated users'], name: 'NT AUTHORITY\\Authenticated Users', sid: 'S-1-5-11' },
  { names: ['interactive', 'nt authority\\interactive'], name: 'NT AUTHORITY\\INTERACTIVE', sid: 'S-1-5-4' },
  { names: ['service', 'nt authority\\service'], name: 'NT AUTHORITY\\SERVICE', sid: 'S-1-5-6' },
  { names: ['iusr', 'nt authority\\iusr'], name: 'NT AUTHORITY\\IUSR', sid: 'S-1-5-17' },
  { names: ['nt service\\all services'], name: 'NT SERVICE\\ALL SERVICES', sid: 'S-1-5-80-0' },
];

/** BUILTIN groups and their well-known RIDs (S-1-5-32-rid), by lower-case name (builtin-accounts.ts). */
const BUILTIN_GROUPS: Record<string, number> = Object.fromEntries(BUILTIN_LOCAL_GROUPS.map((g) => [g.name.toLowerCase(), g.rid]));

/** Three stable sub-authorities per machine or domain name, as a machine SID would have. */
function authority(name: string): string {
  let h = 2166136261;
  const parts: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const ch of `${round}:${name.toUpperCase()}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    parts.push(h);
  }
  return `S-1-5-21-${parts.join('-')}`;
}

function nameRid(name: string): number {
  let h = 0;
  for (const ch of name.toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) % 8999;
  return 1000 + h;
}

function userAccount(state: HostState, u: User): Account {
  const i = u.name.indexOf('\\');
  if (i >= 0 && qualify(state, u.name) === u.name) {
    return { kind: 'user', name: u.name, sid: `${authority(u.name.slice(0, i))}-${nameRid(u.name.slice(i + 1))}`, user: u };
  }
  const short = i >= 0 ? u.name.slice(i + 1) : u.name;
  const rid = u.rid ?? (short.toLowerCase() === 'administrator' ? 500 : nameRid(short));
  return { kind: 'user', name: `${state.hostname}\\${short}`, sid: `${authority(state.hostname)}-${rid}`, user: u };
}

function groupAccount(state: HostState, group: string): Account {
  const rid = BUILTIN_GROUPS[group.toLowerCase()];
  if (rid !== undefined) return { kind: 'group', name: `BUILTIN\\${group}`, sid: `S-1-5-32-${rid}`, group };
  return { kind: 'group', name: `${state.hostname}\\${group}`, sid: `${authority(state.hostname)}-${nameRid(group)}`, group };
}

function findGroupKey(state: HostState, name: string): string | undefined {
  const i = name.indexOf('\\');
  const domain = i < 0 ? '' : name.slice(0, i).toUpperCase();
  if (i >= 0 && !['.', 'BUILTIN', state.hostname].includes(domain)) return undefined;
  const short = (i < 0 ? name : name.slice(i + 1)).toLowerCase();
  return Object.keys(state.groups).find((g) => g.toLowerCase() === short);
}

/** Every principal the host can name, for SID look-ups. */
function allAccounts(state: HostState): Account[] {
  return [
    ...WELL_KNOWN.map((w) => ({ kind: 'well_known' as const, name: w.name, sid: w.sid })),
    ...state.users.map((u) => userAccount(state, u)),
    ...Object.keys(state.groups).map((g) => groupAccount(state, g)),
  ];
}

/**
 * LookupAccountName: `user`, `.\user`, `HOST\user`, `DOMAIN\user`, `group`, `BUILTIN\group`, well-known names
 * (`NT AUTHORITY\NETWORK SERVICE`, `Everyone`), `NT SERVICE\<service>` and SID strings. Undefined is Windows'
 * 1332, "No mapping between account names and security IDs was done."
 */
export function lookupAccount(state: HostState, input: string): Account | undefined {
  const name = input.trim();
  if (/^S-1-(\d+-)*\d+$/i.test(name)) return allAccounts(state).find((a) => a.sid.toUpperCase() === name.toUpperCase());
  const lower = name.toLowerCase();
  const wk = WELL_KNOWN.find((w) => w.names.includes(lower) || w.name.toLowerCase() === lower);
  if (wk) return { kind: 'well_known', name: wk.name, sid: wk.sid };
  if (lower.startsWith('nt service\\')) {
    const svc = state.services.find((s) => s.name.toLowerCase() === lower.slice('nt service\\'.length));
    return svc ? { kind: 'service', name: `NT SERVICE\\${svc.name}`, sid: `S-1-5-80-${nameRid(svc.name)}` } : undefined;
  }
  const user = findUser(state, name);
  if (user) return userAccount(state, user);
  const group = findGroupKey(state, name);
  return group !== undefined ? groupAccount(state, group) : undefined;
}

/** Windows' text for a name LookupAccountName cannot map (Win32 error 1332). */
export const NO_MAPPING = 'No mapping between account names and security IDs was done.';

/** Whether two stored names denote the same principal (by SID when both resolve). */
export function samePrincipal(state: HostState, a: string, b: string): boolean {
  const pa = lookupAccount(state, a);
  const pb = lookupAccount(state, b);
  if (pa && pb) return pa.sid === pb.sid;
  return a.toLowerCase() === b.toLowerCase();
}
