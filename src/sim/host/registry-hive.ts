/**
 * The simulated registry's operations, as Microsoft.Win32.RegistryKey performs them: open, create and delete
 * keys, set and delete values, with the access checks an administrator meets (HKLM writable by Administrators
 * only; SAM and SECURITY readable by SYSTEM only) and every change in the rehearsal log.
 */
import { isAdmin, lookupAccount, qualify } from './accounts.ts';
import { defaultRegistry, defaultUserHive, emptyKey } from './registry-defaults.ts';
import { type RegPath, parseRegPath, regPathText } from './registry-path.ts';
import type { RegData, RegKey, RegType, RegValue, RegistryState } from './registry-types.ts';
import type { Actor } from './services.ts';
import type { HostState } from './state.ts';

/** .NET's SecurityException text, which Get-Item/New-Item/Set-ItemProperty surface. */
export const REGISTRY_DENIED = 'Requested registry access is not allowed.';

export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** The defaults a host's registry starts with, kept aside until the first write so reading changes no state. */
const PRISTINE = new WeakMap<HostState, RegistryState>();

export function registryOf(state: HostState): RegistryState {
  if (state.registry) return state.registry;
  let r = PRISTINE.get(state);
  if (!r) PRISTINE.set(state, (r = defaultRegistry(state.os_version)));
  return r;
}

/** The SID HKCU maps to for an account (its name when the SAM does not know it). */
export function userSid(state: HostState, account: string): string {
  return lookupAccount(state, account)?.sid ?? account;
}

/** Parses a PowerShell registry path for the given caller; undefined when it is not one. */
export function regPath(state: HostState, path: string, account: string): RegPath | undefined {
  return parseRegPath(path, userSid(state, account));
}

/** The hive's root; a user's hive is loaded at logon, so HKCU shows a new profile's defaults (stored on write). */
function hiveRoot(state: HostState, p: RegPath, write = false): RegKey {
  const root = registryOf(state).hives[p.hive];
  const sid = p.parts[0];
  if (p.hive !== 'HKEY_USERS' || !sid || !/^S-1-5-21-/i.test(sid) || root.keys[sid.toLowerCase()]) return root;
  const withProfile = { ...root, keys: { ...root.keys, [sid.toLowerCase()]: defaultUserHive(sid) } };
  if (write) root.keys[sid.toLowerCase()] = withProfile.keys[sid.toLowerCase()]!;
  return write ? root : withProfile;
}

function checkRead(p: RegPath, account: string): void {
  const top = p.parts[0]?.toLowerCase();
  if (p.hive === 'HKEY_LOCAL_MACHINE' && (top === 'sam' || top === 'security') && p.parts.length > 1 && !/system$/i.test(account)) {
    throw new RegistryError(REGISTRY_DENIED);
  }
}

function checkWrite(state: HostState, p: RegPath, account: string): void {
  checkRead(p, account);
  state.registry ??= registryOf(state);
  const ownHive = p.hive === 'HKEY_USERS' && p.parts[0]?.toLowerCase() === userSid(state, account).toLowerCase();
  if (!ownHive && !isAdmin(state, qualify(state, account))) throw new RegistryError(REGISTRY_DENIED);
}

export function openKey(state: HostState, p: RegPath, account: string): RegKey | undefined {
  checkRead(p, account);
  let k: RegKey | undefined = hiveRoot(state, p);
  for (const part of p.parts) k = k?.keys[part.toLowerCase()];
  return k;
}

function log(state: HostState, actor: Actor, what: string, target: string, detail?: Record<string, unknown>): void {
  actor.log.append({ host: state.hostname, account: actor.account, what, target, ...(detail ? { detail } : {}) });
}

/** New-Item -Force: creates the key and any missing parents; returns whether anything was created. */
export function createKey(state: HostState, p: RegPath, actor: Actor): boolean {
  checkWrite(state, p, actor.account);
  let k = hiveRoot(state, p, true);
  let created = false;
  for (const part of p.parts) {
    const next = k.keys[part.toLowerCase()];
    if (next) k = next;
    else {
      k = k.keys[part.toLowerCase()] = emptyKey(part);
      created = true;
    }
  }
  if (created) log(state, actor, 'registry.key.create', regPathText(p));
  return created;
}

/** Remove-Item -Recurse; returns whether the key existed. */
export function deleteKey(state: HostState, p: RegPath, actor: Actor): boolean {
  checkWrite(state, p, actor.account);
  const name = p.parts.at(-1);
  if (name === undefined) throw new RegistryError(REGISTRY_DENIED);
  const parent = openKey(state, { hive: p.hive, parts: p.parts.slice(0, -1) }, actor.account);
  if (!parent?.keys[name.toLowerCase()]) return false;
  delete parent.keys[name.toLowerCase()];
  log(state, actor, 'registry.key.delete', regPathText(p));
  return true;
}

export function getValue(key: RegKey, name: string): RegValue | undefined {
  return key.values[name.toLowerCase()];
}

/** Set-ItemProperty / New-ItemProperty on an existing key; the name keeps the case it was created with. */
export function setValue(state: HostState, p: RegPath, name: string, type: RegType, data: RegData, actor: Actor): void {
  checkWrite(state, p, actor.account);
  // A user hive still showing a new profile's defaults is stored now, or the value would land in a throw-away copy.
  hiveRoot(state, p, true);
  const key = openKey(state, p, actor.account);
  if (!key) throw new RegistryError(`Cannot find path '${regPathText(p)}' because it does not exist.`);
  const existing = key.values[name.toLowerCase()];
  key.values[name.toLowerCase()] = { name: existing?.name ?? name, type, data };
  log(state, actor, 'registry.value.set', `${regPathText(p)}\\${name === '' ? '(Default)' : name}`, { type });
}

export function deleteValue(state: HostState, p: RegPath, name: string, actor: Actor): boolean {
  checkWrite(state, p, actor.account);
  hiveRoot(state, p, true);
  const key = openKey(state, p, actor.account);
  if (!key?.values[name.toLowerCase()]) return false;
  delete key.values[name.toLowerCase()];
  log(state, actor, 'registry.value.delete', `${regPathText(p)}\\${name === '' ? '(Default)' : name}`);
  return true;
}
