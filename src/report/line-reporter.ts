/**
 * ansible-playbook's default stdout callback, as plain lines: banners, one line per host result, the recap.
 * It is the test oracle for engine behaviour, so it follows Ansible's text byte for byte where it can.
 */
import type { EventBus, RunEvent } from '../engine/events.ts';
import { paint, wantsColor } from './colors.ts';
import type { Color } from './colors.ts';
import { banner, codePoints, recapBlock } from './recap.ts';
import type { WidthOf } from './recap.ts';
import { diffLines } from './diff-lines.ts';
import { dumpResult, isVerboseAlways } from './result-display.ts';
import { terminalEvent } from './terminal-text.ts';
import { safeText } from '../util/control-chars.ts';
import type { TurnBatch } from './turn-batch.ts';

export interface LineReporterOptions {
  /** -v count: 1+ shows every result's JSON. */
  verbose?: number;
  /** Defaults to colours on a TTY only. */
  color?: boolean;
  /** Where warnings go (Ansible prints them on stderr); defaults to `out`. */
  err?: NodeJS.WritableStream;
  /** Write `out`'s lines once per event-loop turn (turn-batch.ts); released before anything goes to `err`. */
  batch?: TurnBatch;
}

type HostResult = Extract<RunEvent, { type: 'host.result' }>;

export function attachLineReporter(bus: EventBus, out: NodeJS.WritableStream, opts: LineReporterOptions = {}): { done(): Promise<void> } {
  const format = new LineFormatter(opts.verbose ?? 0, opts.color ?? wantsColor(out));
  const err = opts.err ?? out;
  const batch = opts.batch;
  const toErr = (text: string): void => {
    if (err !== out) batch?.release();
    err.write(text);
  };
  const off = bus.on((e) => {
    const warnings = format.resultWarnings(e);
    if (warnings.length) toErr(warnings.join('\n') + '\n');
    const lines = format.lines(e);
    if (!lines.length) return;
    if (e.type === 'warning') return toErr(lines.join('\n') + '\n');
    batch?.hold();
    out.write(lines.join('\n') + '\n');
    // The recap ends the run: what follows it (the next-steps hint, report errors) must find it written.
    if (e.type === 'run.end') batch?.release();
  });
  return {
    done: async () => {
      off();
      batch?.release();
    },
  };
}

/** The events lines() prints anything for (the cases of its switch). */
const PRINTED = new Set<RunEvent['type']>(['play.start', 'task.start', 'host.result', 'play.end', 'warning', 'run.end']);

/** Turns events into output lines; keeps just enough state to print like Ansible (loops, NO MORE HOSTS LEFT). */
export class LineFormatter {
  /** host of the current task that produced item results: their aggregate prints nothing but "...ignoring". */
  private looped = new Set<string>();
  private playHosts: string[] = [];
  private downInPlay = new Set<string>();
  private warned = new Set<string>();

  constructor(
    private readonly verbosity = 0,
    private readonly color = false,
    /** How the recap measures host names (code points, as ansible-playbook; the live display: screen columns). */
    private readonly widthOf: WidthOf = codePoints,
  ) {}

  /**
   * A result's `warnings` as the default callback's _handle_warnings prints them: `[WARNING]: …` before the result's
   * line (a loop's after its items: TaskExecutor moves the items' warnings onto the loop's result), each text once per
   * run as Display.warning keeps them, with no host (the module's words are all Ansible shows).
   */
  resultWarnings(event: RunEvent): string[] {
    if (event.type !== 'host.result' || event.item !== undefined) return [];
    const r = event.result;
    const items = Array.isArray(r.results) ? (r.results as unknown[]) : [];
    const texts = [...items.flatMap((i) => warningTexts(i)), ...warningTexts(r)];
    const out: string[] = [];
    for (const t of texts) {
      if (this.warned.has(t)) continue;
      this.warned.add(t);
      out.push(this.c(`[WARNING]: ${safeText(t)}`, 'magenta'));
    }
    return out;
  }

