/**
 * Python's `ast.literal_eval`, for the subset an INI inventory value can hold. Ansible's INI plugin runs every
 * value through literal_eval and keeps the raw text when that fails, so `5` is an int, `True` a bool, `'[1, 2]'`
 * a list, while `true`, `01` and `a b` stay strings. Complex numbers and sets are not supported (they fail, so
 * the value stays text), which only differs from Ansible for values nobody writes in an inventory.
 */

import { pyFloat, PyFloat } from '../template/py-float.ts';

/** A whole-valued float (`1e3`, `1.0`) is a PyFloat (template/py-float.ts), printed `1000.0` as Python prints it. */
export type PyValue = string | number | PyFloat | boolean | null | PyValue[] | { [key: string]: PyValue };

type Result = { ok: true; value: PyValue } | { ok: false };

class Fail extends Error {}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** literal_eval(text): the value, or ok:false where Python raises ValueError/SyntaxError. */
export function pythonLiteral(text: string): Result {
  try {
    const p = new Parser(text);
    const value = p.parseTop();
    return { ok: true, value };
  } catch (e) {
    if (e instanceof Fail) return { ok: false };
    throw e;
  }
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parseTop(): PyValue {
    this.skip();
    const first = this.parseExpr();
    this.skip();
    // A bare `1, 2` is a tuple in eval mode.
    if (this.peek() === ',') {
      const items = [first];
      while (this.peek() === ',') {
        this.i++;
        this.skip();
        if (this.i >= this.s.length) break;
        items.push(this.parseExpr());
        this.skip();
      }
      if (this.i < this.s.length) throw new Fail();
      return items;
    }
    if (this.i < this.s.length) throw new Fail();
    return first;
  }

  private peek(): string | undefined {
    return this.s[this.i];
  }

  /** Whitespace and a trailing `# comment` are not part of the expression. */
  private skip(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\f' || c === '\n' || c === '\r') this.i++;
      else if (c === '#') this.i = this.s.length;
      else if (c === '\\' && this.s[this.i + 1] === '\n') this.i += 2;
      else return;
    }
  }

  private parseExpr(): PyValue {
    this.skip();
    const c = this.peek();
    if (c === undefined) throw new Fail();
    if (c === '-' || c === '+') {
      this.i++;
      this.skip();
      const v = this.parseExpr();
      if (v instanceof PyFloat) return c === '-' ? new PyFloat(-v.valueOf()) : v;
      if (typeof v !== 'number') throw new Fail();
      return c === '-' ? -v : v;
    }
    if (c === '[') return this.parseSeq(']');
    if (c === '(') return this.parseParen();
    if (c === '{') return this.parseDict();
    if (/[0-9.]/.test(c)) return this.parseNumber();
    const str = this.tryStrings();
    if (str !== undefined) return str;
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (m) {
      this.i += m[0].length;
      if (m[0] === 'True') return true;
      if (m[0] === 'False') return false;
      if (m[0] === 'None') return null;
    }
    throw new Fail();
  }

  private parseSeq(close: string): PyValue[] {
    this.i++;
    const items: PyValue[] = [];
    this.skip();
    while (this.peek() !== close) {
      items.push(this.parseExpr());
      this.skip();
      if (this.peek() === ',') {
        this.i++;
        this.skip();
      } else if (this.peek() !== close) throw new Fail();
    }
    this.i++;
    return items;
  }

  private parseParen(): PyValue {
    // (x) is x, (x,) and (x, y) are tuples, () is the empty tuple. JSON has no tuples: Ansible prints lists.
    const start = this.i;
    this.i++;
    this.skip();
    if (this.peek() === ')') {
      this.i++;
      return [];
    }
    const first = this.parseExpr();
    this.skip();
    if (this.peek() === ')') {
      this.i++;
      return first;
    }
    this.i = start;
    return this.parseSeq(')');
  }

  private parseDict(): PyValue {
    this.i++;
    const out: Record<string, PyValue> = {};
    this.skip();
    while (this.peek() !== '}') {
      const k = this.parseExpr();
      this.skip();
      if (this.peek() !== ':') throw new Fail(); // a set literal, or junk
      this.i++;
      const v = this.parseExpr();
      out[jsonKey(k)] = v;
      this.skip();
      if (this.peek() === ',') {
        this.i++;
        this.skip();
      } else if (this.peek() !== '}') throw new Fail();
    }
    this.i++;
    return out;
  }

  private parseNumber(): number | PyFloat {
    const rest = this.s.slice(this.i);
    const radix = /^0([xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/.exec(rest);
    if (radix) {
      this.i += radix[0].length;
      this.noIdentAfter();
      const body = radix[0].replace(/_/g, '');
      return Number(body.toLowerCase().replace(/^0o/, '0o'));
    }
    const dec = /^(?:(?:[0-9](?:_?[0-9])*)?\.(?:[0-9](?:_?[0-9])*)?|[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?/.exec(rest);
    if (!dec || dec[0] === '.' || dec[0] === '') throw new Fail();
    const text = dec[0];
    const isInt = /^[0-9_]+$/.test(text);
    // Python 3 forbids leading zeros on non-zero decimal ints ("01" is a SyntaxError).
    if (isInt && /^0+_?[0-9]/.test(text) && /[1-9]/.test(text)) throw new Fail();
    this.i += text.length;
    this.noIdentAfter();
    const n = Number(text.replace(/_/g, ''));
    return isInt ? n : pyFloat(n);
  }

  /** `1j`, `1abc`: complex numbers and junk after a number are not plain literals. */
  private noIdentAfter(): void {
    const c = this.peek();
    if (c !== undefined && /[A-Za-z0-9_]/.test(c)) throw new Fail();
  }

  /** One or more adjacent string literals, concatenated as Python does. */
  private tryStrings(): string | undefined {
    let out: string | undefined;
    for (;;) {
      const save = this.i;
      const one = this.tryString();
      if (one === undefined) {
        this.i = save;
        return out;
      }
      out = (out ?? '') + one;
      this.skip();
    }
  }

  private tryString(): string | undefined {
    const m = /^([rRuUbB]|[bB][rR]|[rR][bB])?(['"])/.exec(this.s.slice(this.i));
    if (!m) return undefined;
    const prefix = (m[1] ?? '').toLowerCase();
    const q = m[2] as string;
    this.i += m[0].length;
    const triple = this.s.startsWith(q + q, this.i);
    if (triple) this.i += 2;
    const close = triple ? q.repeat(3) : q;
    const raw = prefix.includes('r');
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) throw new Fail();
      if (this.s.startsWith(close, this.i)) {
        this.i += close.length;
        return out;
      }
      const c = this.s[this.i] as string;
      if (c === '\n' && !triple) throw new Fail();
      if (c === '\\') {
        const n = this.s[this.i + 1];
        if (n === undefined) throw new Fail();
        if (raw) {
          out += c + n;
          this.i += 2;
          continue;
        }
        out += this.escape();
        continue;
      }
      out += c;
      this.i++;
    }
  }

  private escape(): string {
    const n = this.s[this.i + 1] as string;
    if (n in SIMPLE_ESCAPES) {
      this.i += 2;
      return SIMPLE_ESCAPES[n] as string;
    }
    const oct = /^[0-7]{1,3}/.exec(this.s.slice(this.i + 1));
    if (oct) {
      this.i += 1 + oct[0].length;
      return String.fromCodePoint(parseInt(oct[0], 8));
    }
    const hexLen = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
    if (hexLen) {
      const hex = this.s.slice(this.i + 2, this.i + 2 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) throw new Fail();
      this.i += 2 + hexLen;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    // Unknown escapes keep their backslash in Python.
    this.i += 2;
    return '\\' + n;
  }
}

/** json.dumps turns non-string dict keys into strings this way. */
function jsonKey(k: PyValue): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'number' || k instanceof PyFloat) return String(k);
  if (k === true) return 'true';
  if (k === false) return 'false';
  if (k === null) return 'null';
  throw new Fail(); // tuple keys cannot be shown as JSON
}
