/**
 * Live progress on a terminal. What scrolls is what ansible-playbook prints (banners, `ok: [win01]`, `fatal: …`,
 * debug output, `-v` results, diffs, warnings, the recap: the line reporter's own lines), and below it a region
 * redrawn in place shows the current task, the hosts still running on it and the counts so far. When a task has
 * more hosts than the screen has lines, their routine results (ok, changed, skipped) are counted instead of
 * printed — one summary line when the task ends — while failures, unreachable hosts, debug and -v output still
 * print. After Ctrl-C the region says so, and the end says which hosts finished, which were stopped and which
 * never started.
 */
import type { EventBus, HostStatus, RunEvent } from '../engine/events.ts';
import { wantsColor } from './colors.ts';
import { banner } from './recap.ts';
import stringWidth from 'string-width';
import { LineFormatter } from './line-reporter.ts';
import { LiveRegion } from './live-region.ts';
import type { TerminalOut } from './live-region.ts';
import { isVerboseAlways } from './result-display.ts';
import { safeText, terminalEvent } from './terminal-text.ts';

export interface LiveReporterOptions {
  verbose?: number;
  color?: boolean;
  /** The run's Ctrl-C signal: the display states the interrupt instead of a line on stderr crossing it. */
  signal?: AbortSignal;
  /** Milliseconds between redraws (100: ten frames a second at most). */
  frameMs?: number;
  /**
   * stderr when it is the same terminal: what is written there while the display runs (a Node warning, a library's
   * message) is printed above the region instead, since a line written under the region shifts it and the next
   * erase would miss its top.
   */
  stderr?: NodeJS.WriteStream;
}

type HostResult = Extract<RunEvent, { type: 'host.result' }>;

/** Lines the region keeps for itself besides running hosts: the task header, the counts and a margin. */
const REGION_FIXED = 4;
const COUNT_ORDER: (HostStatus | 'running' | 'waiting')[] = ['running', 'waiting', 'ok', 'changed', 'skipped', 'ignored', 'failed', 'unreachable'];

interface TaskState {
  title: string;
  hosts: number;
  /** More hosts than the screen shows: routine results are counted, not printed. */
  collapsed: boolean;
  running: Map<string, { since: number; note: string }>;
  finished: Set<string>;
  counts: Map<string, number>;
  startedAt: number;
}

export function attachLiveReporter(bus: EventBus, out: TerminalOut, opts: LiveReporterOptions = {}): { done(): Promise<void> } {
  const r = new LiveReporter(out, opts);
  const off = bus.on((e) => r.on(e));
  return {
    done: async () => {
      off();
      r.close();
    },
  };
}

export class LiveReporter {
  private readonly region: LiveRegion;
  private readonly format: LineFormatter;
  private task?: TaskState;
  private ticker?: NodeJS.Timeout;
  private interrupted = false;
  private lastTask = '';
  private readonly onAbort = () => this.interrupt();
  private restoreStderr = () => undefined as void;

