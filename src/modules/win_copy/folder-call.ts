/**
 * The agent call for a controller folder as win_copy `src` (folder-copy.ps1): the file list with each file's SHA-1
 * (1.14's query, sent as `files`/`directories`) and, round by round, the content the module asks for.
 *
 * - A folder of up to INLINE_LIMIT bytes travels whole with the list: one agent request, as a single small file
 *   does; unchanged files' bytes ride along but are never rewritten.
 * - A bigger one sends the list alone. The module answers which files it must write (`_winbook_needed`), the plan
 *   it decided (`_winbook_plan`, 1.14's single or explode way) and what it wrote so far; each next request carries
 *   files of up to BATCH_LIMIT bytes, base64 inside the request, as many as fit in BATCH_LIMIT, or one larger file
 *   staged first as an upload (docs/agent.md "Uploads"). An unchanged file is never sent.
 */
import { createHash } from 'node:crypto';
import type { ModuleResult, PreparedCall } from '../types.ts';
import type { WalkedFolder } from './folder-walk.ts';
import { INLINE_LIMIT } from './prepare.ts';

/**
 * Content per request once a folder goes in rounds: JSON of a few long base64 strings parses quickly even in
 * Windows PowerShell 5.1; a file larger than this goes as an upload, whose bytes WinRS base64-encodes once.
 */
export const BATCH_LIMIT = 512 * 1024;

export interface FolderTarget {
  src: string;
  dest: string;
  force: boolean;
  backup: boolean;
}

export function folderCall(walked: WalkedFolder, t: FolderTarget, check: boolean): PreparedCall {
  const args = {
    _folder: true, src: t.src, dest: t.dest, force: t.force, backup: t.backup,
    // 1.14 sends no checksum with force: false (checksum_check=force): the module then only looks for missing files.
    files: walked.files.map((f) => ({ dest: f.dest, checksum: t.force ? f.sha1 : null, src: f.src })),
    directories: walked.directories,
  };
  const data = (i: number) => (walked.files[i] as { data: Buffer }).data;
  const contents = (indexes: number[]) => Object.fromEntries(indexes.map((i) => [String(i), data(i).toString('base64')]));
  const total = walked.files.reduce((n, f) => n + f.data.length, 0);
  // Check mode writes nothing, so it needs no content.
  if (!check && total <= INLINE_LIMIT) return { args: { ...args, _contents: contents(walked.files.map((_, i) => i)) } };
  const sent = new Set<number>();
  const followUp = (answer: ModuleResult) => {
    const needed = indexes(answer._winbook_needed, walked.files.length);
    const again = needed.filter((i) => sent.has(i));
    if (again.length) throw new Error(`win_copy: the module asked again for files it was sent: ${again.join(', ')}`);
    const round = { ...args, _plan: indexes(answer._winbook_plan, walked.files.length), _single: answer._winbook_single === true, _done: indexes(answer._winbook_done, walked.files.length) };
    const first = needed[0] as number;
    if (data(first).length > BATCH_LIMIT) {
      sent.add(first);
      const sha256 = createHash('sha256').update(data(first)).digest('hex');
      return { args: { ...round, _staged_index: first, _staged_sha256: sha256 }, upload: { data: data(first), sha256 } };
    }
    const batch: number[] = [];
    let size = 0;
    for (const i of needed) {
      if (data(i).length > BATCH_LIMIT || (batch.length > 0 && size + data(i).length > BATCH_LIMIT)) continue;
      batch.push(i);
      size += data(i).length;
      sent.add(i);
    }
    return { args: { ...round, _contents: contents(batch) } };
  };
  return { args, followUp };
}

/** A list of file indexes from the module's answer (PowerShell sends a one-element list as a number), checked. */
function indexes(raw: unknown, count: number): number[] {
  const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const out = list.map(Number);
  if (out.some((i) => !Number.isInteger(i) || i < 0 || i >= count)) throw new Error(`win_copy: the module named files the controller did not list: ${JSON.stringify(raw)}`);
  return out;
}
