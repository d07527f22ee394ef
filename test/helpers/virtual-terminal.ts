/**
 * A small terminal for reporter tests: applies what a reporter writes (text, newline, carriage return, wrapping
 * at the width, CUU `ESC[nA` which cannot move above the screen into history, ED `ESC[J`, SGR colours ignored)
 * to a screen plus its scrollback, as xterm does. What it cannot interpret fails the test rather than passing.
 */
import stringWidth from 'string-width';

export class VirtualTerminal {
  /** Every line ever shown: scrollback, then the screen (the last `rows`). */
  private lines: string[] = [''];
  private row = 0;
  private col = 0;
  writes = 0;

  constructor(
    readonly rows: number,
    readonly columns: number,
  ) {}

  write(chunk: string): boolean {
    this.writes++;
    // eslint-disable-next-line no-control-regex -- the escape sequences are what this parses
    const re = /\u001b\[([0-9;]*)([A-Za-z])|\r|\n|[^\u001b\r\n]+/gu;
    let m: RegExpExecArray | null;
    let at = 0;
    while ((m = re.exec(chunk))) {
      if (m.index !== at) throw new Error(`unsupported sequence at ${JSON.stringify(chunk.slice(at, at + 10))}`);
      at = re.lastIndex;
      const [tok, arg, cmd] = m;
      if (tok === '\n') this.newline();
      else if (tok === '\r') this.col = 0;
      else if (cmd === 'm') continue;
      else if (cmd === 'A') this.row = Math.max(this.row - Number(arg || 1), this.lines.length - this.rows, 0);
      else if (cmd === 'J' && (arg === '' || arg === '0')) {
        this.lines.length = this.row + 1;
        this.lines[this.row] = this.cut(this.lines[this.row] ?? '', this.col);
      } else if (cmd) throw new Error(`unsupported sequence ESC[${arg}${cmd}`);
      else this.text(tok);
    }
    if (at !== chunk.length) throw new Error(`unsupported sequence at ${JSON.stringify(chunk.slice(at, at + 10))}`);
    return true;
  }

  /** The visible screen, trailing blank lines dropped. */
  screen(): string[] {
    const s = this.lines.slice(-this.rows);
    while (s.length && s.at(-1) === '') s.pop();
    return s;
  }

  /** Scrollback and screen together, as a user scrolling up would read them. */
  all(): string[] {
    return [...this.lines];
  }

  private newline(): void {
    this.row++;
    this.col = 0;
    if (this.row >= this.lines.length) this.lines.push('');
  }

  private text(t: string): void {
    let line = this.lines[this.row] ?? '';
    if (stringWidth(line) !== this.col) line = this.cut(line, this.col).padEnd(this.col, ' ');
    for (const ch of t) {
      const w = stringWidth(ch);
      if (this.col + w > this.columns) {
        this.lines[this.row] = line;
        this.newline();
        line = '';
      }
      line += ch;
      this.col += w;
    }
    this.lines[this.row] = line;
  }

  /** `line` cut to `col` columns (everything the cursor would overwrite goes; good enough for appends). */
  private cut(line: string, col: number): string {
    let out = '';
    for (const ch of line) {
      if (stringWidth(out + ch) > col) break;
      out += ch;
    }
    return out;
  }
}
