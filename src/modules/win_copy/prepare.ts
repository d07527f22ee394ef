/**
 * The controller half of win_copy and win_template (Ansible's action plugin): find `src` on the controller,
 * hash the content, and hand the agent either the bytes inline (small) or an upload it stages only when the
 * destination differs (docs/agent.md "Uploads").
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import type { ModuleResult, PreparedCall } from '../types.ts';

/** Content up to this size rides inside the module request; larger content is staged by PUT lines. */
export const INLINE_LIMIT = 32 * 1024;

export interface CopyTarget {
  dest: string;
  force: boolean;
  backup: boolean;
}

/** Where Ansible looks for a relative `src`: the playbook's files/ (or templates/), the playbook dir, the cwd. */
export async function findLocal(src: string, vars: Record<string, unknown>, sub: 'files' | 'templates'): Promise<string | undefined> {
  const base = typeof vars.playbook_dir === 'string' ? vars.playbook_dir : undefined;
  const candidates = isAbsolute(src) ? [src] : [...(base ? [join(base, sub, src), join(base, src)] : []), src];
  for (const c of candidates) {
    const s = await stat(c).catch(() => undefined);
    if (s?.isFile()) return c;
  }
  return undefined;
}

export function missingSrc(src: string): { result: ModuleResult } {
  return { result: { failed: true, changed: false, msg: `Could not find or access '${src}' on the controller.` } };
}

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

export async function readSrc(src: string, vars: Record<string, unknown>): Promise<{ data: Buffer; name: string } | undefined> {
  const path = await findLocal(src, vars, 'files');
  return path ? { data: await readFile(path), name: basename(path) } : undefined;
}
