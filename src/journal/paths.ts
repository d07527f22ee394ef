/**
 * Where journals live: `<cwd>/.winbook/runs/<id>/`, directories 0700 and files 0600 (owner only). Windows ignores
 * POSIX modes; creating the files must still work there, so modes are requested, never required.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const JOURNAL_FILE = 'journal.jsonl';
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** `WINBOOK_RUNS_DIR` overrides the default, for CI workspaces that keep state elsewhere. */
export function runsDir(cwd: string = process.cwd()): string {
  return resolve(cwd, process.env.WINBOOK_RUNS_DIR ?? join('.winbook', 'runs'));
}

/** Sortable by start time, unique across parallel runs: `20261127-194105-3fa2c1`. */
export function newRunId(now: number = Date.now()): string {
  const iso = new Date(now).toISOString(); // 2026-11-27T19:41:05.123Z
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function makeRunDir(dir: string, id: string): string {
  const path = join(dir, id);
  mkdirSync(path, { recursive: true, mode: DIR_MODE });
  return path;
}
