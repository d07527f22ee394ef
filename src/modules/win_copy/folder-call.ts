/**
 * The agent call for a controller folder as win_copy `src` (folder-copy.ps1): the file list with each file's SHA-1
 * (1.14's query, sent as `files`/`directories`) and the content the module needs. A folder of up to INLINE_LIMIT
 * bytes travels whole with the list: one agent request, as a single small file does, unchanged files' bytes included
 * but never rewritten. A bigger one sends the list alone first; the module answers with the files it must write
 * and a second request carries those, base64 inside the request, so an unchanged file is never sent.
 */
import type { ModuleResult, PreparedCall } from '../types.ts';
import { UPLOAD_NEEDED_KEY } from '../../agent/protocol.ts';
import type { WalkedFolder } from './folder-walk.ts';
import { INLINE_LIMIT } from './prepare.ts';

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
  const contents = (indexes: number[]) => Object.fromEntries(indexes.map((i) => [String(i), (walked.files[i] as { data: Buffer }).data.toString('base64')]));
  const total = walked.files.reduce((n, f) => n + f.data.length, 0);
  // Check mode writes nothing, so it needs no content.
  if (!check && total <= INLINE_LIMIT) return { args: { ...args, _contents: contents(walked.files.map((_, i) => i)) } };
  return { args, followUp: (answer: ModuleResult) => ({ ...args, _contents: contents(neededOf(answer, walked.files.length)) }) };
}

/** The file indexes a module's `_winbook_upload: 'needed'` answer asks for, each checked against the list sent. */
function neededOf(answer: ModuleResult, count: number): number[] {
  const raw = answer._winbook_needed;
  const list = Array.isArray(raw) ? raw : [raw];
  const out = list.map(Number).filter((i) => Number.isInteger(i) && i >= 0 && i < count);
  if (answer[UPLOAD_NEEDED_KEY] !== 'needed' || out.length !== list.length) throw new Error(`win_copy: the module asked for files the controller did not list: ${JSON.stringify(raw)}`);
  return out;
}
