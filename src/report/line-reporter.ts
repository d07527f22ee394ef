/**
 * ansible-playbook's default stdout callback, as plain lines: banners, one line per host result, the recap.
 * It is the test oracle for engine behaviour, so it follows Ansible's text byte for byte where it can.
 */
import type { EventBus, RunEvent } from '../engine/events.ts';
import { paint, wantsColor } from './colors.ts';
import type { Color } from './colors.ts';
import { banner, codePoints, COLUMNS, recapBlock } from './recap.ts';
import type { WidthOf } from './recap.ts';
import { diffLines } from './diff-lines.ts';
import { dumpResult, isVerboseAlways } from './result-display.ts';
import { terminalEvent } from './terminal-text.ts';
import { safeText } from '../util/control-chars.ts';
import { pyStrip, pyWrap } from './text-wrap.ts';
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
  const format = new LineFormatter(opts.verbose ?? 0, opts.color ?? wantsColor(out), codePoints, displayColumns(out));
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

/**
 * Display._set_column_width: the terminal's width less one (at least 79) when stdout is a TTY, else 79. Banners and
 * the wrapping of warnings use it.
 */
export function displayColumns(out: NodeJS.WritableStream): number {
  const tty = out as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  return tty.isTTY && tty.columns ? Math.max(COLUMNS, tty.columns - 1) : COLUMNS;
}

/** The events lines() prints anything for (the cases of its switch). */
const PRINTED = new Set<RunEvent['type']>(['play.start', 'task.start', 'host.result', 'include', 'play.break', 'warning', 'run.end']);

/** Ansible's TaskInclude and IncludeRole: the default callback prints nothing for their ok results, even with -v. */
const INCLUDES = new Set(['include_tasks', 'include_role']);

/** Turns events into output lines; keeps just enough state to print like Ansible (loops, NO MORE HOSTS LEFT). */
export class LineFormatter {
  /** host of the current task that produced item results: their aggregate prints nothing but "...ignoring". */
  private looped = new Set<string>();
  private warned = new Set<string>();
  private deprecated = new Set<string>();

  constructor(
    private readonly verbosity = 0,
    private readonly color = false,
    /** How the recap measures host names (code points, as ansible-playbook; the live display: screen columns). */
    private readonly widthOf: WidthOf = codePoints,
    /** Display.columns: banners' width and where warnings wrap. */
    private readonly columns = COLUMNS,
  ) {}

  /**
   * A result's `warnings` then its `deprecations` as the default callback's _handle_warnings prints them, before the
   * result's line (a loop's after its items: TaskExecutor moves the items' warnings and deprecations onto the loop's
   * result): each through Display.warning (`[WARNING]: …` wrapped at the display's columns) or Display.deprecated
   * (`[DEPRECATION WARNING]: …`, wrapped keeping whitespace), each text once per run, with no host (the module's
   * words are all Ansible shows).
   */
  resultWarnings(event: RunEvent): string[] {
    if (event.type !== 'host.result' || event.item !== undefined) return [];
    const r = event.result;
    const items = Array.isArray(r.results) ? (r.results as unknown[]) : [];
    const out: string[] = [];
    for (const t of [...items.flatMap((i) => listOf(i, 'warnings')), ...listOf(r, 'warnings')]) {
      const text = this.warningText(typeof t === 'string' ? t : JSON.stringify(t));
      if (this.warned.has(text)) continue;
      this.warned.add(text);
      out.push(this.c(text, 'magenta'));
    }
    for (const d of [...items.flatMap((i) => listOf(i, 'deprecations')), ...listOf(r, 'deprecations')]) {
      const text = this.deprecationText(d);
      if (text === undefined || this.deprecated.has(text)) continue;
      this.deprecated.add(text);
      out.push(this.c(text, 'magenta'));
    }
    return out;
  }

  /** Display.warning: `[WARNING]: TEXT` through textwrap.wrap at the display's columns; control characters escaped after. */
  private warningText(msg: string): string {
    return safeText(pyWrap(`[WARNING]: ${msg}`, this.columns).join('\n'));
  }

