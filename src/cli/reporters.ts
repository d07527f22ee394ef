/**
 * Chooses reporters for a run: live progress on a TTY, plain lines otherwise, plus requested report files. Each
 * reporter's module loads only when it is chosen (listr2 only on a TTY, the HTML template only for --html).
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
}

export async function attachReporters(bus: EventBus, choice: ReporterChoice): Promise<{ done(): Promise<void> }> {
  const live = process.stdout.isTTY && !choice.plain && !process.env.CI;
  const attached = [
    live
      ? (await import('../report/listr-reporter.ts')).attachListrReporter(bus, process.stdout, { verbose: choice.verbose })
      : (await import('../report/line-reporter.ts')).attachLineReporter(bus, process.stdout, { verbose: choice.verbose }),
  ];
  if (choice.json) attached.push((await import('../report/json-reporter.ts')).attachJsonReporter(bus, choice.json));
  if (choice.html) attached.push((await import('../report/html/html-reporter.ts')).attachHtmlReporter(bus, choice.html, { groups: choice.groups }));
  return { done: async () => void (await Promise.all(attached.map((r) => r.done()))) };
}
