/** Chooses reporters for a run: live progress on a TTY, plain lines otherwise, plus requested report files. */
import type { EventBus } from '../engine/events.ts';
import { attachLineReporter } from '../report/line-reporter.ts';
import { attachListrReporter } from '../report/listr-reporter.ts';
import { attachJsonReporter } from '../report/json-reporter.ts';
import { attachHtmlReporter } from '../report/html/html-reporter.ts';

export interface ReporterChoice {
  json?: string;
  verbose: number;
  html?: string;
  /** Inventory groups per host, known once the inventory is loaded (for the HTML report's group filter). */
  groups?: () => Record<string, string[]>;
  /** Force plain lines even on a TTY (tests, CI). */
  plain?: boolean;
}

export function attachReporters(bus: EventBus, choice: ReporterChoice): { done(): Promise<void> } {
  const live = process.stdout.isTTY && !choice.plain && !process.env.CI;
  const attached = [live ? attachListrReporter(bus, process.stdout, { verbose: choice.verbose }) : attachLineReporter(bus, process.stdout, { verbose: choice.verbose })];
  if (choice.json) attached.push(attachJsonReporter(bus, choice.json));
  if (choice.html) attached.push(attachHtmlReporter(bus, choice.html, { groups: choice.groups }));
  return { done: async () => void (await Promise.all(attached.map((r) => r.done()))) };
}