  constructor(
    out: TerminalOut,
    private readonly opts: LiveReporterOptions,
  ) {
    this.region = new LiveRegion(out, opts.frameMs ?? 100);
    this.region.draw(() => this.render());
    this.format = new LineFormatter(opts.verbose ?? 0, opts.color ?? wantsColor(out as NodeJS.WritableStream), stringWidth);
    if (opts.stderr) this.captureStderr(opts.stderr);
    if (opts.signal?.aborted) this.interrupted = true;
    else opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  on(event: RunEvent): void {
    const lines = [...this.format.resultWarnings(event), ...this.format.lines(event)];
    const e = terminalEvent(event);
    switch (e.type) {
      case 'task.start':
        this.region.commit(lines);
        return this.startTask(e.handler ? `RUNNING HANDLER [${e.name}]` : `TASK [${e.name}]`, e.hosts);
      case 'host.start':
        this.task?.running.set(e.host, { since: Date.now(), note: '' });
        return this.redraw();
      case 'host.retry': {
        const row = this.task?.running.get(e.host);
        if (row) row.note = ` (retry ${e.attempt}/${e.retries})`;
        return this.redraw();
      }
      case 'host.result':
        return this.result(e, lines);
      case 'task.end':
        return this.endTask();
      case 'run.end':
        this.endTask();
        if (this.interrupted || e.exitCode === 99) this.region.commit(['', this.interruptedLine()]);
        this.region.commit(lines);
        this.close();
        return;
      default:
        this.region.commit(lines);
    }
  }

  /** Stops redrawing: the region is erased and what is pending is written. */
  close(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.region.close();
    this.restoreStderr();
  }

  private captureStderr(err: NodeJS.WriteStream): void {
    const original = err.write;
    const write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      this.region.commit(safeText(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')).replace(/\n$/, '').split('\n'));
      this.region.flush();
      const done = rest.find((r) => typeof r === 'function') as ((e?: Error | null) => void) | undefined;
      done?.(null);
      return true;
    };
    err.write = write as typeof err.write;
    this.restoreStderr = () => void (err.write = original);
  }

  private startTask(title: string, hosts: string[]): void {
    this.endTask();
    const { rows } = this.region.screen();
    this.lastTask = title;
    this.task = { title, hosts: hosts.length, collapsed: hosts.length > rows - REGION_FIXED, running: new Map(), finished: new Set(), counts: new Map(), startedAt: Date.now() };
    // The "running 12s" figures age once a second even when no event arrives.
    this.ticker = setInterval(() => this.redraw(), 1000);
    this.ticker.unref?.();
    this.redraw();
  }

  private result(e: HostResult, lines: string[]): void {
    const t = this.task;
    if (!t) return this.region.commit(lines);
    if (e.item !== undefined) {
      const row = t.running.get(e.host);
      if (row) row.note = ` (item=${e.item}: ${e.status})`;
      if (!t.collapsed || this.notable(e, lines)) this.region.commit(lines);
      return this.redraw();
    }
    t.running.delete(e.host);
    t.finished.add(e.host);
    t.counts.set(e.status, (t.counts.get(e.status) ?? 0) + 1);
    if (!t.collapsed || this.notable(e, lines)) this.region.commit(lines);
    this.redraw();
  }

  /** What prints even when routine results are only counted: what ansible-playbook would show and a user must see. */
  private notable(e: HostResult, lines: string[]): boolean {
    if (e.status === 'failed' || e.status === 'unreachable' || e.status === 'ignored') return true;
    // -v shows every result; debug's message is its point (a skipped debug is routine); a --diff diff is more lines.
    return (this.opts.verbose ?? 0) > 0 || isVerboseAlways(e.module, e.result) || (e.status !== 'skipped' && lines.length > 1);
  }

  private endTask(): void {
    const t = this.task;
    if (!t) return;
    this.task = undefined;
    clearInterval(this.ticker);
    this.ticker = undefined;
    const unfinished = this.unfinished(t);
    if (t.collapsed || unfinished) this.region.commit([`  ${t.hosts} hosts: ${this.counts(t, false)}${unfinished}`]);
    this.region.changed();
  }

  /** Hosts a task never finished (only after Ctrl-C): the ones stopped while running and the ones never started. */
  private unfinished(t: TaskState): string {
    const stopped = t.running.size;
    const never = t.hosts - t.finished.size - stopped;
    if (stopped === 0 && never === 0) return '';
    return `  — not finished: ${stopped} stopped while running, ${never} never started`;
  }

  private counts(t: TaskState, live: boolean): string {
    const n = new Map(t.counts);
    if (live) {
      n.set('running', t.running.size);
      n.set('waiting', t.hosts - t.finished.size - t.running.size);
    }
    return COUNT_ORDER.filter((k) => (n.get(k) ?? 0) > 0).map((k) => `${k}=${n.get(k)}`).join('  ') || 'no results';
  }

  private redraw(): void {
    this.region.changed();
  }

  /** The region's lines for the current task: header, the longest-running hosts that fit, the counts. */
  private render(): string[] {
    const t = this.task;
    if (!t) return [];
    const { rows, columns } = this.region.screen();
    const now = Date.now();
    const room = Math.max(0, Math.min(t.running.size, Math.floor((rows - REGION_FIXED) / 2)));
    // The banner ends a column short of the edge: a line that fills the last column wraps early on some terminals.
    const lines = [banner(t.title, columns - 2)];
    let shown = 0;
    for (const [host, row] of t.running) {
      if (shown++ === room) break;
      lines.push(`  ${host}: running ${Math.floor((now - row.since) / 1000)}s${row.note}`);
    }
    if (t.running.size > room) lines.push(`  … ${t.running.size - room} more running`);
    const state = this.interrupted ? 'interrupted, waiting for the running hosts to stop' : `${Math.floor((now - t.startedAt) / 1000)}s`;
    lines.push(`  ${t.hosts} hosts: ${this.counts(t, true)}  (${state})`);
    return lines;
  }

  private interrupt(): void {
    this.interrupted = true;
    this.region.commit(['', 'Interrupted: stopping running tasks and closing connections (Ctrl-C again to quit at once)']);
    this.redraw();
  }

  private interruptedLine(): string {
    return `Interrupted${this.lastTask ? ` during ${this.lastTask}` : ''}: tasks after it did not run; the recap counts only results that came back.`;
  }
}
