/**
 * Python 3.11's textwrap.wrap with its defaults (expand_tabs, replace_whitespace, break_long_words,
 * break_on_hyphens), and drop_whitespace either way: ansible-core 2.14's Display wraps `[WARNING]:` lines with
 * textwrap.wrap(msg, columns) and `[DEPRECATION WARNING]:` lines with drop_whitespace=False, so winbook's lines
 * break where ansible-playbook's do. Lengths are counted in code points, as Python's len() counts them.
 */

/** textwrap._whitespace: only these are split on and replaced by spaces (not every Unicode space). */
const WS = '\\t\\n\\x0b\\x0c\\r ';
// Python's `\w` in a str pattern is str.isalnum() or '_'; `\d` is the Nd category; `[^\d\W]` a word char but no digit.
const W = '[\\p{L}\\p{N}_]';
const LT = '[\\p{L}\\p{Nl}\\p{No}_]';
const WP = `(?:${W}|[!"'&.,?])`;

/** TextWrapper.wordsep_re, translated: whitespace runs, em-dashes between words, words split after their hyphens. */
const WORDSEP = new RegExp(
  `([${WS}]+` +
    `|(?<=${WP})-{2,}(?=${W})` +
    `|[^${WS}]+?(?:-(?:(?<=${LT}{2}-)|(?<=${LT}-${LT}-))(?=${LT}-?${LT})|(?=[${WS}]|$)|(?<=${WP})(?=-{2,}${W})))`,
  'u',
);

/** Python's str.isspace() characters (JavaScript's \s differs: it has U+FEFF, lacks U+001C-U+001F and U+0085). */
const PY_SPACE = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** str.strip() == '', which is what _wrap_chunks tests a chunk with. */
const PY_SPACE_ONLY = new RegExp(`^[${PY_SPACE}]*$`, 'u');
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'gu');

/** str.strip(): Python's whitespace off both ends. */
export function pyStrip(s: string): string {
  return s.replace(PY_STRIP, '');
}

const len = (s: string): number => [...s].length;

/** str.expandtabs(8) then the replace_whitespace translation (_munge_whitespace). */
function munge(text: string): string {
  let out = '';
  let col = 0;
  for (const ch of text) {
    if (ch === '\t') {
      const n = 8 - (col % 8);
      out += ' '.repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === '\n' || ch === '\r' ? 0 : col + 1;
    }
  }
  return out.replace(new RegExp(`[${WS}]`, 'g'), ' ');
}

/** re.split with the capturing wordsep_re, empty pieces dropped (_split). */
function chunksOf(text: string): string[] {
  return text.split(WORDSEP).filter((c) => c !== '' && c !== undefined);
}

export interface WrapOptions {
  /** textwrap's drop_whitespace: whitespace at the start and end of a line is dropped (the first line's start is kept). */
  dropWhitespace?: boolean;
}

/** textwrap.wrap(text, width): the lines, without newlines; [] for text that is only whitespace (dropped). */
export function pyWrap(text: string, width: number, opts: WrapOptions = {}): string[] {
  const drop = opts.dropWhitespace ?? true;
  const chunks = chunksOf(munge(text)).reverse();
  const lines: string[] = [];
  while (chunks.length) {
    const cur: string[] = [];
    let curLen = 0;
    if (drop && lines.length && PY_SPACE_ONLY.test(chunks.at(-1) as string)) chunks.pop();
    while (chunks.length) {
      const l = len(chunks.at(-1) as string);
      if (curLen + l > width) break;
      cur.push(chunks.pop() as string);
      curLen += l;
    }
    if (chunks.length && len(chunks.at(-1) as string) > width) {
      // _handle_long_word: break the word at the space left, after its last hyphen when there is one.
      const spaceLeft = width < 1 ? 1 : width - curLen;
      const chunk = [...(chunks.at(-1) as string)];
      let end = spaceLeft;
      if (chunk.length > spaceLeft) {
        const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-');
        if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
      }
      cur.push(chunk.slice(0, end).join(''));
      chunks[chunks.length - 1] = chunk.slice(end).join('');
    }
    if (drop && cur.length && PY_SPACE_ONLY.test(cur.at(-1) as string)) cur.pop();
    if (cur.length) lines.push(cur.join(''));
  }
  return lines;
}
