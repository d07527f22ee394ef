/**
 * Chooses reporters for a run: live progress on a TTY, plain lines otherwise, plus requested report files. Each
 * reporter's module loads only when it is chosen (the HTML template only for --html).
 */
import type { EventBus } from '../engine/events.ts';

export interface ReporterChoice {
  json?: string;
  verbose: number;
  html?: string;
  /** Inventory groups per host, known once the inventory is loaded (for the HTML report's group filter). */
  groups?: () => Record<string, string[]>;
  /** Force plain lines even on a TTY (tests, CI). */
  plain?: boolean;
  /** The run's Ctrl-C signal: the live display states the interrupt itself. */
  signal?: AbortSignal;
}

/** Live progress only on a terminal, and not under CI (whose logs keep every redraw). */
export function wantsLiveDisplay(choice: { plain?: boolean } = {}): boolean {
  return Boolean(process.stdout.isTTY) && !choice.plain && !process.env.CI;
}

export async function attachReporters(bus: EventBus, choice: ReporterChoice): Promise<{ done(): Promise<void> }> {
  const attached = [
    wantsLiveDisplay(choice)
      ? (await import('../report/live-reporter.ts')).attachLiveReporter(bus, process.stdout, { verbose: choice.verbose, signal: choice.signal, ...(process.stderr.isTTY ? { stderr: process.stderr } : {}) })
      : await plainLines(bus, choice.verbose),
  ];
  if (choice.json) attached.push((await import('../report/json-reporter.ts')).attachJsonReporter(bus, choice.json));
  if (choice.html) attached.push((await import('../report/html/html-reporter.ts')).attachHtmlReporter(bus, choice.html, { groups: choice.groups }));
  return { done: async () => void (await Promise.all(attached.map((r) => r.done()))) };
}

/**
 * ansible-playbook's plain lines on stdout (its warnings on stderr), written once per event-loop turn (report/turn-batch.ts); anything
 * written to stderr, a crash or the exit writes the held lines first.
 */
async function plainLines(bus: EventBus, verbose: number): Promise<{ done(): Promise<void> }> {
  const [{ attachLineReporter }, { TurnBatch, guardProcess }] = await Promise.all([import('../report/line-reporter.ts'), import('../report/turn-batch.ts')]);
  const batch = new TurnBatch(process.stdout);
  const unguard = guardProcess(batch);
  // Warnings and deprecations go to stderr, as Display.warning and Display.deprecated write them.
  const lines = attachLineReporter(bus, process.stdout, { verbose, batch, err: process.stderr });
  return {
    done: async () => {
      await lines.done();
      unguard();
    },
  };
}
