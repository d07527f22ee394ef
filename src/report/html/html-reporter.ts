/** `--html FILE`: collects the run's events and writes the timeline report when the run ends (mode 0600). */
import { writeReportFile } from '../write-file.ts';
import type { EventBus, RunEvent } from '../../engine/events.ts';
import { buildTimeline } from './timeline-model.ts';
import type { TimelineMarker, TimelineOptions } from './timeline-model.ts';
import { renderHtml } from './render-html.ts';

export interface HtmlReporterOptions extends Omit<TimelineOptions, 'markers' | 'groups'> {
  /** Inventory groups per host, asked for at the end of the run (the inventory is loaded after reporters attach). */
  groups?: Record<string, string[]> | (() => Record<string, string[]>);
  /** Called at the end of the run for simulator events to draw as markers (the rehearsal log). */
  markers?: () => TimelineMarker[];
}

export async function writeHtmlReport(file: string, events: RunEvent[], opts: TimelineOptions = {}): Promise<void> {
  await writeReportFile(file, renderHtml(buildTimeline(events, opts)));
}

export function attachHtmlReporter(bus: EventBus, file: string, opts: HtmlReporterOptions = {}): { done(): Promise<void> } {
  const events: RunEvent[] = [];
  const off = bus.on((e) => void events.push(e));
  return {
    done: async () => {
      off();
      const groups = typeof opts.groups === 'function' ? opts.groups() : opts.groups;
      await writeHtmlReport(file, events, { ...opts, groups, markers: opts.markers?.() });
    },
  };
}
