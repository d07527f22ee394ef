/**
 * Live progress on a TTY with listr2: one listr task per playbook task, one row per host showing its state as
 * engine events arrive (running…, ok, changed, failed with the message, unreachable), then the same recap as the
 * line reporter. Above 50 hosts a task collapses to counts per status plus the failed and slowest hosts.
 * listr2 only draws: every row is a promise settled by an engine event.
 */
import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import type { ListrTask } from 'listr2';
import type { EventBus, RunEvent } from '../engine/events.ts';
import { wantsColor } from './colors.ts';
import { TaskRows } from './host-rows.ts';
import type { HostOutcome } from './host-rows.ts';
import { diffLines } from './diff-lines.ts';
import { banner, recapBlock } from './recap.ts';
import { safeText, terminalEvent } from './terminal-text.ts';

export interface ListrReporterOptions {
  verbose?: number;
  /** Above this many hosts a task shows counts instead of one row per host. */
  maxRows?: number;
  /** Force listr2's renderer (tests use 'simple' on a non-TTY stream). */
  renderer?: 'default' | 'simple';
}

export function attachListrReporter(bus: EventBus, out: NodeJS.WritableStream, opts: ListrReporterOptions = {}): { done(): Promise<void> } {
  const r = new ListrReporter(out, opts);
  const off = bus.on((e) => r.on(terminalEvent(e)));
  return {
    done: async () => {
      off();
      await r.finish();
    },
  };
}

class ListrReporter {
  private chain: Promise<void> = Promise.resolve();
  private current?: TaskRows;
  private readonly maxRows: number;
  private readonly output: ProcessOutput;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly opts: ListrReporterOptions,
  ) {
    this.maxRows = opts.maxRows ?? 50;
    // listr2 types its streams as tty.WriteStream; any writable works for what the renderers call.
    const stream = out as NodeJS.WriteStream;
    this.output = new ProcessOutput(stream, stream, { leaveEmptyLine: false });
  }

  on(e: RunEvent): void {
    switch (e.type) {
      case 'play.start':
        return this.write(['', banner(e.name ? `PLAY [${e.name}]` : 'PLAY'), ...(e.hosts.length ? [] : ['skipping: no hosts matched'])]);
      case 'task.start':
        return this.startTask(e.handler ? `RUNNING HANDLER [${e.name}]` : `TASK [${e.name}]`, e.hosts);
      case 'host.start':
        return this.current?.started(e.host, e.at);
      case 'host.result':
        if (e.item !== undefined) return this.current?.item(e.host, e.item, e.status);
        this.showDiff(e);
        return this.current?.finished(e.host, { status: e.status, message: typeof e.result.msg === 'string' ? safeText(e.result.msg) : '' });
      case 'task.end':
        this.current?.closeAll();
        this.current = undefined;
        return;
      case 'warning':
        return this.write([`[WARNING]: ${e.message}`]);
      case 'run.end':
        return this.write(recapBlock(e.stats, wantsColor(this.out)));
      default:
        return;
    }
  }

  /** With -v, a changed result's diff is printed (after the task's rows, as the chain orders writes). */
  private showDiff(e: Extract<RunEvent, { type: 'host.result' }>): void {
    if (!this.opts.verbose) return;
    const lines = diffLines(e.result, wantsColor(this.out));
    if (lines.length) this.write([`${e.host}: ${e.task}`, ...lines]);
  }

  async finish(): Promise<void> {
    this.current?.closeAll();
    await this.chain;
  }

  private write(lines: string[]): void {
    this.chain = this.chain.then(() => void this.out.write(lines.join('\n') + '\n'));
  }

  private startTask(title: string, hosts: string[]): void {
    const rows = new TaskRows(hosts);
    this.current = rows;
    const subtasks = hosts.length > this.maxRows ? [this.summaryRow(rows)] : hosts.map((h) => this.hostRow(rows, h));
    const listr = new Listr([{ title, task: (_ctx, t) => t.newListr(subtasks, { concurrent: true, exitOnError: false }) }], {
      renderer: this.opts.renderer ?? 'default',
      fallbackRenderer: 'simple',
      exitOnError: false,
      registerSignalListeners: false,
      rendererOptions: { logger: new ListrLogger({ processOutput: this.output }), collapseSubtasks: false, collapseErrors: false },
    });
    this.write(['']);
    this.chain = this.chain.then(() => listr.run().then(() => undefined, () => undefined));
  }

  private hostRow(rows: TaskRows, host: string): ListrTask {
    return {
      title: host,
      task: async (_ctx, t) => {
        rows.bindTitle(host, (s) => (t.title = s));
        const o = await rows.rows.get(host)?.done;
        if (o) settleRow(t, host, o);
      },
    };
  }

  private summaryRow(rows: TaskRows): ListrTask {
    return {
      title: `${rows.hosts.length} hosts`,
      task: async (_ctx, t) => {
        const draw = () => {
          t.title = `${rows.hosts.length} hosts: ${rows.summary()}`;
          t.output = [...rows.problems.slice(-10), ...rows.slowest(Date.now(), 3)].join('\n');
        };
        rows.watch(draw);
        draw();
        await rows.allDone();
        t.output = rows.problems.join('\n');
        if (rows.problems.length) throw new Error(`${rows.hosts.length} hosts: ${rows.summary()}`);
      },
      rendererOptions: { persistentOutput: true, outputBar: Infinity },
    };
  }
}

interface RowWrapper {
  title: string;
  skip(message?: string): void;
}

function settleRow(t: RowWrapper, host: string, o: HostOutcome): void {
  const detail = o.message ? `: ${o.message}` : '';
  switch (o.status) {
    case 'failed':
    case 'unreachable':
      t.title = `${host}: ${o.status}${detail}`;
      throw new Error(t.title);
    case 'skipped':
    case 'not run':
      t.skip(`${host}: ${o.status}`);
      return;
    case 'ignored':
      t.title = `${host}: failed (ignored)${detail}`;
      return;
    default:
      t.title = `${host}: ${o.status}`;
  }
}
