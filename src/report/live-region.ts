/**
 * The bottom of a terminal, redrawn in place. Lines committed above it are ordinary output that scrolls into the
 * terminal's history; the region below them (the current task, the hosts still running, the counts) is erased
 * and redrawn at most once per frame. The region is never taller than the screen minus two lines, and each of its
 * lines is cut to the screen's width, so an erase (carriage return, CUU `ESC[nA`, then ED `ESC[J`, as ECMA-48
 * defines them) always reaches the region's first line. A region taller than the screen cannot be erased: the part that scrolled away stays,
 * and every redraw appends another copy — the fault this replaces. A frame costs the screen's size, never the
 * host count.
 */
import stringWidth from 'string-width';

/** What the region needs of a terminal stream (a tty.WriteStream; tests pass a fake). */
export interface TerminalOut {
  write(chunk: string): boolean;
  rows?: number;
  columns?: number;
  on?(event: 'resize', fn: () => void): unknown;
  off?(event: 'resize', fn: () => void): unknown;
}

const ESC = '\u001b[';
const segmenter = new Intl.Segmenter();

/** `text` cut to at most `width` terminal columns (wide CJK and emoji count two), with `…` when cut. */
export function fitWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + '…';
}

export class LiveRegion {
  private pending: string[] = [];
  private region: () => string[] = () => [];
  private drawn = 0;
  private timer?: NodeJS.Timeout;
  private readonly onResize = () => this.schedule();
  /** Frames written, for tests and the benchmark: bounded by time, not by events. */
  frames = 0;

  constructor(
    private readonly out: TerminalOut,
    private readonly frameMs = 100,
  ) {
    out.on?.('resize', this.onResize);
  }

  /** The screen as the region sees it (80 × 24 when the stream does not say). */
  screen(): { rows: number; columns: number } {
    return { rows: this.out.rows || 24, columns: this.out.columns || 80 };
  }

  /** Lines that stay: printed above the region at the next frame, in order. */
  commit(lines: string[]): void {
    if (lines.length === 0) return;
    this.pending.push(...lines);
    this.schedule();
  }

  /** What the region shows, asked for at each frame (so an event costs nothing until the frame draws). */
  draw(render: () => string[]): void {
    this.region = render;
    this.schedule();
  }

  /** The region's content changed: redraw at the next frame. */
  changed(): void {
    this.schedule();
  }

  /** Draws now: committed lines, then the region. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const { rows, columns } = this.screen();
    const region = this.region().slice(0, Math.max(0, rows - 2)).map((l) => fitWidth(l, Math.max(1, columns - 1)));
    let frame = this.drawn > 0 ? `\r${ESC}${this.drawn}A${ESC}J` : '';
    if (this.pending.length) frame += this.pending.join('\n') + '\n';
    if (region.length) frame += region.join('\n') + '\n';
    this.pending = [];
    this.drawn = region.length;
    if (frame) {
      this.frames++;
      this.out.write(frame);
    }
  }

  /** Erases the region, writes what is pending and stops redrawing. */
  close(): void {
    this.region = () => [];
    this.flush();
    this.out.off?.('resize', this.onResize);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.frameMs);
  }
}
