/**
 * Reads a journal back. A torn last line (the process died while writing it) is skipped, not an error. A number
 * written `1.0` is read as a Python float again (template/py-float-json.ts), so a registered float stays one on
 * --resume.
 */
import { readFileSync } from 'node:fs';
import type { JournalRecord } from './types.ts';
import { parseFloats } from '../template/py-float-json.ts';

export function readJournal(path: string): JournalRecord[] {
  const out: JournalRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(parseFloats(line) as JournalRecord);
    } catch {
      // Only the last line can be torn; anything after it would be a later, complete write.
    }
  }
  return out;
}
