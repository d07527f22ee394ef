/**
 * The rehearsal log: every state change on every simulated host, in order, with the account that made it
 * (design §6). Kept in memory and, when a path is given, appended to a JSONL file one entry at a time so a
 * crashed run still leaves its log. Secrets never enter it: callers log `password changed`, never the value,
 * and `append` drops any detail key that names a password as a second line of defence.
 */
import { appendFileSync, writeFileSync } from 'node:fs';

export interface RehearsalEntry {
  /** ISO 8601. */
  time: string;
  host: string;
  account: string;
  /** Dotted verb, e.g. `service.start`. */
  what: string;
  target: string;
  detail?: Record<string, unknown>;
}

export interface RehearsalLogOptions {
  /** JSONL file to append to. */
  path?: string;
  /** Injected clock for deterministic tests. */
  now?: () => Date;
  /**
   * Start `path` empty instead of appending to what an earlier site left there: a site whose hosts start from
   * fresh state must not show the old site's changes as if they were its own (`winbook sim up`).
   */
  fresh?: boolean;
}

const SECRET_KEY = /pass(word)?|secret/i;

export class RehearsalLog {
  private readonly list: RehearsalEntry[] = [];

  constructor(private readonly opts: RehearsalLogOptions = {}) {
    if (opts.path && opts.fresh) writeFileSync(opts.path, '', { mode: 0o600 });
  }

  append(e: Omit<RehearsalEntry, 'time'>): RehearsalEntry {
    const entry: RehearsalEntry = { time: (this.opts.now?.() ?? new Date()).toISOString(), ...e };
    if (e.detail) entry.detail = scrub(e.detail);
    this.list.push(entry);
    if (this.opts.path) appendFileSync(this.opts.path, JSON.stringify(entry) + '\n', { mode: 0o600 });
    return entry;
  }

  /** All entries in order, or one host's (hostname compared case-insensitively). */
  entries(host?: string): RehearsalEntry[] {
    if (host === undefined) return [...this.list];
    const h = host.toLowerCase();
    return this.list.filter((e) => e.host.toLowerCase() === h);
  }
}

function scrub(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(detail)) {
    if (!SECRET_KEY.test(k)) out[k] = v;
  }
  return out;
}
