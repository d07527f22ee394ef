/**
 * A controller folder as win_copy `src`, walked as ansible.windows 1.14's action plugin walks it (`_walk_dirs`):
 * `src` ending in `/` gives the folder's contents relative to it, without the slash the folder's own name comes first;
 * every sub-folder is listed (so empty ones are created); a vault-encrypted file is decrypted unless `decrypt: false`
 * (DataLoader.get_real_file); a symbolic link is followed only with `local_follow: true` — the action plugin reads
 * the option with a default of false, whatever the module's documentation says — and is otherwise left out (the
 * plugin lists it as a symlink, which the module never copies). A link back into a folder being copied is left out.
 */
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { ModuleResult } from '../types.ts';
import { readLocal } from './prepare.ts';

/** One file to copy: where it is read from, its path under dest (`\`-separated), its bytes and their SHA-1. */
export interface WalkedFile {
  src: string;
  dest: string;
  data: Buffer;
  sha1: string;
}

export interface WalkedFolder {
  files: WalkedFile[];
  /** Sub-folders to create under dest (`\`-separated), parents before children. */
  directories: string[];
}

export interface WalkOptions {
  localFollow: boolean;
  decrypt: boolean;
  decryptFile: ((text: string, file: string) => Buffer) | undefined;
}

export async function walkFolder(topdir: string, opts: WalkOptions): Promise<WalkedFolder | { result: ModuleResult }> {
  // `src: app/` is written with `/` in playbooks; on a Windows controller the platform's `\\` counts too.
  const trailing = topdir.endsWith('/') || topdir.endsWith(sep);
  const base = trailing ? topdir : dirname(topdir);
  const offset = base.length + (base.endsWith('/') || base.endsWith(sep) ? 0 : 1);
  const out: WalkedFolder = { files: [], directories: [] };
  const winPath = (rel: string) => rel.split(sep).join('\\');
  const top = await stat(topdir);

  // Walks `dir`, naming each entry `relBase` + its path after `cut` characters (os.walk plus the plugin's offsets).
  async function walk(dir: string, cut: number, relBase: string, ancestors: Set<string>): Promise<{ result: ModuleResult } | undefined> {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(dir, e.name);
      const rel = relBase ? join(relBase, path.slice(cut)) : path.slice(cut);
      let from = path;
      let isDir = e.isDirectory();
      if (e.isSymbolicLink()) {
        if (!opts.localFollow) continue;
        from = await realpath(path).catch(() => path);
        const target = await stat(from).catch(() => undefined);
        if (!target) return { result: { failed: true, changed: false, msg: `Could not find or access '${from}' on the Ansible Controller.` } };
        isDir = target.isDirectory();
        // A link to a folder already being copied would copy forever: the plugin keeps it as a symlink (never copied).
        if (isDir && ancestors.has(`${target.dev}:${target.ino}`)) continue;
      }
      if (isDir) {
        out.directories.push(winPath(rel));
        const s = await stat(from);
        const next = new Set(ancestors).add(`${s.dev}:${s.ino}`);
        const r = from === path ? await walk(from, cut, relBase, next) : await walk(from, from.length + 1, rel, next);
        if (r) return r;
        continue;
      }
      const data = await readLocal(from, opts.decrypt ? opts.decryptFile : undefined, opts.decrypt);
      if (!Buffer.isBuffer(data)) return data;
      out.files.push({ src: from, dest: winPath(rel), data, sha1: createHash('sha1').update(data).digest('hex') });
    }
    return undefined;
  }

  const failed = await walk(topdir.replace(/[\\/]+$/, '') || topdir, offset, '', new Set([`${top.dev}:${top.ino}`]));
  return failed ?? out;
}