  lines(event: RunEvent): string[] {
    // host.start, host.retry, task.end… print nothing: not copied for the terminal first (one per task-host).
    if (!PRINTED.has(event.type)) return [];
    const e = terminalEvent(event);
    switch (e.type) {
      case 'play.start':
        this.playHosts = e.hosts;
        this.downInPlay.clear();
        return ['', banner(e.name ? `PLAY [${e.name}]` : 'PLAY'), ...(e.hosts.length ? [] : [this.c('skipping: no hosts matched', 'cyan')])];
      case 'task.start':
        this.looped.clear();
        return ['', banner(`${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.name}]`)];
      case 'host.result':
        return e.item === undefined ? this.result(e) : this.item(e);
      case 'play.end':
        return this.playHosts.length > 0 && this.playHosts.every((h) => this.downInPlay.has(h)) ? ['', banner('NO MORE HOSTS LEFT')] : [];
      case 'warning':
        return [this.c(`[WARNING]: ${e.host ? `[${e.host}] ` : ''}${e.message}`, 'magenta')];
      case 'run.end':
        return recapBlock(e.stats, this.color, this.widthOf);
      default:
        return [];
    }
  }

  private result(e: HostResult): string[] {
    if (e.status === 'failed' || e.status === 'unreachable') this.downInPlay.add(e.host);
    // _handle_warnings deletes the warnings it printed (resultWarnings) before the result is dumped.
    const dump = () => dumpResult(e.module, e.result, this.verbosity, true);
    const loop = this.looped.has(e.host) || Array.isArray(e.result.results);
    switch (e.status) {
      case 'unreachable':
        return [this.c(`fatal: [${e.host}]: UNREACHABLE! => ${dump()}`, 'brightRed')];
      case 'failed':
      case 'ignored': {
        const lines = [...this.exception(e), ...(loop ? [] : [this.c(`fatal: [${e.host}]: FAILED! => ${dump()}`, 'red')])];
        return e.status === 'ignored' ? [...lines, this.c('...ignoring', 'cyan')] : lines;
      }
      case 'skipped':
        // The default callback prints the line after a skipped loop's items too (an empty loop has none).
        return [this.c(`skipping: [${e.host}]${this.verbose(e) ? ` => ${dump()}` : ''}`, 'cyan')];
      default: {
        // Ansible prints a changed result's diff (v2_on_file_diff) before its ok/changed line; a loop's after its items.
        const diff = diffLines(e.result, this.color);
        if (loop) return diff;
        const lead = e.status === 'changed' ? 'changed' : 'ok';
        return [...diff, this.c(`${lead}: [${e.host}]${this.verbose(e) ? ` => ${dump()}` : ''}`, e.status === 'changed' ? 'yellow' : 'green')];
      }
    }
  }

  private item(e: HostResult): string[] {
    this.looped.add(e.host);
    const dump = () => dumpResult(e.module, e.result, this.verbosity);
    if (e.status === 'failed' || e.status === 'ignored') return [...this.exception(e), this.c(`failed: [${e.host}] (item=${e.item}) => ${dump()}`, 'red')];
    if (e.status === 'skipped') return [this.c(`skipping: [${e.host}] => (item=${e.item}) ${this.verbose(e) ? `=> ${dump()}` : ''}`, 'cyan')];
    const lead = e.status === 'changed' ? 'changed' : 'ok';
    return [this.c(`${lead}: [${e.host}] => (item=${e.item})${this.verbose(e) ? ` => ${dump()}` : ''}`, e.status === 'changed' ? 'yellow' : 'green')];
  }

  /**
   * CallbackBase._handle_exception: a failed result that carries an `exception` (a module crash, an error inside
   * an action) is announced with the exception's last line, or the whole text from -vvv.
   */
  private exception(e: HostResult): string[] {
    const text = e.result.exception;
    if (text === undefined) return [];
    const msg = this.verbosity < 3
      ? `An exception occurred during task execution. To see the full traceback, use -vvv. The error was: ${String(text).trim().split('\n').at(-1) ?? ''}`
      : `The full traceback is:\n${String(text)}`;
    return [this.c(msg, 'red')];
  }

  private verbose(e: HostResult): boolean {
    return this.verbosity > 0 || isVerboseAlways(e.module, e.result);
  }

  private c(text: string, color: Color): string {
    return this.color ? paint(text, color) : text;
  }
}

/** A result's `warnings`: a list of texts, or one text (TaskExecutor wraps a lone one in a list). */
function warningTexts(r: unknown): string[] {
  const w = typeof r === 'object' && r !== null ? (r as { warnings?: unknown }).warnings : undefined;
  if (w === undefined || w === null) return [];
  return (Array.isArray(w) ? w : [w]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}
