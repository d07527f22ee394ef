/** Banners and the PLAY RECAP, formatted exactly as ansible-playbook's default callback prints them. */
import type { HostStats } from '../engine/events.ts';
import { paint } from './colors.ts';
import type { Color } from './colors.ts';
import { safeName } from './terminal-text.ts';

/** ansible's Display uses 79 columns when stdout is not a TTY: `TITLE ` then stars up to column 80. */
export const COLUMNS = 79;

export function banner(title: string, columns = COLUMNS): string {
  const msg = safeName(title.trim());
  return `${msg} ${'*'.repeat(Math.max(3, columns - msg.length))}`;
}

/** How many columns a name takes: Python's `%-26s` counts code points, which is what ansible-playbook pads by. */
export type WidthOf = (s: string) => number;
export const codePoints: WidthOf = (s) => [...s].length;

/**
 * `host : ok=N    changed=N ...` — the host padded to 26, each `key=N` to 4 digits (`%-26s`, `%-4s`). The plain
 * output pads as Python does (code points), byte for byte; the live display passes the terminal width of the
 * name (string-width: CJK and emoji take two columns) so its columns line up on screen.
 */
export function recapLine(host: string, s: HostStats, color = false, widthOf: WidthOf = codePoints): string {
  const field = (lead: string, n: number, c: Color) => {
    const text = `${lead}=${String(n).padEnd(4)}`;
    return color && n !== 0 ? paint(text, c) : text;
  };
  const fields = [
    field('ok', s.ok, 'green'),
    field('changed', s.changed, 'yellow'),
    field('unreachable', s.unreachable, 'brightRed'),
    field('failed', s.failed, 'red'),
    field('skipped', s.skipped, 'cyan'),
    field('rescued', s.rescued, 'green'),
    field('ignored', s.ignored, 'magenta'),
  ];
  return `${hostLabel(host, s, color, widthOf)} : ${fields.join(' ')}`;
}

/** The recap block: banner, one line per host sorted by name, a blank line. Starts with the blank line before the banner. */
export function recapBlock(stats: Record<string, HostStats>, color = false, widthOf: WidthOf = codePoints): string[] {
  const hosts = Object.keys(stats).sort();
  return ['', banner('PLAY RECAP'), ...hosts.map((h) => recapLine(h, stats[h] as HostStats, color, widthOf)), ''];
}

function hostLabel(host: string, s: HostStats, color: boolean, widthOf: WidthOf): string {
  const name = safeName(host);
  const padded = name + ' '.repeat(Math.max(0, 26 - widthOf(name)));
  if (!color) return padded;
  if (s.failed > 0 || s.unreachable > 0) return paint(padded, 'red');
  if (s.changed > 0) return paint(padded, 'yellow');
  return paint(padded, 'green');
}
