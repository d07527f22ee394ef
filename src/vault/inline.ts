/**
 * Inline `!vault` values in inventories arrive as `{ __ansible_vault: text }` (the shape ansible-inventory
 * prints). Before a run they are replaced by their plaintext. Variables carry no positions, so a value that
 * will not decrypt is located by searching the inventory's files for its first line of ciphertext.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, type SourcePos } from '../errors.ts';
import type { Vault } from './vault.ts';

export function isVaultValue(v: unknown): v is { __ansible_vault: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { __ansible_vault?: unknown }).__ansible_vault === 'string';
}

/** A copy of `v` with every inline vault value decrypted; `where` lists files to search when one fails. */
export function decryptInline(v: unknown, vault: Vault, where: () => string[]): unknown {
  if (isVaultValue(v)) {
    try {
      return vault.decrypt(v.__ansible_vault, { file: '<inventory>', line: 0, col: 0 });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const pos = locate(v.__ansible_vault, where());
      throw new InputError(e.code, e.message, { pos, hint: e.hint, cause: e });
    }
  }
  if (Array.isArray(v)) return v.map((x) => decryptInline(x, vault, where));
  // A YAML float (`1.0`) is a Number object (template/py-float.ts): a value, not a mapping to walk.
  if (typeof v === 'object' && v !== null && !(v instanceof Number)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = decryptInline(x, vault, where);
    return out;
  }
  return v;
}

/** Where the ciphertext's first body line sits in one of the files (first match), or the first file. */
export function locate(ciphertext: string, files: string[]): SourcePos | undefined {
  const needle = ciphertext.trim().split(/\r?\n/)[1]?.trim();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const at = needle ? text.indexOf(needle) : -1;
    if (at < 0) continue;
    const lines = text.split('\n');
    const needleLine = text.slice(0, at).split('\n').length;
    // Point at the `!vault` tag (a line or two above the ciphertext), else at the header line.
    for (let line = needleLine - 1; line >= Math.max(1, needleLine - 3); line--) {
      const col = (lines[line - 1] ?? '').indexOf('!vault');
      if (col >= 0) return { file, line, col: col + 1 };
    }
    const line = Math.max(1, needleLine - 1);
    return { file, line, col: Math.max(1, (lines[line - 1] ?? '').search(/\S/) + 1) };
  }
  return files[0] === undefined ? undefined : { file: files[0], line: 1, col: 1 };
}

/** Every file under a directory (for group_vars/ and host_vars/), sorted; missing directories give none. */
export function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** A block scalar's position is its `|`; point at the `!vault` tag before it on the same line when there is one. */
export function tagPos(text: string, pos: SourcePos): SourcePos {
  const line = text.split('\n')[pos.line - 1] ?? '';
  const at = line.lastIndexOf('!vault', pos.col - 1);
  return at >= 0 ? { ...pos, col: at + 1 } : pos;
}