  /** Display.deprecated for one `deprecations` entry ({msg, version, date, collection_name}); undefined when it has no msg. */
  private deprecationText(d: unknown): string | undefined {
    if (typeof d !== 'object' || d === null || typeof (d as { msg?: unknown }).msg !== 'string') return undefined;
    const e = d as { msg: string; version?: unknown; date?: unknown; collection_name?: unknown };
    const opt = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));
    const text = deprecationMessage(e.msg, { version: opt(e.version), date: opt(e.date), collection: opt(e.collection_name) });
    return safeText(pyStrip(pyWrap(text, this.columns, { dropWhitespace: false }).join('\n')));
  }

  lines(event: RunEvent): string[] {
    // host.start, host.retry, task.end… print nothing: not copied for the terminal first (one per task-host).
    if (!PRINTED.has(event.type)) return [];
    const e = terminalEvent(event);
    switch (e.type) {
      case 'play.start':
        return ['', banner(e.name ? `PLAY [${e.name}]` : 'PLAY', this.columns), ...(e.hosts.length ? [] : [this.c('skipping: no hosts matched', 'cyan')])];
      case 'task.start':
        this.looped.clear();
        return ['', banner(`${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.name}]`, this.columns)];
      case 'host.result':
        return e.item === undefined ? this.result(e) : this.item(e);
      case 'include':
        // v2_playbook_on_include, in COLOR_SKIP.
        return [this.c(`included: ${e.file} for ${e.hosts.join(', ')}${e.item === undefined ? '' : ` => (item=${e.item})`}`, 'cyan')];
      case 'play.break':
        // The linear strategy says so only when any_errors_fatal or max_fail_percentage breaks the play, not when
        // every host failed on its own (ansible-playbook 2.14 prints nothing then).
        return ['', banner('NO MORE HOSTS LEFT', this.columns)];
      case 'warning': {
        // Display.warning, as for a module's warnings: no host (the event keeps it for the journal), each wrapped text
        // once per run, whichever host, task or loader said it first (its _warns dict); a worker's (perTask) each time.
        const text = this.warningText(event.type === 'warning' ? event.message : e.message);
        if (e.perTask) return [this.c(text, 'magenta')];
        if (this.warned.has(text)) return [];
        this.warned.add(text);
        return [this.c(text, 'magenta')];
      }
      case 'run.end':
        return recapBlock(e.stats, this.color, this.widthOf);
      default:
        return [];
    }
  }

  private result(e: HostResult): string[] {
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
        if (e.status === 'ok' && INCLUDES.has(e.module)) return [];
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

/** A result's `warnings` or `deprecations`: a list, or one entry (TaskExecutor wraps a lone one in a list). */
function listOf(r: unknown, key: 'warnings' | 'deprecations'): unknown[] {
  const w = typeof r === 'object' && r !== null ? (r as Record<string, unknown>)[key] : undefined;
  if (w === undefined || w === null || w === '' || (Array.isArray(w) && !w.length)) return [];
  return Array.isArray(w) ? w : [w];
}

/**
 * ansible-core 2.14's Display.get_deprecation_message (not removed): the message with a full stop, when the feature
 * goes (a date before a version), from which collection (ansible.builtin is named ansible-core), and the help text.
 */
export function deprecationMessage(msg: string, when: { version?: string | undefined; date?: string | undefined; collection?: string | undefined } = {}): string {
  let text = pyStrip(msg);
  if (text && !['!', '?', '.'].includes(text.at(-1) as string)) text += '.';
  const collection = when.collection === 'ansible.builtin' ? 'ansible-core' : when.collection;
  const at = when.date ? `in a release after ${when.date}.` : when.version ? `in version ${when.version}.` : 'in a future release.';
  return [
    `[DEPRECATION WARNING]: ${text}`, 'This feature will be removed', collection ? `from ${collection}` : '', at,
    'Deprecation warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.',
  ].filter((f) => f).join(' ');
}
