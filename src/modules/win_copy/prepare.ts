/**
 * The controller half of win_copy and win_template (Ansible's action plugin): find `src` on the controller,
 * hash the content, and hand the agent either the bytes inline (small) or an upload it stages only when the
 * destination differs (docs/agent.md "Uploads").
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { dwimCandidates, notFoundText } from '../../playbook/search-path.ts';
import type { ControllerContext, ModuleResult, PreparedCall } from '../types.ts';

/** Content up to this size rides inside the module request; larger content is staged by PUT lines. */
export const INLINE_LIMIT = 32 * 1024;

export interface CopyTarget {
  dest: string;
  force: boolean;
  backup: boolean;
}

/**
 * Where Ansible's action plugins look for a relative `src` (`_find_needle('files'|'templates', src)`): the task's
 * search path (its role, the roles that pulled that one in, the task file's folder; playbook/search-path.ts), each
 * `files/` (or `templates/`) first, then the playbook's folder. Found: its path; otherwise every place searched.
 */
export async function findLocal(src: string, ctx: Pick<ControllerContext, 'vars' | 'searchPath'>, sub: 'files' | 'templates'): Promise<{ path: string; dir: boolean } | { searched: string[] }> {
  const basedir = typeof ctx.vars.playbook_dir === 'string' ? ctx.vars.playbook_dir : process.cwd();
  const stack = ctx.searchPath ?? (typeof ctx.vars.role_path === 'string' ? [ctx.vars.role_path] : []);
  const searched = dwimCandidates(stack, sub, src, basedir);
  for (const c of searched) {
    const s = await stat(c).catch(() => undefined);
    if (s?.isFile() || s?.isDirectory()) return { path: c, dir: s.isDirectory() };
  }
  return { searched };
}

/** Ansible's AnsibleFileNotFound text for a src that is nowhere on the search path. */
export function missingSrc(src: string, searched: string[]): { result: ModuleResult } {
  return { result: { failed: true, changed: false, msg: notFoundText(src, searched) } };
}

/**
 * A file's bytes as the action plugin reads them (DataLoader.get_real_file with decrypt: true): a vault-encrypted
 * file is decrypted with the run's vault secrets, and without any it fails with Ansible's text; `decrypt: false`
 * copies it as it is.
 */
export async function readLocal(path: string, decryptFile: ((text: string, file: string) => Buffer) | undefined, decrypt = true): Promise<Buffer | { result: ModuleResult }> {
  const data = await readFile(path);
  if (!decrypt || !data.subarray(0, VAULT_HEADER.length).equals(VAULT_HEADER)) return data;
  if (!decryptFile) return { result: { failed: true, changed: false, msg: `A vault password or secret must be specified to decrypt ${path}` } };
  return decryptFile(data.toString('utf8'), path);
}

const VAULT_HEADER = Buffer.from('$ANSIBLE_VAULT;');

function isText(data: Buffer): boolean {
  return !data.includes(0) && Buffer.from(data.toString('utf8'), 'utf8').equals(data);
}

/**
 * The agent call for writing `data` to `t.dest`. `check: false` (the run is not in check mode) leaves out `_sha1`:
 * the script reports the SHA-1 it reads from the file it wrote, and the source's is needed only in check mode, where
 * nothing is written — hashing a large file once (SHA-256, reused by the upload's check) instead of twice.
 */
export function copyCall(data: Buffer, t: CopyTarget, originalBasename: string | undefined, diff: boolean, opts: { check?: boolean } = {}): PreparedCall {
  const small = data.length <= INLINE_LIMIT;
  const args: Record<string, unknown> = {
    dest: t.dest, force: t.force, backup: t.backup,
    checksum: createHash('sha256').update(data).digest('hex'), size: data.length,
    ...(opts.check !== false ? { _sha1: createHash('sha1').update(data).digest('hex') } : {}),
    ...(originalBasename ? { _original_basename: originalBasename } : {}),
    ...(small ? { _content: data.toString('base64') } : {}),
    ...(small && diff && isText(data) ? { _diff_text: data.toString('utf8') } : {}),
  };
  return small ? { args } : { args, upload: data };
}

/** win_template's `src`: one file found on the task's search path (a folder is win_copy's business, not a template's). */
export async function readSrc(src: string, ctx: ControllerContext, sub: 'files' | 'templates' = 'files'): Promise<{ data: Buffer; name: string; path: string } | { result: ModuleResult }> {
  const found = await findLocal(src, ctx, sub);
  if ('searched' in found) return missingSrc(src, found.searched);
  if (found.dir) return { result: { failed: true, changed: false, msg: `src ${src} is a folder on the controller (${found.path}): a template is one file` } };
  const data = await readLocal(found.path, ctx.decryptFile);
  return Buffer.isBuffer(data) ? { data, name: basename(found.path), path: found.path } : data;
}
