/** `--rerun` and `--resume`: the last journaled run of a playbook, and which of its hosts to run again. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JOURNAL_FILE } from './paths.ts';
import { readJournal } from './reader.ts';
import { viewRun } from './outcome.ts';
import type { HostOutcome, RunView } from './outcome.ts';
import type { ResumePoint } from './types.ts';

import type { RerunMode } from './rerun-modes.ts';

export { RERUN_MODES, type RerunMode } from './rerun-modes.ts';

/** Every journaled run, newest first. */
export function listRuns(dir: string): RunView[] {
  if (!existsSync(dir)) return [];
  const ids = readdirSync(dir).filter((d) => existsSync(join(dir, d, JOURNAL_FILE))).sort().reverse();
  const out: RunView[] = [];
  for (const id of ids) {
    const v = viewRun(readJournal(join(dir, id, JOURNAL_FILE)));
    if (v) out.push(v);
  }
  return out;
}

export function lastRunOf(dir: string, playbook: string): RunView | undefined {
  const want = resolve(playbook);
  return listRuns(dir).find((r) => resolve(r.playbook) === want);
}

/**
 * failed: hosts that failed, were unreachable or were cut short (Ctrl-C, kill -9); unreachable: only those that
 * could not be reached; all: every host of that run.
 */
export function rerunHosts(run: RunView, mode: RerunMode): HostOutcome[] {
  if (mode === 'all') return run.hosts;
  if (mode === 'unreachable') return run.hosts.filter((h) => h.end === 'unreachable');
  return run.hosts.filter((h) => h.end !== 'ok');
}

export function resumePlan(hosts: HostOutcome[]): Record<string, ResumePoint> {
  const out: Record<string, ResumePoint> = {};
  for (const h of hosts) if (h.resume) out[h.host] = h.resume;
  return out;
}
