/**
 * The Jinja2 and Ansible filters playbooks use, with Ansible's semantics (not nunjucks'): `default` replaces
 * only undefined unless its second argument is true, `bool` is Ansible's boolean(), `to_json` spaces like
 * Python's json.dumps. Each filter is called with `this` = the nunjucks context, so `map`/`select` can reach
 * the other filters and tests through the environment.
 */
import { TemplateError } from '../errors.ts';
import { splitKwargs } from './kwargs.ts';
import { add, ansibleBool, contains, isMapping, isTuple, pyRegex, pyReplacement, pyType, repr, str, truthy, tuple, typeError } from './python.ts';
import { attrGetter, isText, iterable, PY_SPACE, pyStrip, textOnly } from './py-iter.ts';
import { unique } from './jinja-text-filters.ts';
import { pyTitleCase } from './py-case.ts';
import { parseFloats } from './py-float-json.ts';
import { fromYaml, fromYamlAll } from './from-yaml.ts';
import { raise } from './trap.ts';
import { isUndefined, mandatoryUndefined, undefinedWith } from './undefined.ts';
import { member } from './member.ts';
import { percentFormat } from './percent-format.ts';
import { isNativeText, unmark } from './native-text.ts';
import { floatRepr, isFloat, pyFloat, PyFloat } from './py-float.ts';
import { yamlFilter } from './pyyaml-dump.ts';
import { dictFromEntries, pyEntries, pyKeys, updated } from '../util/dict-order.ts';
import { asciiDigits } from './py-digits.ts';
import { bigIntError, exactInt, holdsBigInt } from './big-int.ts';

type Fn = (...args: unknown[]) => unknown;
interface FilterThis {
  env: { getFilter(name: string): Fn; getTest(name: string): (...a: unknown[]) => boolean };
}
export type FilterFn = (this: FilterThis, value: unknown, ...args: unknown[]) => unknown;

function mapping(v: unknown, filter: string): Record<string, unknown> {
  return isMapping(v) ? v : typeError(`the '${filter}' filter expects a dictionary, got ${repr(v)}`);
}

