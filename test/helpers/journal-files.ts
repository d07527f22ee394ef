/** Reads the journals a CLI subprocess wrote under <cwd>/.winbook/runs. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function runDirs(cwd: string): string[] {
  const dir = join(cwd, '.winbook', 'runs');
  return existsSync(dir) ? readdirSync(dir).sort().map((d) => join(dir, d)) : [];
}

/** Parsed records of the newest journal (a torn last line is skipped). */
export function latestJournal(cwd: string): Record<string, unknown>[] {
  const d = runDirs(cwd).at(-1);
  if (!d || !existsSync(join(d, 'journal.jsonl'))) return [];
  const out: Record<string, unknown>[] = [];
  for (const line of readFileSync(join(d, 'journal.jsonl'), 'utf8').split('\n')) {
    try {
      if (line.trim()) out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // torn last line
    }
  }
  return out;
}
