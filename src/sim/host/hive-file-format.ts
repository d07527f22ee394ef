/**
 * The simulator's hive file format: the "regf" signature real hive files start with (the base block's magic),
 * then the registry tree as JSON. Enough for RegLoadKey to tell a hive from any other file.
 */
import { defaultUserHive } from './registry-defaults.ts';
import type { RegKey } from './registry-types.ts';

/** The signature at offset 0 of every hive file (the base block's "regf"). */
const SIGNATURE = 'regf';

/** The hive file of the Default user profile, which new profiles are copied from. */
export const DEFAULT_USER_HIVE = 'C:\\Users\\Default\\NTUSER.DAT';

/** A hive file's bytes for a registry tree. */
export function hiveFileBytes(tree: RegKey): Buffer {
  return Buffer.from(SIGNATURE + JSON.stringify({ ...tree, name: '' }), 'utf8');
}

/** What the Default profile's NTUSER.DAT holds on a fresh host (the keys new users start with). */
export function defaultUserHiveFile(): Buffer {
  const tree = defaultUserHive('');
  tree.keys['control panel'] = {
    name: 'Control Panel', values: {},
    keys: {
      mouse: { name: 'Mouse', keys: {}, values: { mousetrails: { name: 'MouseTrails', type: 'string', data: '0' }, mousespeed: { name: 'MouseSpeed', type: 'string', data: '1' } } },
      desktop: { name: 'Desktop', keys: {}, values: { wallpaper: { name: 'Wallpaper', type: 'string', data: '' } } },
    },
  };
  return hiveFileBytes(tree);
}

export function parseHive(data: Buffer): RegKey | undefined {
  const text = data.toString('utf8');
  if (!text.startsWith(SIGNATURE)) return undefined;
  try {
    return JSON.parse(text.slice(SIGNATURE.length)) as RegKey;
  } catch {
    return undefined;
  }
}

