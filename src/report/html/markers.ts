/** Simulator rehearsal-log entries as timeline markers (the report itself never imports the simulator). */
import type { TimelineMarker } from './timeline-model.ts';

export interface RehearsalLike {
  time: string;
  host: string;
  what: string;
  target: string;
  account?: string;
}

export function rehearsalMarkers(entries: RehearsalLike[]): TimelineMarker[] {
  return entries.map((e) => ({ host: e.host, at: Date.parse(e.time), what: e.what, target: e.target, account: e.account }));
}
