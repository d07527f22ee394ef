/**
 * `winbook report RUN_ID --html FILE`: the journal's records replayed as engine events, so a report can be drawn
 * for any journaled run — finished, interrupted or killed — long after it ran.
 */
import type { RunEvent } from '../../engine/events.ts';
import type { JournalRecord } from '../../journal/types.ts';

export function journalEvents(records: JournalRecord[]): RunEvent[] {
  const modules = new Map<string, string>();
  const events: RunEvent[] = [];
  const pos = { file: '', line: 0, col: 0 };
  for (const r of records) {
    switch (r.t) {
      case 'plan':
        for (const p of r.plays) for (const t of [...p.tasks, ...p.handlers]) modules.set(t.id, t.module);
        break;
      case 'run':
        events.push({ type: 'run.start', playbook: r.playbook, check: r.check, forks: 0, at: r.at });
        break;
      case 'play':
        events.push({ type: 'play.start', name: r.name, hosts: r.hosts, pos, at: r.at });
        break;
      case 'task':
        events.push({ type: 'task.start', name: r.name, module: modules.get(r.id) ?? '', handler: r.handler, hosts: r.hosts, pos, at: r.at });
        break;
      case 'result':
        events.push({ type: 'host.result', host: r.host, task: r.name, module: modules.get(r.task) ?? '', handler: r.handler, status: r.status, result: r.result, item: r.item, durationMs: r.durationMs, at: r.at });
        break;
      case 'end': {
        // A second end record corrects the exit code (a report file could not be written): it replaces the first.
        const end = { type: 'run.end' as const, stats: r.stats, exitCode: r.exitCode, durationMs: r.durationMs, at: r.at };
        if (events.at(-1)?.type === 'run.end') events[events.length - 1] = end;
        else events.push(end);
        break;
      }
      default:
        break;
    }
  }
  return events;
}
