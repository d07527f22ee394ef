/**
 * Registry hive files (NTUSER.DAT and the like) and RegLoadKey / RegUnLoadKey on HKEY_LOCAL_MACHINE. A hive file is
 * a file of the simulated volume whose content is a registry tree: the "regf" signature real hive files start with,
 * then the tree as JSON. Loading mounts the tree as HKLM\<key>, where every registry operation reaches it; unloading
 * writes it back into the file (only when it changed) and removes the key. Refusals as the API returns them: a
 * caller without SeBackupPrivilege/SeRestorePrivilege (administrators hold both), a missing file, a file already
 * loaded (the loaded hive keeps it open), a file that is not a hive.
 */
import { isAdmin, qualify } from './accounts.ts';
import { type FsActor, getNode, readFile, writeFile } from './fs.ts';
import { parseHive, hiveFileBytes } from './hive-file-format.ts';
import { registryOf } from './registry-hive.ts';
import type { HostState } from './state.ts';
import { WindowsError } from './windows-error.ts';

interface Mount {
  /** Full path of the hive file, as loaded. */
  file: string;
  /** The file's content when loaded, to write back only what changed. */
  loaded: string;
}

/** Hives loaded under HKLM, by lower-cased key name. Kept beside the state so a load and unload leave no trace. */
const MOUNTS = new WeakMap<HostState, Map<string, Mount>>();

function mountsOf(state: HostState): Map<string, Mount> {
  let m = MOUNTS.get(state);
  if (!m) MOUNTS.set(state, (m = new Map()));
  return m;
}

/** Backing up and restoring hives needs SeBackupPrivilege and SeRestorePrivilege; administrators hold them. */
function checkPrivileges(state: HostState, account: string): void {
  if (!isAdmin(state, qualify(state, account))) throw new WindowsError(1314, 'A required privilege is not held by the client.');
}

/** RegLoadKey(HKEY_LOCAL_MACHINE, key, file). */
export function loadHive(state: HostState, key: string, file: string, account: string): void {
  checkPrivileges(state, account);
  const node = getNode(state, file);
  if (!node) throw new WindowsError(2, 'The system cannot find the file specified.');
  if (node.kind === 'directory') throw new WindowsError(5, 'Access is denied.');
  for (const m of mountsOf(state).values()) {
    if (m.file.toLowerCase() === node.path.toLowerCase()) throw new WindowsError(32, 'The process cannot access the file because it is being used by another process.');
  }
  const hklm = registryOf(state).hives.HKEY_LOCAL_MACHINE;
  // A key of that name already under HKLM cannot take a hive.
  if (hklm.keys[key.toLowerCase()]) throw new WindowsError(5, 'Access is denied.');
  const data = readFile(state, node.path, account);
  const tree = parseHive(data);
  if (!tree) throw new WindowsError(1009, 'The configuration registry database is corrupt.');
  hklm.keys[key.toLowerCase()] = { ...tree, name: key };
  mountsOf(state).set(key.toLowerCase(), { file: node.path, loaded: data.toString('base64') });
}

/** RegUnLoadKey(HKEY_LOCAL_MACHINE, key): the tree goes back into its file when it changed. */
export function unloadHive(state: HostState, key: string, actor: FsActor): void {
  checkPrivileges(state, actor.account);
  const mount = mountsOf(state).get(key.toLowerCase());
  if (!mount) throw new WindowsError(87, 'The parameter is incorrect.');
  const hklm = registryOf(state).hives.HKEY_LOCAL_MACHINE;
  const tree = hklm.keys[key.toLowerCase()];
  mountsOf(state).delete(key.toLowerCase());
  delete hklm.keys[key.toLowerCase()];
  if (!tree) return;
  const bytes = hiveFileBytes(tree);
  if (bytes.toString('base64') !== mount.loaded) writeFile(state, mount.file, bytes, actor);
}

/** The hive file loaded at HKLM\<key>, if any. */
export function loadedHiveFile(state: HostState, key: string): string | undefined {
  return mountsOf(state).get(key.toLowerCase())?.file;
}
