/**
 * The journal as an event subscriber (the engine knows nothing of it): it turns engine events into journal
 * records and follows each host's pending handler notifications from the plan, as the engine does (handlers.ts):
 * a task that reports `changed` notifies; a handler that ran removes itself; a new play starts afresh.
 */
import type { EventBus, RunEvent } from '../engine/events.ts';
import { handlersNotified, taskId } from './plan.ts';
import type { JournalRecord, PlanPlay, PlanTask, ResumePoint } from './types.ts';
import { JournalWriter } from './writer.ts';

export interface JournalMeta {
  id: string;
  playbook: string;
  cwd: string;
  argv: string[];
  limit?: string;
  check: boolean;
  resumeOf?: string;
  resume?: Record<string, ResumePoint>;
}

export interface Journal {
  readonly path: string;
  readonly id: string;
  /** Second Ctrl-C: mark the run as killed, synchronously, just before the process exits. */
  abandon(): void;
  /**
   * Closes the journal. `exitCode`: the code the process ends with, when it differs from the run's (a report
   * file could not be written after the run): a second `end` record says so, and readers take the last one.
   */
  done(exitCode?: number, message?: string): Promise<void>;
}

type Ev<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

export function attachJournal(bus: EventBus, path: string, meta: JournalMeta, plan: PlanPlay[]): Journal {
  const w = new JournalWriter(path);
  const rec = new Recorder(w, meta, plan);
  w.append({ t: 'run', ...meta, at: Date.now() });
  w.append({ t: 'plan', plays: plan });
  const off = bus.on((e) => rec.on(e));
  return {
    path,
    id: meta.id,
    abandon: () => {
      off();
      if (!w.closed) w.append({ t: 'end', status: 'killed', exitCode: 99, stats: {}, durationMs: 0, at: Date.now() });
      w.close();
    },
    done: async (exitCode?: number, message?: string) => {
      off();
      w.close();
      const end = rec.end;
      if (end && exitCode !== undefined && exitCode !== end.exitCode) {
        const again = new JournalWriter(path);
        again.append({ ...end, exitCode, ...(message ? { message } : {}), at: Date.now() });
        again.close();
      }
    },
  };
}

class Recorder {
  private playIndex = -1;
  private task: PlanTask | undefined;
  private taskIdNow = '?';
  /** The `end` record written when the run ended. */
  end: Extract<JournalRecord, { t: 'end' }> | undefined;
  private readonly pending = new Map<string, string[]>();

  constructor(
    private readonly w: JournalWriter,
    private readonly meta: JournalMeta,
    private readonly plan: PlanPlay[],
  ) {}

  on(e: RunEvent): void {
    if (e.type === 'play.start') return this.playStart(e);
    if (e.type === 'task.start') return this.taskStart(e);
    if (e.type === 'host.result') return this.result(e);
    if (e.type === 'warning') return this.w.append({ t: 'warning', ...(e.host ? { host: e.host } : {}), message: e.message, at: e.at });
    if (e.type === 'run.end') {
      const status = e.exitCode === 99 ? 'interrupted' : 'completed';
      this.end = { t: 'end', status, exitCode: e.exitCode, stats: e.stats, durationMs: e.durationMs, at: e.at };
      this.w.append(this.end);
      this.w.close();
    }
  }

  private get play(): PlanPlay | undefined {
    return this.plan[this.playIndex];
  }

  private playStart(e: Ev<'play.start'>): void {
    this.playIndex++;
    this.w.append({ t: 'play', index: this.playIndex, name: e.name, hosts: e.hosts, at: e.at });
    for (const h of e.hosts) {
      const r = this.meta.resume?.[h];
      this.setPending(h, r && r.play === this.playIndex ? [...r.pending] : [], e.at);
    }
  }

  private taskStart(e: Ev<'task.start'>): void {
    this.task = this.resolve(e);
    const id = this.task?.id ?? eventTaskId(e) ?? taskId({ pos: e.pos });
    this.taskIdNow = id;
    this.w.append({ t: 'task', id, name: e.name, handler: e.handler, hosts: e.hosts, at: e.at });
  }

  /** The planned task an event stands for: by its id when the event carries one, else by position and name. */
  private resolve(e: Ev<'task.start'>): PlanTask | undefined {
    const all = [...(this.play?.tasks ?? []), ...(this.play?.handlers ?? [])];
    const id = eventTaskId(e);
    if (id) return all.find((t) => t.id === id) ?? all.find((t) => t.name === e.name);
    const at = taskId({ pos: e.pos });
    const here = all.filter((t) => t.at === at);
    return here.length === 1 ? here[0] : (here.find((t) => t.name === e.name) ?? all.find((t) => t.name === e.name));
  }

  private result(e: Ev<'host.result'>): void {
    const id = eventTaskId(e) ?? this.taskIdNow;
    const task = this.task?.id === id ? this.task : undefined;
    const aggregate = e.item === undefined;
    const register = aggregate && task?.register && e.status !== 'unreachable' ? task.register : undefined;
    this.w.append({
      t: 'result',
      host: e.host,
      task: id,
      name: e.task,
      handler: e.handler,
      status: e.status,
      result: e.result,
      module: e.module,
      ...(register ? { register } : {}),
      ...(e.item === undefined ? {} : { item: e.item }),
      durationMs: e.durationMs,
      at: e.at,
    });
    if (aggregate) this.followNotifications(e, task);
  }

  private followNotifications(e: Ev<'host.result'>, task: PlanTask | undefined): void {
    const before = this.pending.get(e.host) ?? [];
    let after = before;
    if (e.handler && e.status !== 'failed' && e.status !== 'unreachable') after = after.filter((n) => n !== e.task);
    if (e.status === 'changed' && task && this.play) {
      const added = handlersNotified(this.play, task.notify).filter((n) => !after.includes(n));
      after = [...after, ...added];
    }
    if (after !== before) this.setPending(e.host, after, e.at);
  }

  private setPending(host: string, handlers: string[], at: number): void {
    const before = this.pending.get(host) ?? [];
    this.pending.set(host, handlers);
    if (before.length === 0 && handlers.length === 0) return;
    this.w.append({ t: 'pending', host, handlers, at });
  }
}

/** The engine's stable task id (`taskId`, file:line:col) when the event carries one. */
function eventTaskId(e: RunEvent): string | undefined {
  const id = (e as { taskId?: unknown }).taskId;
  return typeof id === 'string' && id ? id : undefined;
}
