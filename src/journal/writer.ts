/**
 * Appends journal records durably: one line per record, written and fsynced before the next event is handled, so
 * a `kill -9` or a power cut loses at most the record being written (the reader skips a torn last line).
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { FILE_MODE } from './paths.ts';
import type { JournalRecord } from './types.ts';

export class JournalWriter {
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a', FILE_MODE);
  }

  append(record: JournalRecord): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, JSON.stringify(record) + '\n');
    try {
      fsyncSync(this.fd);
    } catch {
      // Some filesystems (and Windows pipes) refuse fsync; the write itself has reached the OS.
    }
  }

  get closed(): boolean {
    return this.fd === undefined;
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
