/**
 * Appends journal records: one line per record, written (write(2), synchronously) before the next event is
 * handled, so a `kill -9` loses at most the record being written (the reader skips a torn last line).
 *
 * Reaching the disk (fsync) is a separate cost: one fsync per record was the largest item in a one-task run's
 * profile and a wait of the event loop on the disk for every result. By default (`batch`) fsyncs run in the
 * background and coalesce: while one runs, the records written meanwhile wait for the next, so a run costs a few
 * fsyncs rather than one per result, and a power cut can lose only the records written since the last fsync
 * finished (milliseconds of them). close() — after the `end` record, and on the second Ctrl-C — fsyncs
 * synchronously. `WINBOOK_JOURNAL_FSYNC=record` fsyncs every record before returning, as before.
 */
import { closeSync, fsync, fsyncSync, openSync, writeSync } from 'node:fs';
import { FILE_MODE } from './paths.ts';
import type { JournalRecord } from './types.ts';
import { stringifyFloats } from '../template/py-float-json.ts';

export type JournalSync = 'batch' | 'record';

export function journalSyncMode(env: NodeJS.ProcessEnv = process.env): JournalSync {
  return env.WINBOOK_JOURNAL_FSYNC === 'record' ? 'record' : 'batch';
}

export class JournalWriter {
  private fd: number | undefined;
  private syncing = false;
  private dirty = false;
  /** fsync calls made so far (tests and benchmarks). */
  fsyncs = 0;

  constructor(
    readonly path: string,
    private readonly sync: JournalSync = journalSyncMode(),
  ) {
    this.fd = openSync(path, 'a', FILE_MODE);
  }

  append(record: JournalRecord): void {
    if (this.fd === undefined) return;
    // A Python float (`1.0`) is written as one, for --resume to read back (journal/reader.ts).
    writeSync(this.fd, stringifyFloats(record) + '\n');
    if (this.sync === 'record') return this.syncNow();
    this.dirty = true;
    this.syncInBackground();
  }

  get closed(): boolean {
    return this.fd === undefined;
  }

  close(): void {
    if (this.fd === undefined) return;
    this.syncNow();
    closeSync(this.fd);
    this.fd = undefined;
  }

  private syncInBackground(): void {
    if (this.syncing || !this.dirty || this.fd === undefined) return;
    this.syncing = true;
    this.dirty = false;
    this.fsyncs++;
    fsync(this.fd, () => {
      // An error here is what fsyncSync ignored too (a filesystem that refuses fsync); close() syncs again anyway.
      this.syncing = false;
      this.syncInBackground();
    });
  }

  private syncNow(): void {
    if (this.fd === undefined) return;
    this.fsyncs++;
    try {
      fsyncSync(this.fd);
    } catch {
      // Some filesystems (and Windows pipes) refuse fsync; the write itself has reached the OS.
    }
  }
}
