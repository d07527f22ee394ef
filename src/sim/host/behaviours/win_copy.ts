/**
 * ansible.windows.win_copy (and win_template, which renders on the controller and then copies) on the simulated
 * volume. The controller sends small content inline (`_content`, base64) and large content staged by the agent's
 * PUT lines (`_staged`, see docs/agent.md): when the staged file is not there yet the module answers
 * `_winbook_upload: 'needed'` and the session uploads, then asks again. Unchanged content (same SHA-256) or
 * `force: false` on an existing file is never uploaded.
 */
import { createHash } from 'node:crypto';
import { getNode, hashOf, makeDirectory, readFile, removeItem, stagedPath, writeFile } from '../fs.ts';
import { baseName, parentOf } from '../fs-path.ts';
import type { HostState } from '../state.ts';
import { actorOf, fsStep, pathArg } from './fs-common.ts';
import { type Behaviour, type BehaviourContext, ModuleFailure } from './types.ts';

interface CopyArgs {
  dest: string;
  checksum: string;
  size: number;
  force?: boolean;
  backup?: boolean;
  _content?: string;
  _staged?: string;
  _original_basename?: string;
  _diff_text?: string;
}

function destPath(state: HostState, a: CopyArgs, ctx: BehaviourContext): string {
  let dest = pathArg(a.dest, ctx);
  const intoDir = /[\\/]$/.test(a.dest) || getNode(state, dest)?.kind === 'directory';
  if (intoDir) {
    if (!a._original_basename) throw new ModuleFailure('dest must be a file if content is defined');
    dest = `${dest.replace(/\\$/, '')}\\${a._original_basename}`;
  }
  return dest;
}

function content(state: HostState, a: CopyArgs, ctx: BehaviourContext): Buffer | undefined {
  if (a._content !== undefined) return Buffer.from(a._content, 'base64');
  const part = stagedPath(ctx.account, String(a._staged));
  const n = getNode(state, part);
  if (!n) return undefined;
  const got = hashOf(n);
  if (got !== a.checksum) {
    fsStep(() => removeItem(state, part, actorOf(ctx)));
    throw new ModuleFailure(`the uploaded content failed its SHA-256 check: expected ${a.checksum}, got ${got} (${n.size} of ${a.size} bytes arrived)`);
  }
  const data = fsStep(() => readFile(state, part, ctx.account));
  fsStep(() => removeItem(state, part, actorOf(ctx)));
  return data;
}

function backupName(dest: string): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${dest}.${process.pid}.${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}.bak`;
}

export const winCopy: Behaviour = (state, raw, ctx) => {
  const a = raw as unknown as CopyArgs;
  const dest = destPath(state, a, ctx);
  const existing = getNode(state, dest);
  if (existing?.kind === 'directory') throw new ModuleFailure(`Access to the path '${dest}' is denied.`);
  const before = existing ? hashOf(existing) : undefined;
  const sha1 = (data: Buffer) => createHash('sha1').update(data).digest('hex');
  const base = { dest, size: a.size, sha256: a.checksum, original_basename: a._original_basename ?? baseName(dest), operation: 'file_copy' };
  const beforeText = existing && a._diff_text !== undefined ? fsStep(() => readFile(state, dest, ctx.account)).toString('utf8') : '';
  const diff = () => (ctx.diff ? { diff: { before: a._diff_text !== undefined ? beforeText : before ? `sha256: ${before}` : '', after: a._diff_text ?? `sha256: ${a.checksum}` } } : {});
  if (existing && (a.force === false || before === a.checksum)) {
    return { changed: false, ...base, checksum: sha1(fsStep(() => readFile(state, dest, ctx.account))) };
  }
  if (ctx.check) return { changed: true, ...base, ...diff() };
  const data = content(state, a, ctx);
  if (!data) return { changed: false, _winbook_upload: 'needed' };
  const actor = actorOf(ctx);
  const parent = parentOf(dest);
  if (parent !== undefined && !getNode(state, parent)) fsStep(() => makeDirectory(state, parent, actor));
  let backup: string | undefined;
  if (existing && a.backup) {
    backup = backupName(dest);
    const old = fsStep(() => readFile(state, dest, ctx.account));
    fsStep(() => writeFile(state, backup as string, old, actor));
  }
  fsStep(() => writeFile(state, dest, data, actor));
  return { changed: true, ...base, checksum: sha1(data), ...(backup ? { backup_file: backup } : {}), ...diff() };
};