/** Python json.dumps spacing (`{"a": 1, "b": [1, 2]}`), optionally indented and with sorted keys. */
export function pyJson(v: unknown, indent?: number, sortKeys = false, depth = 0, ascii = false): string {
  if (isUndefined(v)) str(v);
  v = unmark(v);
  // json.dumps writes a float as float.__repr__ does (5.0, 1e+16); inf and nan as JavaScript's names.
  if (isFloat(v) && Number.isFinite(Number(v))) return floatRepr(Number(v));
  if (v instanceof PyFloat) v = v.valueOf();
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  if (typeof v !== 'object') return jsonText(v, ascii);
  const pad = indent === undefined ? '' : '\n' + ' '.repeat(indent * (depth + 1));
  const end = indent === undefined ? '' : '\n' + ' '.repeat(indent * depth);
  const sep = indent === undefined ? ', ' : ',';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => pad + pyJson(x, indent, sortKeys, depth + 1, ascii)).join(sep)}${end}]`;
  }
  const keys = pyKeys(v);
  if (sortKeys) keys.sort();
  if (keys.length === 0) return '{}';
  const o = v as Record<string, unknown>;
  return `{${keys.map((k) => `${pad}${jsonText(k, ascii)}: ${pyJson(o[k], indent, sortKeys, depth + 1, ascii)}`).join(sep)}${end}}`;
}

/** A JSON string or scalar; with `ascii`, every non-ASCII UTF-16 unit as \uXXXX, as json.dumps' ensure_ascii writes. */
function jsonText(v: unknown, ascii: boolean): string {
  const t = JSON.stringify(v);
  return ascii ? t.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : t;
}

/** Ansible's to_json/to_nice_json (json.dumps, ensure_ascii on unless turned off). */
function toJson(v: unknown, rest: unknown[], nice: boolean): string {
  const { kwargs } = splitKwargs(rest);
  const indent = kwargs.indent ?? (nice ? 4 : undefined);
  const sortKeys = truthy(kwargs.sort_keys ?? nice);
  const ascii = truthy(kwargs.ensure_ascii ?? true);
  return pyJson(v, indent === undefined || indent === null ? undefined : Number(indent), sortKeys, 0, ascii);
}

/** Keyword arguments of Ansible's own filters here; others are refused at load. */
export const ANSIBLE_FILTER_KWARGS: Record<string, string[]> = {
  to_json: ['sort_keys', 'indent', 'ensure_ascii'],
  to_nice_json: ['sort_keys', 'indent', 'ensure_ascii'],
  map: ['attribute', 'default'],
  join: ['d', 'attribute'],
  sum: ['attribute', 'start'],
  trim: ['chars'],
  combine: ['recursive'],
  regex_replace: ['ignorecase', 'multiline'],
  regex_search: ['ignorecase', 'multiline'],
  regex_findall: ['ignorecase', 'multiline'],
};

/** Python's int(text, base): optional sign and base prefix, digits of the base with single `_` between them. */
function parseIntText(text: string, base: number): number | undefined {
  const t = pyStrip(text).toLowerCase();
  const m = /^([+-]?)(0[box])?([0-9a-z](?:_?[0-9a-z])*)$/.exec(t);
  if (!m || base < 0 || base === 1 || base > 36) return undefined;
  const prefix = m[2] ? { '0b': 2, '0o': 8, '0x': 16 }[m[2] as '0b' | '0o' | '0x'] : undefined;
  let b = base;
  if (prefix !== undefined) {
    if (base !== 0 && base !== prefix) return undefined;
    b = prefix;
  } else if (base === 0) {
    if (/^0+(_?0)*$/.test(m[3] as string)) return 0;
    if ((m[3] as string).startsWith('0')) return undefined;
    b = 10;
  }
  const digits = (m[3] as string).replace(/_/g, '');
  if ([...digits].some((d) => Number.parseInt(d, 36) >= b || Number.isNaN(Number.parseInt(d, 36)))) return undefined;
  const n = Number.parseInt(digits, b);
  return m[1] === '-' ? -n : n;
}

/** Jinja2's do_int: int(value) (int(text, base) for a str), else int(float(value)), else the default. */
function toInt(v: unknown, dflt: unknown = 0, base: unknown = 10): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || v instanceof PyFloat) {
    if (Number.isNaN(Number(v))) return typeError('cannot convert float NaN to integer');
    if (!Number.isFinite(Number(v))) return typeError('cannot convert float infinity to integer');
    return exactInt(Math.trunc(Number(v)), () => `int(${floatRepr(Number(v))})`);
  }
  if (!isText(v)) return dflt;
  // Python's int() reads any Unicode decimal digit ('٣٤' is 34).
  const n = parseIntText(asciiDigits(String(v)), Number(base));
  if (n !== undefined) return exactInt(n, () => `int(${repr(String(v))})`);
  const failed = Symbol('not a float');
  const f = toFloat(v, failed);
  if (f === failed) return dflt;
  if (Number.isNaN(Number(f))) return dflt;
  if (!Number.isFinite(Number(f))) return typeError('cannot convert float infinity to integer');
  return exactInt(Math.trunc(Number(f)), () => `int(${repr(String(v))})`);
}

/** Jinja2's float filter: Python's float(), or the default (0.0) when that fails. */
function toFloat(v: unknown, dflt: unknown = pyFloat(0)): unknown {
  if (typeof v === 'boolean') return pyFloat(v ? 1 : 0);
  if (typeof v === 'number' || v instanceof PyFloat) return pyFloat(Number(v));
  const s = asciiDigits(String(v)).trim().toLowerCase();
  const special: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity, nan: NaN, '+nan': NaN, '-nan': NaN };
  if (Object.hasOwn(special, s)) return special[s];
  // Python's float() takes decimal text with `_` between digits, not JS's 0x/0b/0o forms.
  if (!/^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d(?:_?\d)*)?$/.test(s)) return dflt;
  return pyFloat(Number(s.replace(/_/g, '')));
}

/**
 * Ansible's combine: the dicts (a list of dicts is flattened one level, None dropped, as its flatten does), merged
 * left to right; one alone is returned as it is.
 */
function combine(...all: unknown[]): unknown {
  const { args, kwargs } = splitKwargs(all);
  const recursive = truthy(kwargs.recursive ?? false);
  const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
    // Python's dict.update: a key of `b` already in `a` keeps its place, a new one goes last.
    return updated(a, b, (cur, v) => (recursive && isMapping(cur) && isMapping(v) ? merge(cur, v) : v));
  };
  const dicts = flatten(args, 1);
  if (dicts.length === 0) return {};
  if (dicts.length === 1) return dicts[0];
  return dicts.reduce<Record<string, unknown>>((acc, d) => {
    if (!isMapping(d)) return typeError(`failed to combine variables, expected dicts but got a '${pyType(acc)}' and a '${pyType(d)}'`);
    return merge(acc, d);
  }, mapping(dicts[0], 'combine'));
}

/** Ansible's flatten: lists and tuples opened `levels` deep (all by default); None, 'None' and 'null' dropped. */
function flatten(v: unknown, levels?: number): unknown[] {
  const out: unknown[] = [];
  for (const x of iterable(v)) {
    const u = unmark(x);
    if (u === null || u === 'None' || u === 'null') continue;
    if (Array.isArray(x) && (levels === undefined || levels >= 1)) out.push(...flatten(x, levels === undefined ? undefined : levels - 1));
    else out.push(x);
  }
  return out;
}

/** Jinja2's select_or_reject: nothing for a falsy value; the test (with its arguments) on each item or attribute. */
function selectBy(this: FilterThis, seq: unknown, keep: boolean, byAttr: boolean, rest: unknown[]): unknown[] {
  const { args, kwargs } = splitKwargs(rest);
  if (!truthy(seq)) return [];
  const [first, ...more] = args;
  const get = byAttr ? attrGetter(first) : (x: unknown) => x;
  const testArgs = byAttr ? more : args;
  const testName = testArgs[0];
  const test = testName === undefined ? (v: unknown) => truthy(v) : this.env.getTest(String(testName));
  const extra = Object.keys(kwargs).length ? [...testArgs.slice(1), { ...kwargs, __keywords: true }] : testArgs.slice(1);
  return iterable(seq).filter((item) => truthy(test(get(item), ...extra)) === keep);
}

/** Jinja2's do_map: nothing for a falsy value; else each item's attribute (with `default`) or the named filter's result. */
function mapFilter(this: FilterThis, seq: unknown, ...rest: unknown[]): unknown[] {
  const { args, kwargs } = splitKwargs(rest);
  if (!truthy(seq)) return [];
  if (args.length === 0 && 'attribute' in kwargs) {
    const extra = Object.keys(kwargs).find((k) => k !== 'attribute' && k !== 'default');
    if (extra !== undefined) return typeError(`Unexpected keyword argument '${extra}'`);
    const get = attrGetter(kwargs.attribute, false, kwargs.default);
    return iterable(seq).map(get);
  }
  const [name, ...fargs] = args;
  if (name === undefined) return typeError('map requires a filter argument');
  const f = this.env.getFilter(str(name));
  const extra = Object.keys(kwargs).length ? [...fargs, { ...kwargs, __keywords: true }] : fargs;
  return iterable(seq).map((item) => f.call(this, item, ...extra));
}

function regexSearch(v: unknown, pattern: unknown, ...rest: unknown[]): unknown {
  const { args, kwargs } = splitKwargs(rest);
  const flags = (kwargs.ignorecase === true ? 'i' : '') + (kwargs.multiline === true ? 'm' : '');
  const m = pyRegex(String(pattern), flags).exec(str(v));
  if (!m) return null;
  if (args.length === 0) return m[0];
  return args.map((g) => {
    const s = String(g);
    const num = /^\\(\d+)$/.exec(s);
    if (num) return m[Number(num[1])] ?? null;
    const named = /^\\g<(\w+)>$/.exec(s);
    return named ? (m.groups?.[named[1] as string] ?? null) : null;
  });
}


/**
 * binascii.a2b_base64 as base64.b64decode calls it (not strict): characters outside the alphabet are skipped,
 * decoding stops at enough padding, and a short last group is Python's error.
 */
function b64decodeBytes(text: string): Buffer {
  const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out: number[] = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (ch === '=') {
      if (quad >= 2 && quad + ++pads >= 4) return Buffer.from(out);
      continue;
    }
    const d = ALPHA.indexOf(ch);
    if (d < 0 || byte > 127) continue;
    pads = 0;
    if (quad === 0) left = d;
    else if (quad === 1) {
      out.push(((left << 2) | (d >> 4)) & 0xff);
      left = d & 0x0f;
    } else if (quad === 2) {
      out.push(((left << 4) | (d >> 2)) & 0xff);
      left = d & 0x03;
    } else out.push(((left << 6) | d) & 0xff);
    quad = (quad + 1) % 4;
  }
  if (quad === 1) return typeError(`Invalid base64-encoded string: number of data characters (${Math.floor(out.length / 3) * 4 + 1}) cannot be 1 more than a multiple of 4`);
  if (quad !== 0) return typeError('Incorrect padding');
  return Buffer.from(out);
}

/** UTF-8 with Python's surrogateescape: each byte of an invalid sequence becomes U+DC80..U+DCFF. */
export function utf8SurrogateEscape(b: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    let out = '';
    for (let i = 0; i < b.length; ) {
      const n = utf8Length(b, i);
      if (n > 0) {
        out += b.subarray(i, i + n).toString('utf8');
        i += n;
      } else out += String.fromCharCode(0xdc00 + (b[i++] as number));
    }
    return out;
  }
}

/** The length of the well-formed UTF-8 sequence at b[i], or 0. */
function utf8Length(b: Buffer, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  const c1 = b[i + 1] as number;
  const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
  const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
  if (c1 < lo || c1 > hi) return 0;
  for (let k = 2; k < n; k++) if (((b[i + k] as number) & 0xc0) !== 0x80) return 0;
  return n;
}

function b64(v: unknown, decode: boolean): string {
  const s = str(v);
  return decode ? utf8SurrogateEscape(b64decodeBytes(s)) : Buffer.from(s, 'utf8').toString('base64');
}

/** Ansible's intersect/difference/union: two hashable values (str, tuple) are Python sets, whose order winbook cannot give. */
function setOp(a: unknown, b: unknown, name: string, items: () => unknown[]): unknown[] {
  const hashable = (x: unknown): boolean => !Array.isArray(unmark(x)) || isTuple(unmark(x));
  if (hashable(a) && hashable(b) && !isMapping(a) && !isMapping(b)) {
    iterable(a);
    iterable(b);
    return typeError(`${name} of two ${pyType(a)}/${pyType(b)} values is a Python set in Ansible, printed in an order Python picks per run; winbook does not reproduce it (give lists)`);
  }
  return unique(items(), true);
}

function length(v: unknown): number {
  // Python counts code points, not UTF-16 units ('🎉' is 1).
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isMapping(v)) return Object.keys(v).length;
  return typeError(`object of type '${pyType(v)}' has no len()`);
}

/**
 * Jinja2's round: Python's round(value, precision) for 'common' — exact halves go to the even neighbour (2.5 → 2),
 * an int stays an int, a float stays a float (2.4 → 2.0); 'ceil' and 'floor' divide, so they are always floats.
 */
function roundFilter(value: unknown, precision: number, method: string): unknown {
  const v = Number(value);
  const p = 10 ** precision;
  const x = v * p;
  // math.ceil and math.floor return an int, which has no -0 (`-0.0 | round(0, 'ceil')` is 0.0); `+ 0` drops JS's.
  if (method === 'ceil') return pyFloat((Math.ceil(x) + 0) / p);
  if (method === 'floor') return pyFloat((Math.floor(x) + 0) / p);
  const r = precision >= 0 && Number.isFinite(v) ? roundHalfEven(v, precision) : (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x)) / p;
  return isFloat(value) ? pyFloat(r) : r;
}

/**
 * CPython's float round(): rounds the double's exact decimal value (2.45 is 2.4500000000000001776…, so 2.5), exact
 * halves to the even digit (2.5 → 2). toFixed(100) gives those exact digits for the magnitudes playbooks handle.
 */
function roundHalfEven(v: number, precision: number): number {
  const exact = Math.abs(v).toFixed(100);
  const dot = exact.indexOf('.');
  const kept = exact.slice(0, dot + 1 + precision);
  const rest = exact.slice(dot + 1 + precision);
  const last = Number(kept.replace('.', '').slice(-1));
  const up = rest[0] === undefined ? false : rest[0] > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || last % 2 === 1));
  const digits = BigInt(kept.replace('.', '')) + (up ? 1n : 0n);
  const text = digits.toString().padStart(precision + 1, '0');
  const r = Number(precision === 0 ? text : `${text.slice(0, -precision)}.${text.slice(-precision)}`);
  // round() keeps the sign of a zero (`-0.0 | round` and `-0.4 | round` are -0.0).
  return v < 0 || Object.is(v, -0) ? -r : r;
}

export const FILTERS: Record<string, FilterFn> = {
  default: (v, dflt = '', bool = false) => (isUndefined(v) || v === undefined || (bool === true && !truthy(v)) ? dflt : v),
  mandatory: (v, msg) => (isUndefined(v) ? mandatoryUndefined(v, msg === undefined ? undefined : String(msg)) : v),
  // Ansible's bool filter hands None (and a bool) back as it is.
  bool: (v) => (v === null ? null : ansibleBool(v)),
  int: (v, dflt, base) => toInt(v, dflt ?? 0, base ?? 10),
  float: (v, dflt) => toFloat(v, dflt ?? pyFloat(0)),
  string: (v) => str(v),
  // Jinja2's do_join: str() of each item (or of its attribute), joined by str(d).
  join: (v, ...rest) => {
    const { args, kwargs } = splitKwargs(rest);
    const sep = kwargs.d ?? args[0] ?? '';
    const attribute = kwargs.attribute ?? args[1];
    const get = attribute === undefined || attribute === null ? (x: unknown) => x : attrGetter(attribute);
    return iterable(v).map((x) => str(get(x))).join(str(sep));
  },
  map: mapFilter,
  select(seq, ...rest) { return selectBy.call(this, seq, true, false, rest); },
  reject(seq, ...rest) { return selectBy.call(this, seq, false, false, rest); },
  selectattr(seq, ...rest) { return selectBy.call(this, seq, true, true, rest); },
  rejectattr(seq, ...rest) { return selectBy.call(this, seq, false, true, rest); },
  regex_replace: (v, pattern, repl = '', ...rest) => {
    const { args, kwargs } = splitKwargs(rest);
    const flags = 'g' + ((kwargs.ignorecase ?? args[0]) === true ? 'i' : '') + ((kwargs.multiline ?? args[1]) === true ? 'm' : '');
    return str(v).replace(pyRegex(str(pattern), flags), pyReplacement(str(repl)));
  },
  regex_search: regexSearch,
  // Python's re.findall: the whole match, the one group, or a tuple of the groups ('' for one that did not take part).
  regex_findall: (v, pattern, ...rest) => {
    const { args, kwargs } = splitKwargs(rest);
    const flags = 'g' + ((kwargs.ignorecase ?? args[1]) === true ? 'i' : '') + ((kwargs.multiline ?? args[0]) === true ? 'm' : '');
    return [...str(v).matchAll(pyRegex(str(pattern), flags))].map((m) => (m.length > 2 ? tuple(m.slice(1).map((g) => g ?? '')) : (m.length === 2 ? m[1] ?? '' : m[0])));
  },
  // Python 3.7+'s re.escape: only the characters special in a pattern, and whitespace.
  regex_escape: (v) => str(v).replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, '\\$&'),
  to_json: (v, ...rest) => toJson(v, rest, false),
  to_nice_json: (v, ...rest) => toJson(v, rest, true),
  to_yaml: (v, ...rest) => { const { args, kwargs } = splitKwargs(rest); return yamlFilter('to_yaml', v, args, kwargs); },
  to_nice_yaml: (v, ...rest) => { const { args, kwargs } = splitKwargs(rest); return yamlFilter('to_nice_yaml', v, args, kwargs); },
  from_json: (v) => {
    const text = textOnly(v, (t) => `the JSON object must be str, bytes or bytearray, not ${t}`);
    let parsed: unknown;
    try {
      parsed = parseFloats(text);
    } catch (e) {
      return raise(new TemplateError('TEMPLATE_ERROR', `from_json: ${(e as Error).message}`, { hint: 'the value is not valid JSON' }));
    }
    return holdsBigInt(parsed) ? bigIntError('from_json: the JSON holds an integer') : parsed;
  },
  from_yaml: fromYaml,
  from_yaml_all: fromYamlAll,
  lower: (v) => str(v).toLowerCase(),
  upper: (v) => str(v).toUpperCase(),
  // Jinja2's do_trim: str.strip(chars), Python's whitespace by default.
  trim: (v, ...rest) => { const { args, kwargs } = splitKwargs(rest); const c = kwargs.chars ?? args[0]; return pyStrip(str(v), c === undefined || c === null ? c : str(c)); },
  // str.capitalize: the first character in title case (ǆ → ǅ, ß → Ss), the rest lower case.
  capitalize: (v) => { const [c = '', ...rest] = [...str(v)]; return pyTitleCase(c) + rest.join('').toLowerCase(); },
  // Jinja2's do_replace: Python's str.replace(old, new, count); an empty `old` matches between every character.
  replace: (v, a, b, count) => {
    const s = str(v);
    const parts = str(a) === '' ? ['', ...[...s], ''] : s.split(str(a));
    const n = count === undefined || count === null || Number(count) < 0 ? parts.length - 1 : Number(count);
    if (n >= parts.length - 1) return parts.join(str(b));
    const sep = str(a);
    return parts.slice(0, n + 1).join(str(b)) + sep + parts.slice(n + 1).join(sep);
  },
  // Python's str.split: no separator drops empty runs (''.split() is []); an empty separator is a ValueError.
  split: (v, sep, maxsplit) => {
    const s = textOnly(v, (t) => `descriptor 'split' for 'str' objects doesn't apply to a '${t}' object`);
    const max = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
    if (sep === undefined || sep === null) return whitespaceSplit(s, max);
    const d = str(sep);
    if (d === '') return typeError('empty separator');
    const parts = s.split(d);
    return max < 0 || parts.length <= max + 1 ? parts : [...parts.slice(0, max), parts.slice(max).join(d)];
  },
  length,
  count: length,
  // Jinja2's do_first/do_last: an empty sequence gives an Undefined saying so (Ansible fails when it is printed).
  first: (v) => { const l = iterable(v); return l.length ? l[0] : undefinedWith('No first item, sequence was empty.'); },
  last: (v) => { const l = iterable(v); return l.length ? l[l.length - 1] : undefinedWith('No last item, sequence was empty.'); },
  reverse: (v) => (isText(v) ? [...String(v)].reverse().join('') : [...iterable(v)].reverse()),
  list: (v) => [...iterable(v)],
  flatten: (v, levels) => flatten(v, levels === undefined || levels === null ? undefined : Number(levels)),
  // Jinja2's do_sum: Python's sum(items, start) with `+` as Python adds (a str item fails).
  sum: (v, ...rest) => {
    const { args, kwargs } = splitKwargs(rest);
    const attribute = kwargs.attribute ?? args[0];
    const start = kwargs.start ?? args[1] ?? 0;
    if (isText(start)) return typeError("sum() can't sum strings [use ''.join(seq) instead]");
    const get = attribute === undefined || attribute === null ? (x: unknown) => x : attrGetter(attribute);
    return iterable(v).reduce((a: unknown, b) => add(a, get(b)), start);
  },
  abs: (v) => {
    if (typeof v === 'boolean') return Number(v);
    if (typeof v !== 'number' && !(v instanceof PyFloat)) return typeError(`bad operand type for abs(): '${pyType(v)}'`);
    return isFloat(v) ? pyFloat(Math.abs(Number(v))) : Math.abs(Number(v));
  },
  round: (v, precision = 0, method = 'common') => {
    if (typeof v !== 'number' && typeof v !== 'boolean' && !(v instanceof PyFloat)) {
      return typeError(method === 'common' ? `type ${pyType(v)} doesn't define __round__ method` : `must be real number, not ${pyType(v)}`);
    }
    return roundFilter(typeof v === 'boolean' ? Number(v) : v, Number(precision), str(method));
  },
  difference: (a, b) => setOp(a, b, 'difference', () => iterable(a).filter((x) => !contains(b, x))),
  intersect: (a, b) => setOp(a, b, 'intersect', () => iterable(a).filter((x) => contains(b, x))),
  union: (a, b) => setOp(a, b, 'union', () => add(a, b) as unknown[]),
  dict2items: (v, ...rest) => {
    const { kwargs } = splitKwargs(rest);
    const kn = String(kwargs.key_name ?? 'key');
    const vn = String(kwargs.value_name ?? 'value');
    if (!isMapping(v)) return typeError(`dict2items requires a dictionary, got <class '${pyType(v)}'> instead.`);
    return pyEntries(v).map(([k, x]) => dictFromEntries([[kn, k], [vn, x]]));
  },
  items2dict: (v, ...rest) => {
    const { kwargs } = splitKwargs(rest);
    const kn = String(kwargs.key_name ?? 'key');
    const vn = String(kwargs.value_name ?? 'value');
    if (!Array.isArray(v)) return typeError(`items2dict requires a list, got <class '${pyType(v)}'> instead.`);
    return dictFromEntries(v.map((i): [string, unknown] => [str(member(i, kn)), member(i, vn)]));
  },
  combine: (...all) => combine(...all),
  ternary: (v, yes, no, none) => (v === null && none !== undefined ? none : truthy(v) ? yes : no),
  b64encode: (v) => b64(v, false),
  b64decode: (v) => b64(v, true),
  // posixpath.basename; ntpath.basename and ntpath.dirname (a drive or UNC share stays with the head).
  basename: (v) => pathText(v).split('/').pop() ?? '',
  win_basename: (v) => ntSplit(pathText(v))[1],
  win_dirname: (v) => ntSplit(pathText(v))[0],
  // Jinja2's format: `value % args` (a single mapping argument feeds %(key)s); keyword arguments form the mapping.
  format: (v, ...rest) => {
    const { args, kwargs } = splitKwargs(rest);
    if (args.length && Object.keys(kwargs).length) return typeError("can't handle positional and keyword arguments at the same time");
    // CPython's str % () hands back the very object when there is no '%': a NativeJinjaText stays one.
    if (!args.length && !Object.keys(kwargs).length && isNativeText(v) && !v.includes('%')) return v;
    v = unmark(v);
    return percentFormat(str(v), Object.keys(kwargs).length ? [kwargs] : args);
  },
  // Ansible's zip/zip_longest (mathstuff.py: Python's zip and itertools.zip_longest): lists of tuples. Python returns
  // an iterator, printed as <zip object …> unless `| list` is applied; here it is the list either way.
  zip: (v, ...others) => {
    const lists = [v, ...others].map((x) => iterable(x));
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i])));
  },
  zip_longest: (v, ...rest) => {
    const { args, kwargs } = splitKwargs(rest);
    const lists = [v, ...args].map((x) => iterable(x));
    const fill = kwargs.fillvalue ?? null;
    const n = Math.max(0, ...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => (i < l.length ? l[i] : fill))));
  },
  type_debug: (v) => (isUndefined(v) ? 'AnsibleUndefined' : isNativeText(v) ? 'NativeJinjaText' : v instanceof PyFloat ? 'float' : v === null ? 'NoneType' : Array.isArray(v) ? pyType(v) : isMapping(v) ? 'dict' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v),
};
FILTERS.d = FILTERS.default as FilterFn;

