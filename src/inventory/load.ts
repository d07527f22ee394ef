/**
 * loadInventory: the -i sources, in order, as Ansible's InventoryManager reads them. A source is a YAML file, an
 * INI file, a directory of inventories, or a comma-separated host list (`-i win01,win02,`). Each source's
 * directory also contributes group_vars/ and host_vars/.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { isMap } from 'yaml';
import { InputError } from '../errors.ts';
import { InventoryBuilder } from './builder.ts';
import { parseAddress } from './host-address.ts';
import type { LoadedInventory } from './loaded.ts';
import { parseIniInventory } from './parse-ini.ts';
import { parseYamlInventory } from './parse-yaml.ts';
import { loadVarsFilesLayer } from './vars-files.ts';
import type { VaultDecrypt } from './vars-files.ts';
import { parseYaml } from './yaml-source.ts';

export interface LoadInventoryOptions {
  /** Decrypts vault-encrypted group_vars/host_vars files; without it such a file is an error. */
  decrypt?: VaultDecrypt;
}

// Ansible's IGNORED_ALWAYS and default INVENTORY_IGNORE_EXTS: note `.ini` and `.cfg` files in an inventory
// *directory* are skipped by Ansible (they are usually ansible.cfg and friends), so they are skipped here too.
const IGNORED_NAMES = new Set(['host_vars', 'group_vars', 'vars_plugins']);
const IGNORED_EXTS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry'];
const YAML_EXTS = new Set(['.yml', '.yaml', '.json']);

export async function loadInventory(sources: string[], opts: LoadInventoryOptions = {}): Promise<LoadedInventory> {
  const b = new InventoryBuilder(sources);
  const varsDirs: string[] = [];
  for (const source of sources) {
    const st = await stat(source).catch(() => undefined);
    if (!st) {
      if (source.includes(',')) {
        addHostList(b, source);
        continue;
      }
      throw new InputError('INVENTORY_NOT_FOUND', `inventory source ${source} does not exist`, {
        hint: `check the path (relative to ${process.cwd()}); for a list of hosts write -i "host1,host2," with a comma`,
      });
    }
    if (st.isDirectory()) {
      await loadDirectory(b, source, opts);
      varsDirs.push(source);
    } else {
      await loadFile(b, source, opts);
      varsDirs.push(dirname(source));
    }
  }
  const inv = b.reconcile();
  for (const dir of varsDirs) inv.varsFiles.push(await loadVarsFilesLayer(resolve(dir), inv, opts.decrypt));
  return inv;
}

async function loadDirectory(b: InventoryBuilder, dir: string, opts: LoadInventoryOptions): Promise<void> {
  for (const entry of (await readdir(dir)).sort()) {
    if (entry.startsWith('.') || IGNORED_NAMES.has(entry) || IGNORED_EXTS.some((e) => entry.endsWith(e))) continue;
    const full = join(dir, entry);
    if ((await stat(full)).isDirectory()) await loadDirectory(b, full, opts);
    else await loadFile(b, full, opts);
  }
}

async function loadFile(b: InventoryBuilder, file: string, opts: LoadInventoryOptions): Promise<void> {
  let text = await readFile(file, 'utf8');
  if (text.startsWith('$ANSIBLE_VAULT;')) {
    if (!opts.decrypt) {
      throw new InputError('INVENTORY_VAULT_LOCKED', `${file} is vault-encrypted and no vault password was given`, {
        pos: { file, line: 1, col: 1 },
        hint: 'pass --vault-password-file FILE (or --ask-vault-pass)',
      });
    }
    text = await opts.decrypt(text, file);
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.toml') {
    throw new InputError('INVENTORY_UNSUPPORTED', 'TOML inventories are not supported', {
      pos: { file, line: 1, col: 1 },
      hint: 'convert it with `ansible-inventory -i FILE --list -y > inventory.yml`',
    });
  }
  if (YAML_EXTS.has(ext)) {
    parseYamlInventory(parseYaml(text, file), b);
    return;
  }
  if (!ext && looksLikeYamlInventory(text, file)) {
    parseYamlInventory(parseYaml(text, file), b);
    return;
  }
  parseIniInventory(text, file, b);
}

/**
 * Ansible tries the YAML plugin on extension-less files before the INI plugin. INI text is rarely a valid YAML
 * mapping (`[web]` is a flow sequence, `host a=1` a plain string), so "parses as a YAML mapping" decides.
 */
function looksLikeYamlInventory(text: string, file: string): boolean {
  try {
    const y = parseYaml(text, file);
    return isMap(y.doc.contents);
  } catch {
    return false;
  }
}

/** Ansible's host_list plugin: `-i win01,win02:5986,` puts the hosts in `ungrouped`. */
function addHostList(b: InventoryBuilder, list: string): void {
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const addr = parseAddress(item) ?? { host: item };
    b.addHost(addr.host, 'ungrouped', { file: '<host list>', line: 1, col: list.indexOf(item) + 1 }, addr.port);
  }
}
