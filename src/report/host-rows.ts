/**
 * The live state of one playbook task for the listr reporter: per host, a promise the listr row awaits, settled
 * by engine events; or, for big runs, counts per status plus the failed and slow hosts.
 */
import type { HostStatus } from '../engine/events.ts';

export interface HostOutcome {
  status: HostStatus | 'not run';
  message: string;
}

interface Row {
  settle(o: HostOutcome): void;
  done: Promise<HostOutcome>;
  settled: boolean;
  title?: (t: string) => void;
  startedAt?: number;
}

export class TaskRows {
  readonly rows = new Map<string, Row>();
  readonly counts = new Map<string, number>();
  readonly problems: string[] = [];
  private onChange: () => void = () => undefined;

  constructor(readonly hosts: string[]) {
    for (const h of hosts) {
      let settle!: (o: HostOutcome) => void;
      const done = new Promise<HostOutcome>((r) => (settle = r));
      this.rows.set(h, { settle, done, settled: false });
    }
  }

  /** A listr row registers how to retitle itself; big runs register one summary listener instead. */
  bindTitle(host: string, set: (t: string) => void): void {
    const row = this.rows.get(host);
    if (!row) return;
    row.title = set;
    if (row.startedAt !== undefined && !row.settled) set(`${host}: running…`);
  }

  watch(fn: () => void): void {
    this.onChange = fn;
  }

  started(host: string, now: number): void {
    const row = this.rows.get(host);
    if (!row) return;
    row.startedAt = now;
    row.title?.(`${host}: running…`);
    this.bump('running', 1);
  }

  item(host: string, item: string, status: HostStatus): void {
    this.rows.get(host)?.title?.(`${host}: running… (item=${item}: ${status})`);
  }

  finished(host: string, o: HostOutcome): void {
    const row = this.rows.get(host);
    if (!row || row.settled) return;
    row.settled = true;
    if (row.startedAt !== undefined) this.bump('running', -1);
    this.bump(o.status, 1);
    if (o.status === 'failed' || o.status === 'unreachable') this.problems.push(`${host}: ${o.status}: ${o.message}`);
    row.settle(o);
  }

  /** Hosts still running, longest first: "slow" in the collapsed view. */
  slowest(now: number, n: number): string[] {
    return [...this.rows.entries()]
      .filter(([, r]) => !r.settled && r.startedAt !== undefined)
      .sort(([, a], [, b]) => (a.startedAt ?? 0) - (b.startedAt ?? 0))
      .slice(0, n)
      .map(([h, r]) => `${h}: running ${Math.round((now - (r.startedAt ?? now)) / 1000)}s`);
  }

  /** Settle whatever never got a result (interrupted run), so no listr row waits forever. */
  closeAll(): void {
    for (const h of this.rows.keys()) this.finished(h, { status: 'not run', message: '' });
  }

  allDone(): Promise<HostOutcome[]> {
    return Promise.all([...this.rows.values()].map((r) => r.done));
  }

  summary(): string {
    const order = ['running', 'ok', 'changed', 'skipped', 'ignored', 'failed', 'unreachable', 'not run'];
    return order.filter((k) => (this.counts.get(k) ?? 0) > 0).map((k) => `${k}=${this.counts.get(k)}`).join('  ') || 'waiting…';
  }

  private bump(key: string, by: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
    this.onChange();
  }
}
