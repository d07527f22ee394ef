/**
 * group_vars/ and host_vars/ beside an inventory source, found as Ansible's host_group_vars plugin and
 * DataLoader.find_vars_files find them: for a name, the first of `NAME` (file or directory), `NAME.yml`,
 * `NAME.yaml`, `NAME.json` wins; a directory contributes all its files (sorted, recursively, skipping hidden
 * files and backups~), merged in order with later files replacing top-level keys.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../errors.ts';
import type { VarsFilesLayer } from './loaded.ts';
import type { Inventory, Vars } from './types.ts';
import { parseYaml, posAt, toJsCapped } from './yaml-source.ts';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

/** Decrypts a whole vault-encrypted file's text (given to loadInventory by the caller that holds the secrets). */
export type VaultDecrypt = (text: string, file: string) => Promise<string> | string;

export async function loadVarsFilesLayer(dir: string, inv: Inventory, decrypt?: VaultDecrypt): Promise<VarsFilesLayer> {
  const layer: VarsFilesLayer = { dir, groups: new Map(), hosts: new Map() };
  const kinds: [string, Iterable<string>, Map<string, Vars>][] = [
    ['group_vars', inv.groups.keys(), layer.groups],
    ['host_vars', inv.hosts.keys(), layer.hosts],
  ];
  for (const [sub, names, into] of kinds) {
    const base = join(dir, sub);
    if (!(await isDir(base))) continue;
    for (const name of names) {
      if (name.startsWith('/') || name.startsWith('\\')) continue;
      const files = await findVarsFiles(base, name);
      if (!files.length) continue;
      let vars: Vars = {};
      for (const f of files) vars = { ...vars, ...(await readVarsFile(f, decrypt)) };
      into.set(name, vars);
    }
  }
  return layer;
}

async function findVarsFiles(base: string, name: string): Promise<string[]> {
  for (const ext of EXTENSIONS) {
    const full = join(base, name + ext);
    const st = await stat(full).catch(() => undefined);
    if (!st) continue;
    return st.isDirectory() ? dirVarsFiles(full) : [full];
  }
  return [];
}

async function dirVarsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir)).sort()) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue;
    const full = join(dir, entry);
    const ext = extname(entry);
    const st = await stat(full);
    if (st.isDirectory() && !ext) out.push(...(await dirVarsFiles(full)));
    else if (st.isFile() && EXTENSIONS.includes(ext)) out.push(full);
  }
  return out;
}

export async function readVarsFile(file: string, decrypt?: VaultDecrypt): Promise<Vars> {
  let text = await readFile(file, 'utf8');
  if (text.startsWith('$ANSIBLE_VAULT;')) {
    if (!decrypt) {
      throw new InputError('INVENTORY_VAULT_LOCKED', `${file} is vault-encrypted and no vault password was given`, {
        pos: { file, line: 1, col: 1 },
        hint: 'pass --vault-password-file FILE (or --ask-vault-pass)',
      });
    }
    text = await decrypt(text, file);
  }
  const y = parseYaml(text, file);
  const contents = y.doc.contents;
  if (contents === null || (contents as { value?: unknown }).value === null) return {}; // empty files are ignored, as in Ansible
  const data: unknown = toJsCapped(y);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError('INVENTORY_INVALID', `${file} must hold a mapping of variable names to values`, {
      pos: posAt(y, contents.range?.[0] ?? 0),
      hint: 'write one `name: value` per line at the top level of the file',
    });
  }
  return data as Vars;
}

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}
