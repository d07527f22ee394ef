/**
 * Python semantics for Jinja2 expressions where JS differs and playbooks notice: truthiness (empty list and
 * dict are false), `==` on lists and dicts, `+` on lists, `str()` of True/None/lists, and Ansible's boolean().
 */
import { TemplateError } from '../errors.ts';
import { assertDefined, isUndefined } from './undefined.ts';
import { raise } from './trap.ts';
import { checkSize } from './budget.ts';
import { NativeJinjaText, unmark } from './native-text.ts';
import { arith, floatRepr, isFloat, pyFloat, PyFloat, unfloat } from './py-float.ts';
import { pyEntries } from '../util/dict-order.ts';

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUndefined(v) && !(v instanceof NativeJinjaText) && !(v instanceof PyFloat);
}

/** Python's type name; a NativeJinjaText is a str (type_debug alone names its class). */
export function pyType(v: unknown): string {
  v = unmark(v);
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || v instanceof PyFloat) return isFloat(v) ? 'float' : 'int';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return tuples.has(v) ? 'tuple' : 'list';
  if (isMapping(v)) return 'dict';
  return typeof v;
}

export function typeError(message: string): never {
  return raise(new TemplateError('TEMPLATE_ERROR', message));
}

export function truthy(v: unknown): boolean {
  assertDefined(v);
  v = unfloat(unmark(v));
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  // bool(float('nan')) is True in Python.
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  if (isMapping(v)) return Object.keys(v).length > 0;
  return true;
}

/** Python repr(), as Jinja2 prints lists and dicts. */
/** Lists that are Python tuples (zip's items): printed `(1, 'a')`, JSON lists as Ansible's callbacks show them. */
const tuples = new WeakSet<unknown[]>();
export function tuple(items: unknown[]): unknown[] {
  tuples.add(items);
  return items;
}

export function isTuple(v: unknown): boolean {
  return Array.isArray(v) && tuples.has(v);
}

