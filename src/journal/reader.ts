/** Reads a journal back. A torn last line (the process died while writing it) is skipped, not an error. */
import { readFileSync } from 'node:fs';
import type { JournalRecord } from './types.ts';

export function readJournal(path: string): JournalRecord[] {
  const out: JournalRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as JournalRecord);
    } catch {
      // Only the last line can be torn; anything after it would be a later, complete write.
    }
  }
  return out;
}