/** Filters that must see an Undefined rather than throw on it. */
export const UNDEFINED_TOLERANT_FILTERS = new Set(['default', 'd', 'mandatory', 'type_debug']);

function pathText(v: unknown): string {
  return textOnly(v, (t) => `expected str, bytes or os.PathLike object, not ${t}`);
}

/** ntpath.split: the drive (`C:` or `\\\\server\\share`) stays with the head, whose trailing separators go unless it is all separators. */
function ntSplit(p: string): [string, string] {
  const unc = /^[\\/]{2}[^\\/]+[\\/][^\\/]*/.exec(p);
  const drive = unc && !/^[\\/]{3}/.test(p) ? unc[0] : /^[A-Za-z]:/.test(p) ? p.slice(0, 2) : '';
  const rest = p.slice(drive.length);
  let i = rest.length;
  while (i > 0 && !'\\/'.includes(rest[i - 1] as string)) i--;
  const head = rest.slice(0, i);
  const stripped = head.replace(/[\\/]+$/, '');
  return [drive + (stripped === '' ? head : stripped), rest.slice(i)];
}

/** Python's str.split() with no separator: runs of whitespace; after maxsplit splits the rest is one part. */
function whitespaceSplit(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s.replace(new RegExp(`^[${PY_SPACE}]+`, 'u'), '');
  const word = new RegExp(`^([^${PY_SPACE}]+)([${PY_SPACE}]+|$)`, 'u');
  while (rest !== '') {
    if (max >= 0 && out.length === max) {
      out.push(rest);
      break;
    }
    const m = word.exec(rest) as RegExpExecArray;
    out.push(m[1] as string);
    rest = rest.slice(m[0].length);
  }
  return out;
}