export function repr(v: unknown): string {
  assertDefined(v);
  v = unmark(v);
  if (v === null || v === undefined) return 'None';
  if (isFloat(v)) return floatRepr(Number(v));
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') {
    const q = v.includes("'") && !v.includes('"') ? '"' : "'";
    const body = v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
  }
  if (Array.isArray(v) && tuples.has(v)) return v.length === 1 ? `(${repr(v[0])},)` : `(${v.map(repr).join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  if (isMapping(v)) return `{${pyEntries(v).map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`;
  return String(v);
}

/** Python str(). Output of `{{ }}` uses `none` = '' (Ansible's finalize prints None as an empty string). */
export function str(v: unknown, none = 'None'): string {
  assertDefined(v);
  v = unmark(v);
  if (v === null || v === undefined) return none;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' || typeof v === 'boolean' || isFloat(v)) return repr(v);
  return String(v);
}

export function equals(a: unknown, b: unknown): boolean {
  assertDefined(a);
  assertDefined(b);
  a = unfloat(unmark(a));
  b = unfloat(unmark(b));
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  const num = (x: unknown): boolean => typeof x === 'number' || typeof x === 'boolean';
  if (num(a) && num(b)) return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equals(x, b[i]));
  if (isMapping(a) && isMapping(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equals(a[k], b[k]));
  }
  return a === b;
}

function order(a: unknown, op: string, b: unknown): boolean {
  a = unfloat(unmark(a));
  b = unfloat(unmark(b));
  const num = (x: unknown): boolean => typeof x === 'number' || typeof x === 'boolean';
  // Python orders str by code point; JavaScript's < by UTF-16 unit, which puts astral characters before U+E000-U+FFFF.
  if (typeof a === 'string' && typeof b === 'string' && /[\ud800-\uffff]/.test(a + b)) {
    [a, b] = [[...a].map((c) => c.codePointAt(0)), [...b].map((c) => c.codePointAt(0))];
    return order(a, op, b);
  }
  if ((num(a) && num(b)) || (typeof a === 'string' && typeof b === 'string')) {
    const x = a as number | string;
    const y = b as number | string;
    if (op === '<') return x < y;
    if (op === '>') return x > y;
    if (op === '<=') return x <= y;
    return x >= y;
  }
  // Python orders two lists (or two tuples) by their first unequal items, then by length.
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const i = a.findIndex((x, k) => k >= b.length || !equals(x, b[k]));
    if (i < 0 || i >= b.length) return order(a.length, op, b.length);
    return order(a[i], op, b[i]);
  }
  return typeError(`'${op}' not supported between instances of '${pyType(a)}' and '${pyType(b)}'`);
}

export function compare(a: unknown, op: string, b: unknown): boolean {
  assertDefined(a);
  assertDefined(b);
  if (op === '==' || op === '===') return equals(a, b);
  if (op === '!=' || op === '!==') return !equals(a, b);
  return order(a, op, b);
}

export function contains(container: unknown, item: unknown): boolean {
  assertDefined(item);
  assertDefined(container);
  item = unmark(item);
  container = unmark(container);
  if (Array.isArray(container)) return container.some((x) => equals(x, item));
  if (typeof container === 'string') {
    if (typeof item !== 'string') typeError(`'in <string>' requires string as left operand, not ${pyType(item)}`);
    return container.includes(item as string);
  }
  if (isMapping(container)) return typeof item === 'string' && Object.hasOwn(container, item);
  return typeError(`argument of type '${pyType(container)}' is not iterable`);
}

export function add(a: unknown, b: unknown): unknown {
  assertDefined(a);
  assertDefined(b);
  // str + str is a new, plain str: the NativeJinjaText mark does not carry over.
  a = unmark(a);
  b = unmark(b);
  // A list adds only to a list and a tuple only to a tuple, as in Python.
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) return isTuple(a) ? tuple([...a, ...b]) : [...a, ...b];
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (isNumber(a) && isNumber(b)) return arith(a, b, Number(a) + Number(b));
  // Python's own texts for str + x and list + x.
  if (typeof a === 'string' || Array.isArray(a)) return typeError(`can only concatenate ${pyType(a)} (not "${pyType(b)}") to ${pyType(a)}`);
  return typeError(`unsupported operand type(s) for +: '${pyType(a)}' and '${pyType(b)}'`);
}

export function multiply(a: unknown, b: unknown): unknown {
  assertDefined(a);
  assertDefined(b);
  a = unmark(a);
  b = unmark(b);
  if (isFloat(a) && isNumber(b)) return arith(a, b, Number(a) * Number(b));
  if (isFloat(b) && isNumber(a)) return arith(a, b, Number(a) * Number(b));
  if (typeof b === 'boolean') b = Number(b);
  if (typeof a === 'boolean') a = Number(a);
  if (typeof a === 'string' && typeof b === 'number') {
    checkSize(a.length * Math.max(0, b), 'a repeated string');
    return a.repeat(Math.max(0, b));
  }
  if (Array.isArray(a) && typeof b === 'number') {
    checkSize(a.length * Math.max(0, b), 'a repeated list');
    return Array.from({ length: Math.max(0, b) }, () => a).flat();
  }
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  return typeError(`unsupported operand type(s) for *: '${pyType(a)}' and '${pyType(b)}'`);
}

/** A Python int or float (a bool is an int). */
export function isNumber(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

function operands(op: string, a: unknown, b: unknown): [number, number] {
  assertDefined(a);
  assertDefined(b);
  a = unmark(a);
  b = unmark(b);
  if (!isNumber(a) || !isNumber(b)) typeError(`unsupported operand type(s) for ${op}: '${pyType(a)}' and '${pyType(b)}'`);
  return [Number(a), Number(b)];
}

function zeroDivision(message: string): never {
  return raise(new TemplateError('TEMPLATE_ERROR', message, { hint: 'guard the division, e.g. `x / y if y else 0`' }));
}

export function subtract(a: unknown, b: unknown): unknown {
  const [x, y] = operands('-', a, b);
  return arith(a, b, x - y);
}

/** Python 3's true division: always a float. */
export function divide(a: unknown, b: unknown): unknown {
  const [x, y] = operands('/', a, b);
  if (y === 0) zeroDivision('division by zero');
  return pyFloat(x / y);
}

export function floorDivide(a: unknown, b: unknown): unknown {
  const [x, y] = operands('//', a, b);
  if (y === 0) zeroDivision(isFloat(a) || isFloat(b) ? 'float floor division by zero' : 'integer division or modulo by zero');
  return arith(a, b, Math.floor(x / y));
}

/** Python's `%`: the remainder takes the divisor's sign; on a str it is printf-style formatting (format_). */
export function modulo(a: unknown, b: unknown, format_: (s: string, args: unknown[]) => string): unknown {
  const text = unmark(a);
  if (typeof text === 'string') return format_(text, isTuple(b) ? (b as unknown[]) : [b]);
  const [x, y] = operands('%', a, b);
  if (y === 0) zeroDivision(isFloat(a) || isFloat(b) ? 'float modulo' : 'integer division or modulo by zero');
  return arith(a, b, ((x % y) + y) % y);
}

/** `**`: an int to a negative int power is a float, as in Python. */
export function power(a: unknown, b: unknown): unknown {
  const [x, y] = operands('**', a, b);
  if (x === 0 && y < 0) zeroDivision('0.0 cannot be raised to a negative power');
  const r = x ** y;
  return isFloat(a) || isFloat(b) || y < 0 ? pyFloat(r) : r;
}

export function negate(v: unknown): unknown {
  assertDefined(v);
  v = unmark(v);
  if (!isNumber(v)) return typeError(`bad operand type for unary -: '${pyType(v)}'`);
  return isFloat(v) ? pyFloat(-Number(v)) : -Number(v);
}

export function plus(v: unknown): unknown {
  assertDefined(v);
  v = unmark(v);
  if (!isNumber(v)) return typeError(`bad operand type for unary +: '${pyType(v)}'`);
  return typeof v === 'boolean' ? Number(v) : v;
}

/** Ansible's boolean(): 'yes', 'on', '1', 'true', 'y', 't' (any case) and 1 are true; everything else false. */
export function ansibleBool(v: unknown): boolean {
  assertDefined(v);
  v = unfloat(unmark(v));
  if (typeof v === 'boolean') return v;
  if (v === null || v === undefined) return false;
  const s = String(v).trim().toLowerCase();
  return ['yes', 'on', '1', 'true', 'y', 't', '1.0'].includes(s);
}

const WORD = '\\p{L}\\p{N}_';
const SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SYNTAX = '^$\\.*+?()[]{}|/';

/**
 * A Python `re` pattern (str patterns are Unicode-aware) as a JavaScript pattern for the `u` flag: \w, \d, \s
 * and \b over Unicode as Python reads them, `.` over code points, `$` also before a final newline (unless
 * multiline), \A and \Z, a `{` that starts no quantifier literal, and identity escapes of punctuation spelled out.
 */
function unicodePattern(p: string, multiline: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i] as string;
      const cls: Record<string, [string, string]> = {
        w: [`[${WORD}]`, WORD], W: [`[^${WORD}]`, '\\W'], d: ['\\p{Nd}', '\\p{Nd}'], D: ['\\P{Nd}', '\\P{Nd}'],
        s: [`[${SPACE}]`, SPACE], S: [`[^${SPACE}]`, '\\S'],
      };
      if (Object.hasOwn(cls, n)) out += (cls[n] as [string, string])[inClass ? 1 : 0];
      else if (!inClass && n === 'b') out += `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
      else if (!inClass && n === 'B') out += `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
      else if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?![\\s\\S])';
      else if (/[A-Za-z0-9]/.test(n) || SYNTAX.includes(n) || (inClass && n === '-')) out += c + n;
      else out += `\\u{${(n.codePointAt(0) as number).toString(16)}}`;
      continue;
    }
    if (inClass) {
      if (c === ']' && !/\[\^?$/.test(out)) inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      // Python reads a ']' right after '[' or '[^' as a literal.
      if (p[i + 1] === ']' || (p[i + 1] === '^' && p[i + 2] === ']')) {
        const lead = p[i + 1] === '^' ? '^' : '';
        out += lead + '\\]';
        i += lead.length + 1;
      }
    } else if (c === '$' && !multiline) out += '(?=\\n?(?![\\s\\S]))';
    else if (c === '{' && !/^\{\d*(,\d*)?\}/.test(p.slice(i))) out += '\\{';
    else if (c === '}' && !/\{\d*(,\d*)?$/.test(out)) out += '\\}';
    else out += c;
  }
  return out;
}

/** Python's `re` syntax → JS RegExp: named groups, a leading inline flag group, Unicode classes as Python's. */
export function pyRegex(pattern: string, flags = ''): RegExp {
  let p = pattern.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  const inline = /^\(\?([aiLmsux]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    for (const f of inline[1] ?? '') if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  try {
    return new RegExp(unicodePattern(p, flags.includes('m')), flags + 'u');
  } catch (e) {
    return typeError(`invalid regular expression '${pattern}': ${(e as Error).message}`);
  }
}

const REPL_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/**
 * Python's re.sub replacement template (sre_parse.parse_template) as a String.replace function: `\1`, `\g<1>`,
 * `\g<name>`, `\0` and three-digit octal escapes, `\n`-style escapes, `\\` for a backslash; an unknown escape of an
 * ASCII letter is Python's "bad escape" error, another character keeps its backslash. A group that did not take
 * part in the match gives ''.
 */
export function pyReplacement(repl: string): (...args: unknown[]) => string {
  const parts: (string | number | { name: string })[] = [];
  let lit = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i] as string;
    if (c !== '\\' || i + 1 >= repl.length) {
      if (c === '\\') typeError('bad escape (end of pattern)');
      lit += c;
      continue;
    }
    const n = repl[i + 1] as string;
    let m: RegExpExecArray | null;
    if (n === 'g') {
      m = /^\\g<([^>]*)>/.exec(repl.slice(i));
      if (!m) return typeError(`missing < or > in group reference at position ${i}`);
      const g = m[1] as string;
      parts.push(lit, /^\d+$/.test(g) ? Number(g) : { name: g });
      lit = '';
      i += m[0].length - 1;
    } else if ((m = /^\\([0-7]{3}|0[0-7]{0,2})/.exec(repl.slice(i))) && (m[1]?.[0] === '0' || Number.parseInt(m[1] as string, 8) <= 0o377)) {
      lit += String.fromCharCode(Number.parseInt(m[1] as string, 8));
      i += m[0].length - 1;
    } else if ((m = /^\\(\d\d?)/.exec(repl.slice(i)))) {
      parts.push(lit, Number(m[1]));
      lit = '';
      i += m[0].length - 1;
    } else if (Object.hasOwn(REPL_ESCAPES, n)) {
      lit += REPL_ESCAPES[n];
      i++;
    } else if (/[A-Za-z]/.test(n)) {
      return typeError(`bad escape \\${n} at position ${i}`);
    } else {
      lit += c + n;
      i++;
    }
  }
  parts.push(lit);
  return (...args: unknown[]): string => {
    const named = typeof args[args.length - 1] === 'object' ? (args[args.length - 1] as Record<string, string | undefined>) : {};
    const groups = args.slice(0, typeof args[args.length - 1] === 'object' ? -3 : -2) as (string | undefined)[];
    return parts.map((p) => (typeof p === 'string' ? p : typeof p === 'number' ? groups[p] ?? (p >= groups.length ? typeError(`invalid group reference ${p}`) : '') : named[p.name] ?? '')).join('');
  };
}
