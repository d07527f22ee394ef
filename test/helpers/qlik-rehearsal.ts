/**
 * Invariants of a Qlik rehearsal, checked from the simulator's rehearsal log (issue 6 "done when"): each returns
 * the violations as sentences, so a failing test says what happened where.
 */
import type { RehearsalEntry } from '../../src/sim/host/rehearsal-log.ts';

const QSD = 'qliksenseservicedispatcher';
const QRS = 'qliksenserepositoryservice';
const QRD = 'qliksenserepositorydatabase';

/** QSD must run before every QRS start and before every bootstrap, on every node. `running`: QSD state at start. */
export function qsdFirstViolations(entries: RehearsalEntry[], running: Record<string, boolean>): string[] {
  const qsd = new Map(Object.entries(running).map(([h, r]) => [h.toLowerCase(), r]));
  const out: string[] = [];
  for (const e of entries) {
    const host = e.host.toLowerCase();
    const target = e.target.toLowerCase();
    if (e.what === 'service.start' && target === QSD) qsd.set(host, true);
    if (e.what === 'service.stop' && target === QSD) qsd.set(host, false);
    const isQrsStart = e.what === 'service.start' && target === QRS;
    if ((isQrsStart || e.what === 'qlik.bootstrap') && !qsd.get(host)) out.push(`${e.host} ${e.time}: ${e.what} ${e.target} while the Service Dispatcher was stopped`);
  }
  return out;
}

export function qrdStops(entries: RehearsalEntry[]): string[] {
  return entries.filter((e) => e.what === 'service.stop' && e.target.toLowerCase() === QRD).map((e) => `${e.host} ${e.time}: stopped the Repository Database`);
}

/** -iscentral only on the central node, and the central node's Repository bootstrap always carries it. */
export function isCentralViolations(entries: RehearsalEntry[], central: string): string[] {
  const out: string[] = [];
  for (const e of entries.filter((x) => x.what === 'qlik.bootstrap')) {
    const args = String(e.detail?.args ?? '');
    const onCentral = e.host.toLowerCase() === central.toLowerCase();
    if (args.includes('-iscentral') && !onCentral) out.push(`${e.host}: ${e.target} ${args} on a rim`);
    if (!args.includes('-iscentral') && onCentral && e.target === 'Repository.exe') out.push(`${e.host}: Repository.exe without -iscentral on the central node`);
  }
  return out;
}
