/**
 * Splits a cmd.exe command line into commands joined by `&`, `&&` and `||`, honouring double quotes (which
 * cmd keeps) and the `^` escape (which cmd removes outside quotes). Pipes, redirection and parenthesised
 * blocks are reported, not parsed: the simulated host does not emulate them.
 */

export type Joiner = '&' | '&&' | '||';

export interface Segment {
  /** The command text, quotes kept, carets resolved, surrounding whitespace on the left removed. */
  text: string;
  /** How this command is joined to the previous one (undefined for the first). */
  joiner?: Joiner;
}

export interface ParsedLine {
  segments: Segment[];
  /** The first unsupported construct found (`|`, `>`, `<`, `(`), if any. */
  unsupported?: string;
}

export function parseCmdLine(line: string): ParsedLine {
  const segments: Segment[] = [];
  let cur = '';
  let joiner: Joiner | undefined;
  let quoted = false;
  let unsupported: string | undefined;
  const push = (next: Joiner | undefined) => {
    segments.push({ text: cur.replace(/^[ \t]+/, ''), ...(joiner ? { joiner } : {}) });
    cur = '';
    joiner = next;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '"') {
      quoted = !quoted;
      cur += c;
    } else if (quoted) {
      cur += c;
    } else if (c === '^') {
      i++;
      cur += line[i] ?? '';
    } else if (c === '&' || (c === '|' && line[i + 1] === '|')) {
      const double = line[i + 1] === c;
      if (double) i++;
      push(double ? (c === '&' ? '&&' : '||') : '&');
    } else {
      if ((c === '|' || c === '>' || c === '<' || (c === '(' && cur.trim() === '')) && unsupported === undefined) unsupported = c;
      cur += c;
    }
  }
  push(undefined);
  return { segments, ...(unsupported ? { unsupported } : {}) };
}

/** Whitespace-separated words, double quotes grouping and removed (argv as a console program sees it). */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let word = '';
  let last = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // Adjacent pieces (a"b c"d) form one word, as CommandLineToArgvW joins them.
    if (last === m.index && out.length > 0) word = out.pop() as string;
    else word = '';
    out.push(word + (m[1] ?? m[2] ?? ''));
    last = m.index + m[0].length;
  }
  return out;
}
