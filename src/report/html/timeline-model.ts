/**
 * The data behind the HTML report: one lane per host, one bar per task per host on a shared time axis, compact
 * enough that 1000 hosts × 10 tasks stay well under 5 MB (bars are tuples, details are deduplicated strings).
 */
import type { HostStats, HostStatus, RunEvent } from '../../engine/events.ts';
import { stringifyFloats } from '../../template/py-float-json.ts';

/** Outcome codes used in bars (index into OUTCOMES). */
export const OUTCOMES: Array<HostStatus | 'rescued'> = ['ok', 'changed', 'failed', 'skipped', 'unreachable', 'ignored', 'rescued'];

export interface TimelineTask {
  name: string;
  handler: boolean;
  module: string;
}

export interface TimelineMarker {
  host: string;
  /** Epoch ms. */
  at: number;
  what: string;
  target: string;
  account?: string;
}

export interface TimelineModel {
  title: string;
  startedAt: number;
  endedAt: number;
  hosts: Array<{ name: string; groups: string[] }>;
  tasks: TimelineTask[];
  /** [host index, task index, start ms from startedAt, end ms, outcome index, detail index] */
  bars: Array<[number, number, number, number, number, number]>;
  /** Result texts (redacted already), deduplicated. */
  details: string[];
  /** [host index, ms from startedAt, what, target, account] */
  markers: Array<[number, number, string, string, string]>;
  recap: Record<string, HostStats>;
  exitCode?: number;
  /** What failed, first: [host index, task index, outcome index, message] for each failed or unreachable bar. */
  problems: Array<[number, number, number, string]>;
}

export interface TimelineOptions {
  title?: string;
  /** Inventory groups per host, for the group filter. */
  groups?: Record<string, string[]>;
  /** Simulator rehearsal-log entries, drawn as markers on the matching host's lane. */
  markers?: TimelineMarker[];
  /** Longest result text kept per bar, in characters. */
  maxDetail?: number;
}

/** Builds the model from the engine's event stream (live, or replayed from a journal). */
export function buildTimeline(events: RunEvent[], opts: TimelineOptions = {}): TimelineModel {
  const b = new TimelineBuilder(opts);
  for (const e of events) b.add(e);
  return b.finish(opts.markers ?? []);
}

export class TimelineBuilder {
  private readonly model: TimelineModel;
  private readonly hostIndex = new Map<string, number>();
  private readonly detailIndex = new Map<string, number>();
  private readonly started = new Map<string, number>();
  private taskIdx = -1;
  private seen = false;

  constructor(private readonly opts: TimelineOptions) {
    this.model = { title: opts.title ?? 'winbook run', startedAt: 0, endedAt: 0, hosts: [], tasks: [], bars: [], details: [], markers: [], recap: {}, problems: [] };
  }

  add(e: RunEvent): void {
    const m = this.model;
    if (!this.seen) {
      this.seen = true;
      m.startedAt = e.at;
    }
    m.endedAt = Math.max(m.endedAt, e.at);
    switch (e.type) {
      case 'run.start':
        m.title = opts(this.opts.title, `winbook run ${e.playbook}`);
        break;
      case 'play.start':
        for (const h of e.hosts) this.host(h);
        break;
      case 'task.start':
        m.tasks.push({ name: e.name, handler: e.handler, module: e.module });
        this.taskIdx = m.tasks.length - 1;
        break;
      case 'host.start':
        this.started.set(e.host, e.at);
        break;
      case 'host.result':
        if (e.item !== undefined || this.taskIdx < 0) break;
        m.bars.push([this.host(e.host), this.taskIdx, (this.started.get(e.host) ?? e.at - e.durationMs) - m.startedAt, e.at - m.startedAt, OUTCOMES.indexOf(e.status), this.detail(e.result)]);
        if (e.status === 'failed' || e.status === 'unreachable') m.problems.push([this.host(e.host), this.taskIdx, OUTCOMES.indexOf(e.status), typeof e.result.msg === 'string' ? e.result.msg : '']);
        break;
      case 'run.end':
        m.recap = e.stats;
        m.exitCode = e.exitCode;
        break;
      default:
        break;
    }
  }

  finish(markers: TimelineMarker[]): TimelineModel {
    const m = this.model;
    // A failure a block's rescue caught is not what failed the run (Ansible counts it rescued, not failed).
    m.problems = m.problems.filter(([h, , o]) => OUTCOMES[o] !== 'failed' || (m.recap[m.hosts[h]?.name ?? '']?.failed ?? 1) > 0);
    const byLower = new Map(m.hosts.map((h, i) => [h.name.toLowerCase(), i]));
    for (const mk of markers) {
      const i = byLower.get(mk.host.toLowerCase());
      if (i === undefined || mk.at < m.startedAt) continue;
      m.markers.push([i, mk.at - m.startedAt, mk.what, mk.target, mk.account ?? '']);
    }
    return m;
  }

  private host(name: string): number {
    let i = this.hostIndex.get(name);
    if (i === undefined) {
      i = this.model.hosts.push({ name, groups: this.opts.groups?.[name] ?? [] }) - 1;
      this.hostIndex.set(name, i);
    }
    return i;
  }

  private detail(result: unknown): number {
    const max = this.opts.maxDetail ?? 4000;
    // A Python float shows `1.0`, as in the JSON report.
    let text = result === undefined ? '' : stringifyFloats(result, 2);
    if (text.length > max) text = `${text.slice(0, max)}\n… (${text.length - max} more characters in the JSON report)`;
    let i = this.detailIndex.get(text);
    if (i === undefined) {
      i = this.model.details.push(text) - 1;
      this.detailIndex.set(text, i);
    }
    return i;
  }
}

function opts(explicit: string | undefined, fallback: string): string {
  return explicit ?? fallback;
}
