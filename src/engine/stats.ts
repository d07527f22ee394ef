/** Per-host counters for the recap, counted as Ansible's AggregateStats does. */
import { emptyStats } from './events.ts';
import type { HostStats, HostStatus } from './events.ts';

export class RunStats {
  private readonly byHost = new Map<string, HostStats>();

  /** Make the host appear in the recap even if it never got a result. */
  touch(host: string): HostStats {
    let s = this.byHost.get(host);
    if (!s) {
      s = emptyStats();
      this.byHost.set(host, s);
    }
    return s;
  }

  /**
   * One final task result. Like Ansible: a changed task counts as ok too, and an ignored failure counts as ok and
   * ignored (and changed if it changed), never as failed.
   */
  record(host: string, status: HostStatus, changed: boolean): void {
    const s = this.touch(host);
    switch (status) {
      case 'ok':
        s.ok++;
        break;
      case 'changed':
        s.ok++;
        s.changed++;
        break;
      case 'ignored':
        s.ok++;
        s.ignored++;
        if (changed) s.changed++;
        break;
      case 'failed':
        s.failed++;
        break;
      case 'skipped':
        s.skipped++;
        break;
      case 'unreachable':
        s.unreachable++;
        break;
    }
  }

  /** A failure inside a block with a rescue: Ansible counts it as rescued, never as failed or ok. */
  recordRescued(host: string): void {
    this.touch(host).rescued++;
  }

  snapshot(): Record<string, HostStats> {
    const out: Record<string, HostStats> = {};
    for (const [h, s] of this.byHost) out[h] = { ...s };
    return out;
  }
}
