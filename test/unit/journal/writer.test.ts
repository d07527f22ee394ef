/**
 * The journal writer's two promises (src/journal/writer.ts): every record is in the file (the OS has it) when
 * append returns, so a killed process loses nothing written; and fsyncs coalesce in the background by default,
 * one per record only with WINBOOK_JOURNAL_FSYNC=record.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalWriter, journalSyncMode } from '../../../src/journal/writer.ts';
import type { JournalRecord } from '../../../src/journal/types.ts';

const warning = (i: number): JournalRecord => ({ t: 'warning', message: `w${i}`, at: i });
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { message: string }).message);

describe('JournalWriter', () => {
  it('batch: each record is in the file when append returns; the fsyncs of 200 records coalesce; close syncs', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'journal-writer-')), 'journal.jsonl');
    const w = new JournalWriter(path, 'batch');
    for (let i = 0; i < 100; i++) {
      w.append(warning(i));
      expect(lines(path)).toHaveLength(i + 1);
    }
    // Written in one go (no event-loop turn): one fsync started, the rest wait for it.
    expect(w.fsyncs).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 100; i < 200; i++) w.append(warning(i));
    await new Promise((r) => setTimeout(r, 50));
    expect(w.fsyncs).toBeLessThanOrEqual(4);
    const before = w.fsyncs;
    w.close();
    expect(w.fsyncs).toBe(before + 1);
    expect(w.closed).toBe(true);
    expect(lines(path)).toEqual(Array.from({ length: 200 }, (_, i) => `w${i}`));
    w.append(warning(999)); // after close: ignored, as before
    expect(lines(path)).toHaveLength(200);
  });

  it('record: one fsync per record, before append returns', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'journal-writer-')), 'journal.jsonl');
    const w = new JournalWriter(path, 'record');
    for (let i = 0; i < 10; i++) w.append(warning(i));
    expect(w.fsyncs).toBe(10);
    w.close();
    expect(lines(path)).toHaveLength(10);
  });

  it('reads the mode from WINBOOK_JOURNAL_FSYNC: record, else batch', () => {
    expect(journalSyncMode({ WINBOOK_JOURNAL_FSYNC: 'record' })).toBe('record');
    expect(journalSyncMode({})).toBe('batch');
    expect(journalSyncMode({ WINBOOK_JOURNAL_FSYNC: 'whatever' })).toBe('batch');
  });
});
