/**
 * The run in the shape of Ansible's `json` stdout callback (plays → tasks → hosts, then stats with `failures`),
 * written with owner-only permissions: results are redacted, but a report still says a lot about a site. A Python
 * float prints `1.0`, as the callback's json.dumps prints it.
 */
import { randomUUID } from 'node:crypto';
import { writeReportFile } from './write-file.ts';
import { stringifyFloats } from '../template/py-float-json.ts';
import type { EventBus, HostStats, HostStatus, RunEvent } from '../engine/events.ts';
import type { ModuleResult } from '../modules/types.ts';

interface Duration {
  start: string;
  end?: string;
}
interface JsonTask {
  task: { name: string; id: string; duration: Duration };
  hosts: Record<string, ModuleResult>;
}
interface JsonPlay {
  play: { name: string; id: string; duration: Duration };
  tasks: JsonTask[];
}
export interface JsonReport {
  custom_stats: Record<string, never>;
  global_custom_stats: Record<string, never>;
  plays: JsonPlay[];
  stats: Record<string, { ok: number; changed: number; unreachable: number; failures: number; skipped: number; rescued: number; ignored: number }>;
}

export interface JsonReporterOptions {
  /** Id generator (tests make ids deterministic); Ansible uses uuids. */
  id?: () => string;
}

/** `target` is a file path (written 0600 at the end of the run) or a stream. */
export function attachJsonReporter(bus: EventBus, target: string | NodeJS.WritableStream, opts: JsonReporterOptions = {}): { done(): Promise<void> } {
  const builder = new JsonReportBuilder(opts.id ?? randomUUID);
  let written: Promise<void> | undefined;
  const write = () => (written ??= writeReport(target, stringifyFloats(builder.report, 4) + '\n'));
  const off = bus.on((e) => {
    builder.add(e);
    if (e.type === 'run.end') void write().catch(() => undefined);
  });
  return {
    done: async () => {
      off();
      await write();
    },
  };
}

export class JsonReportBuilder {
  readonly report: JsonReport = { custom_stats: {}, global_custom_stats: {}, plays: [], stats: {} };

  constructor(private readonly id: () => string) {}

  add(e: RunEvent): void {
    const play = this.report.plays.at(-1);
    const task = play?.tasks.at(-1);
    switch (e.type) {
      case 'play.start':
        this.report.plays.push({ play: { name: e.name, id: this.id(), duration: { start: isoTime(e.at) } }, tasks: [] });
        break;
      case 'task.start':
        play?.tasks.push({ task: { name: e.name, id: this.id(), duration: { start: isoTime(e.at) } }, hosts: {} });
        break;
      case 'host.result':
        // Items are inside the aggregate's `results`, as in Ansible's callback.
        if (e.item !== undefined || !task || !play) break;
        task.hosts[e.host] = { ...e.result, ...flags(e.status), action: e.module };
        task.task.duration.end = play.play.duration.end = isoTime(e.at);
        break;
      case 'task.end':
        if (task) task.task.duration.end = isoTime(e.at);
        break;
      case 'play.end':
        if (play) play.play.duration.end = isoTime(e.at);
        break;
      case 'run.end':
        this.report.stats = Object.fromEntries(Object.entries(e.stats).map(([h, s]) => [h, ansibleStats(s)]));
        break;
      default:
        break;
    }
  }
}

function flags(status: HostStatus): Record<string, boolean> {
  if (status === 'failed' || status === 'ignored') return { failed: true };
  if (status === 'skipped') return { skipped: true };
  return {};
}

function ansibleStats(s: HostStats): JsonReport['stats'][string] {
  return { ok: s.ok, changed: s.changed, unreachable: s.unreachable, failures: s.failed, skipped: s.skipped, rescued: s.rescued, ignored: s.ignored };
}

/** Ansible writes `datetime.utcnow().isoformat() + 'Z'`: microseconds. */
function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

async function writeReport(target: string | NodeJS.WritableStream, text: string): Promise<void> {
  if (typeof target !== 'string') {
    target.write(text);
    return;
  }
  await writeReportFile(target, text);
}
