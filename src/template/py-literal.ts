/**
 * Python's `ast.literal_eval`, as Ansible's `ansible_eval_concat` applies it to a template's text after turning
 * JSON's `true`/`false`/`null` names into constants: strings (all quote forms, r/u prefixes, escapes, implicit
 * concatenation), ints (decimal, 0x/0o/0b, `_` separators), floats, a sign on a number, True/False/None,
 * true/false/null, lists, tuples (as lists) and dicts; a whole-valued float is a PyFloat (py-float.ts). Anything
 * else (names, calls, sets, bytes, f-strings, complex numbers, syntax errors) is `undefined`: the caller keeps the
 * text, as Ansible does on ValueError or
 * SyntaxError. Sets, bytes and complex numbers are refused rather than approximated because winbook has no such
 * types; dict keys become strings, as in every winbook dict.
 */
import { tuple } from './python.ts';
import { pyFloat, type PyFloat } from './py-float.ts';
import { dictFromEntries } from '../util/dict-order.ts';

class NotLiteral extends Error {}

const NAMES: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, null: null };
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

/** The value of `text` as Python's literal_eval reads it, or undefined when Python would raise. */
export function parsePyLiteral(text: string): { value: unknown } | undefined {
  const p = new Parser(text);
  try {
    // mode='eval' refuses leading indentation (IndentationError).
    if (/^[ \t\f]/.test(text)) return undefined;
    const value = p.expressionList(true);
    p.skipSpace(true);
    if (p.pos !== text.length) return undefined;
    return { value };
  } catch (e) {
    if (e instanceof NotLiteral) return undefined;
    throw e;
  }
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(): never {
    throw new NotLiteral();
  }

  /** Blanks, comments and backslash-newline; newlines only inside brackets (or at the very end at top level). */
  skipSpace(nested: boolean): void {
    for (;;) {
      const c = this.s[this.pos];
      if (c === ' ' || c === '\t' || c === '\f') this.pos++;
      else if (c === '#') while (this.pos < this.s.length && this.s[this.pos] !== '\n') this.pos++;
      else if (c === '\\' && this.s[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '\n' || c === '\r') {
        if (!nested && this.s.slice(this.pos).trim() !== '') this.fail();
        this.pos++;
      } else return;
    }
  }

  peek(nested: boolean): string | undefined {
    this.skipSpace(nested);
    return this.s[this.pos];
  }

  /** `a, b` (a tuple) or a single value. */
  expressionList(top: boolean): unknown {
    const nested = !top;
    const first = this.value(nested);
    if (this.peek(nested) !== ',') return first;
    const items = [first];
    while (this.peek(nested) === ',') {
      this.pos++;
      const c = this.peek(nested);
      if (c === undefined || c === ')' || c === ']' || c === '}') break;
      items.push(this.value(nested));
    }
    return tuple(items);
  }

  value(nested: boolean): unknown {
    const c = this.peek(nested);
    if (c === undefined) this.fail();
    if (c === '[') return this.sequence(']');
    if (c === '(') {
      this.pos++;
      if (this.peek(true) === ')') {
        this.pos++;
        return tuple([]);
      }
      const inner = this.expressionList(false);
      if (this.peek(true) !== ')') this.fail();
      this.pos++;
      return inner;
    }
    if (c === '{') return this.dict();
    if (c === '-' || c === '+') {
      this.pos++;
      const n = this.number(nested);
      return c === '-' ? (typeof n === 'number' ? -n : pyFloat(-n.valueOf())) : n;
    }
    if (/[0-9.]/.test(c)) return this.number(nested);
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.pos));
      const word = m ? m[0] : '';
      if (/^[rRuU]$/.test(word) && /['"]/.test(this.s[this.pos + 1] ?? '')) return this.strings(nested);
      if (!Object.hasOwn(NAMES, word)) this.fail();
      this.pos += word.length;
      return NAMES[word];
    }
    if (c === '"' || c === "'") return this.strings(nested);
    return this.fail();
  }

  sequence(close: string): unknown[] {
    this.pos++;
    const items: unknown[] = [];
    while (this.peek(true) !== close) {
      items.push(this.value(true));
      const c = this.peek(true);
      if (c === ',') this.pos++;
      else if (c !== close) this.fail();
    }
    this.pos++;
    return items;
  }

  dict(): Record<string, unknown> {
    this.pos++;
    const out: [string, unknown][] = [];
    while (this.peek(true) !== '}') {
      const key = this.value(true);
      // `{1, 2}` is a set: refused (see the header).
      if (this.peek(true) !== ':') this.fail();
      this.pos++;
      const v = this.value(true);
      if (key !== null && typeof key === 'object') this.fail(); // a list key is unhashable: TypeError in Python
      out.push([key === null ? 'None' : key === true ? 'True' : key === false ? 'False' : String(key), v]);
      const c = this.peek(true);
      if (c === ',') this.pos++;
      else if (c !== '}') this.fail();
    }
    this.pos++;
    return dictFromEntries(out);
  }

  /** An int, or a float (a PyFloat when whole: `5.0` stays a float, py-float.ts). */
  number(nested: boolean): number | PyFloat {
    this.skipSpace(nested);
    const rest = this.s.slice(this.pos);
    const m =
      /^0[xX](?:_?[0-9a-fA-F])+|^0[oO](?:_?[0-7])+|^0[bB](?:_?[01])+/.exec(rest) ??
      /^(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][+-]?[0-9](?:_?[0-9])*)?/.exec(rest);
    if (!m || m[0] === '' || m[0] === '.') this.fail();
    const raw = m[0];
    const after = this.s[this.pos + raw.length] ?? '';
    // 1j is complex, 1x or 1_ is a syntax error.
    if (/[A-Za-z0-9_]/.test(after)) this.fail();
    this.pos += raw.length;
    const digits = raw.replace(/_/g, '');
    if (/^0[xXoObB]/.test(digits)) {
      const base = { x: 16, o: 8, b: 2 }[digits.charAt(1).toLowerCase() as 'x' | 'o' | 'b'];
      return this.safe(parseInt(digits.slice(2), base));
    }
    const isInt = /^[0-9]+$/.test(digits);
    // Python refuses leading zeros on a non-zero decimal int ("01").
    if (isInt && /^0+[1-9]/.test(digits)) this.fail();
    return isInt ? this.safe(Number(digits)) : pyFloat(Number(digits));
  }

  /** Ints beyond 2^53 would silently lose digits in a JS number: refuse them (the text is kept). */
  safe(n: number): number {
    if (!Number.isSafeInteger(n)) this.fail();
    return n;
  }

  /** One or more adjacent string literals, concatenated as Python does. */
  strings(nested: boolean): string {
    let out = this.string();
    for (;;) {
      const save = this.pos;
      const c = this.peek(nested);
      if (c === '"' || c === "'" || (c !== undefined && /[rRuU]/.test(c) && /['"]/.test(this.s[this.pos + 1] ?? ''))) {
        out += this.string();
      } else {
        this.pos = save;
        return out;
      }
    }
  }

  string(): string {
    let raw = false;
    const prefix = this.s.charAt(this.pos);
    if (/[rR]/.test(prefix)) raw = true;
    if (/[rRuU]/.test(prefix)) this.pos++;
    const q = this.s[this.pos];
    if (q !== '"' && q !== "'") this.fail();
    const triple = this.s.startsWith(q.repeat(3), this.pos);
    const close = triple ? q.repeat(3) : q;
    this.pos += close.length;
    let out = '';
    for (;;) {
      if (this.pos >= this.s.length) this.fail();
      if (this.s.startsWith(close, this.pos)) {
        this.pos += close.length;
        return out;
      }
      const c = this.s[this.pos];
      if (c === '\n' && !triple) this.fail();
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const e = this.s[this.pos + 1];
      if (e === undefined) this.fail();
      if (raw) {
        // A raw string keeps the backslash, but it still stops the next quote from closing the string.
        out += c + e;
        this.pos += 2;
        continue;
      }
      out += this.escape();
    }
  }

  escape(): string {
    const e = this.s.charAt(this.pos + 1);
    this.pos += 2;
    const simple = Object.hasOwn(SIMPLE_ESCAPES, e) ? SIMPLE_ESCAPES[e] : undefined;
    if (simple !== undefined) return simple;
    if (/[0-7]/.test(e)) {
      const m = /^[0-7]{0,2}/.exec(this.s.slice(this.pos)) as RegExpExecArray;
      this.pos += m[0].length;
      return String.fromCodePoint(parseInt(e + m[0], 8));
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (width) {
      const hex = this.s.slice(this.pos, this.pos + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) this.fail();
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) this.fail();
      this.pos += width;
      return String.fromCodePoint(cp);
    }
    // \N{NAME} needs the Unicode name table: refused rather than guessed.
    if (e === 'N') this.fail();
    // Python keeps an unknown escape as written.
    return '\\' + e;
  }
}
