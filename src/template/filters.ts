/**
 * The Jinja2 and Ansible filters playbooks use, with Ansible's semantics (not nunjucks'): `default` replaces
 * only undefined unless its second argument is true, `bool` is Ansible's boolean(), `to_json` spaces like
 * Python's json.dumps. Each filter is called with `this` = the nunjucks context, so `map`/`select` can reach
 * the other filters and tests through the environment.
 */
import { TemplateError } from '../errors.ts';
import { splitKwargs } from './kwargs.ts';
import { ansibleBool, equals, isMapping, pyRegex, pyReplacement, repr, str, truthy, tuple, typeError } from './python.ts';
import { raise } from './trap.ts';
import { isUndefined, mandatoryUndefined } from './undefined.ts';
import { member } from './member.ts';
import { percentFormat } from './percent-format.ts';
import { isNativeText, unmark } from './native-text.ts';
import { arith, floatRepr, isFloat, pyFloat, PyFloat } from './py-float.ts';
import { yamlFilter } from './pyyaml-dump.ts';

type Fn = (...args: unknown[]) => unknown;
interface FilterThis {
  env: { getFilter(name: string): Fn; getTest(name: string): (...a: unknown[]) => boolean };
}
export type FilterFn = (this: FilterThis, value: unknown, ...args: unknown[]) => unknown;

function list(v: unknown, filter: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (isMapping(v)) return Object.keys(v);
  return typeError(`the '${filter}' filter expects a list, got ${repr(v)}`);
}

function mapping(v: unknown, filter: string): Record<string, unknown> {
  return isMapping(v) ? v : typeError(`the '${filter}' filter expects a dictionary, got ${repr(v)}`);
}

/** `a.b.c` attribute paths as Jinja2's attribute= arguments allow. */
function attr(item: unknown, path: unknown): unknown {
  return String(path).split('.').reduce<unknown>((o, k) => member(o, /^\d+$/.test(k) ? Number(k) : k), item);
}

/** Python json.dumps spacing (`{"a": 1, "b": [1, 2]}`), optionally indented and with sorted keys. */
export function pyJson(v: unknown, indent?: number, sortKeys = false, depth = 0): string {
  if (isUndefined(v)) str(v);
  v = unmark(v);
  // json.dumps writes a float as float.__repr__ does (5.0, 1e+16); inf and nan as JavaScript's names.
  if (isFloat(v) && Number.isFinite(Number(v))) return floatRepr(Number(v));
  if (v instanceof PyFloat) v = v.valueOf();
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  if (typeof v !== 'object') return JSON.stringify(v);
  const pad = indent === undefined ? '' : '\n' + ' '.repeat(indent * (depth + 1));
  const end = indent === undefined ? '' : '\n' + ' '.repeat(indent * depth);
  const sep = indent === undefined ? ', ' : ',';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => pad + pyJson(x, indent, sortKeys, depth + 1)).join(sep)}${end}]`;
  }
  const keys = Object.keys(v);
  if (sortKeys) keys.sort();
  if (keys.length === 0) return '{}';
  const o = v as Record<string, unknown>;
  return `{${keys.map((k) => `${pad}${JSON.stringify(k)}: ${pyJson(o[k], indent, sortKeys, depth + 1)}`).join(sep)}${end}}`;
}

function toInt(v: unknown, dflt: unknown = 0, base: unknown = 10): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Math.trunc(v);
  const s = String(v).trim();
  const b = Number(base);
  const n = b === 10 && /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?$/.test(s) ? Math.trunc(Number(s)) : Number.parseInt(s, b);
  return Number.isNaN(n) ? dflt : n;
}

/** Jinja2's float filter: Python's float(), or the default (0.0) when that fails. */
function toFloat(v: unknown, dflt: unknown = pyFloat(0)): unknown {
  if (typeof v === 'boolean') return pyFloat(v ? 1 : 0);
  if (typeof v === 'number' || v instanceof PyFloat) return pyFloat(Number(v));
  const s = String(v).trim().toLowerCase();
  const special: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity, nan: NaN, '+nan': NaN, '-nan': NaN };
  if (Object.hasOwn(special, s)) return special[s];
  // Python's float() takes decimal text with `_` between digits, not JS's 0x/0b/0o forms.
  if (!/^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d(?:_?\d)*)?$/.test(s)) return dflt;
  return pyFloat(Number(s.replace(/_/g, '')));
}

function combine(...all: unknown[]): unknown {
  const { args, kwargs } = splitKwargs(all);
  const recursive = kwargs.recursive === true;
  const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) {
      const cur = out[k];
      out[k] = recursive && isMapping(cur) && isMapping(v) ? merge(cur, v) : v;
    }
    return out;
  };
  return args.flat().reduce<Record<string, unknown>>((acc, d) => merge(acc, mapping(d, 'combine')), {});
}

function selectBy(this: FilterThis, seq: unknown, keep: boolean, byAttr: boolean, rest: unknown[]): unknown[] {
  const { args } = splitKwargs(rest);
  const [first, ...more] = args;
  const path = byAttr ? first : undefined;
  const testArgs = byAttr ? more : args;
  const testName = testArgs[0];
  const test = testName === undefined ? (v: unknown) => truthy(v) : this.env.getTest(String(testName));
  return list(seq, byAttr ? 'selectattr' : 'select').filter((item) => {
    const v = byAttr ? attr(item, path) : item;
    return (test(v, ...testArgs.slice(1)) === true) === keep;
  });
}

function mapFilter(this: FilterThis, seq: unknown, ...rest: unknown[]): unknown[] {
  const { args, kwargs } = splitKwargs(rest);
  const items = list(seq, 'map');
  if (kwargs.attribute !== undefined) {
    return items.map((item) => {
      const v = attr(item, kwargs.attribute);
      return isUndefined(v) && 'default' in kwargs ? kwargs.default : v;
    });
  }
  const [name, ...fargs] = args;
  if (typeof name !== 'string') return typeError(`map needs a filter name or attribute=`);
  const f = this.env.getFilter(name);
  return items.map((item) => f.call(this, item, ...fargs));
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


function b64(v: unknown, decode: boolean): string {
  const s = str(v);
  return decode ? Buffer.from(s, 'base64').toString('utf8') : Buffer.from(s, 'utf8').toString('base64');
}

function unique(v: unknown): unknown[] {
  const out: unknown[] = [];
  for (const x of list(v, 'unique')) if (!out.some((y) => equals(x, y))) out.push(x);
  return out;
}

function length(v: unknown): number {
  // Python counts code points, not UTF-16 units ('🎉' is 1).
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isMapping(v)) return Object.keys(v).length;
  return typeError(`object of type '${repr(v)}' has no len()`);
}

/**
 * Jinja2's round: Python's round(value, precision) for 'common' — exact halves go to the even neighbour (2.5 → 2),
 * an int stays an int, a float stays a float (2.4 → 2.0); 'ceil' and 'floor' divide, so they are always floats.
 */
function roundFilter(value: unknown, precision: number, method: string): unknown {
  const v = Number(value);
  const p = 10 ** precision;
  const x = v * p;
  if (method === 'ceil') return pyFloat(Math.ceil(x) / p);
  if (method === 'floor') return pyFloat(Math.floor(x) / p);
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
  return v < 0 ? -r : r;
}

export const FILTERS: Record<string, FilterFn> = {
  default: (v, dflt = '', bool = false) => (isUndefined(v) || v === undefined || (bool === true && !truthy(v)) ? dflt : v),
  mandatory: (v, msg) => (isUndefined(v) ? mandatoryUndefined(v, msg === undefined ? undefined : String(msg)) : v),
  bool: (v) => ansibleBool(v),
  int: (v, dflt, base) => toInt(v, dflt ?? 0, base ?? 10),
  float: (v, dflt) => toFloat(v, dflt ?? pyFloat(0)),
  string: (v) => str(v),
  join: (v, sep = '', attribute) =>
    list(v, 'join')
      .map((x) => str(attribute === undefined ? x : attr(x, attribute)))
      .join(str(sep)),
  map: mapFilter,
  select(seq, ...rest) { return selectBy.call(this, seq, true, false, rest); },
  reject(seq, ...rest) { return selectBy.call(this, seq, false, false, rest); },
  selectattr(seq, ...rest) { return selectBy.call(this, seq, true, true, rest); },
  rejectattr(seq, ...rest) { return selectBy.call(this, seq, false, true, rest); },
  regex_replace: (v, pattern, repl = '', ...rest) => {
    const { args, kwargs } = splitKwargs(rest);
    const flags = 'g' + ((kwargs.ignorecase ?? args[0]) === true ? 'i' : '') + ((kwargs.multiline ?? args[1]) === true ? 'm' : '');
    return str(v).replace(pyRegex(String(pattern), flags), pyReplacement(String(repl)));
  },
  regex_search: regexSearch,
  regex_findall: (v, pattern) => [...str(v).matchAll(pyRegex(String(pattern), 'g'))].map((m) => (m.length > 2 ? m.slice(1) : (m[1] ?? m[0]))),
  regex_escape: (v) => str(v).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  to_json: (v) => pyJson(v),
  to_nice_json: (v, indent = 4) => pyJson(v, Number(indent), true),
  to_yaml: (v, ...rest) => { const { args, kwargs } = splitKwargs(rest); return yamlFilter('to_yaml', v, args, kwargs); },
  to_nice_yaml: (v, ...rest) => { const { args, kwargs } = splitKwargs(rest); return yamlFilter('to_nice_yaml', v, args, kwargs); },
  from_json: (v) => {
    try {
      return JSON.parse(str(v)) as unknown;
    } catch (e) {
      return raise(new TemplateError('TEMPLATE_ERROR', `from_json: ${(e as Error).message}`, { hint: 'the value is not valid JSON' }));
    }
  },
  lower: (v) => str(v).toLowerCase(),
  upper: (v) => str(v).toUpperCase(),
  trim: (v) => str(v).trim(),
  capitalize: (v) => { const s = str(v); return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(); },
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
  split: (v, sep) => {
    if (sep === undefined || sep === null) {
      const t = str(v).trim();
      return t === '' ? [] : t.split(/\s+/);
    }
    const d = str(sep);
    return d === '' ? typeError('empty separator') : str(v).split(d);
  },
  length,
  count: length,
  first: (v) => { const l = list(v, 'first'); return l.length ? l[0] : undefined; },
  last: (v) => { const l = list(v, 'last'); return l.length ? l[l.length - 1] : undefined; },
  reverse: (v) => (typeof v === 'string' ? [...v].reverse().join('') : [...list(v, 'reverse')].reverse()),
  list: (v) => [...list(v, 'list')],
  flatten: (v, levels) => list(v, 'flatten').flat(levels === undefined ? Infinity : Number(levels)),
  sum: (v, start = 0) => list(v, 'sum').reduce((a: unknown, b) => arith(a, b, Number(a) + Number(b)), start),
  abs: (v) => (isFloat(v) ? pyFloat(Math.abs(Number(v))) : Math.abs(Number(v))),
  round: (v, precision = 0, method = 'common') => roundFilter(v, Number(precision), String(method)),
  difference: (a, b) => list(a, 'difference').filter((x) => !list(b, 'difference').some((y) => equals(x, y))),
  intersect: (a, b) => unique(list(a, 'intersect').filter((x) => list(b, 'intersect').some((y) => equals(x, y)))),
  union: (a, b) => unique([...list(a, 'union'), ...list(b, 'union')]),
  dict2items: (v, ...rest) => {
    const { kwargs } = splitKwargs(rest);
    const kn = String(kwargs.key_name ?? 'key');
    const vn = String(kwargs.value_name ?? 'value');
    return Object.entries(mapping(v, 'dict2items')).map(([k, x]) => ({ [kn]: k, [vn]: x }));
  },
  items2dict: (v, ...rest) => {
    const { kwargs } = splitKwargs(rest);
    const kn = String(kwargs.key_name ?? 'key');
    const vn = String(kwargs.value_name ?? 'value');
    return Object.fromEntries(list(v, 'items2dict').map((i) => [str(member(i, kn)), member(i, vn)]));
  },
  combine: (...all) => combine(...all),
  ternary: (v, yes, no, none) => (v === null && none !== undefined ? none : truthy(v) ? yes : no),
  b64encode: (v) => b64(v, false),
  b64decode: (v) => b64(v, true),
  basename: (v) => str(v).split('/').pop() ?? '',
  win_basename: (v) => str(v).split(/[\\/]/).pop() ?? '',
  win_dirname: (v) => { const s = str(v); const i = Math.max(s.lastIndexOf('\\'), s.lastIndexOf('/')); return i < 0 ? '' : s.slice(0, i); },
  // Jinja2's format: `value % args` (a single mapping argument feeds %(key)s); keyword arguments form the mapping.
  format: (v, ...rest) => {
    const { args, kwargs } = splitKwargs(rest);
    return percentFormat(str(v), Object.keys(kwargs).length ? [kwargs] : args);
  },
  // Ansible's zip/zip_longest (mathstuff.py: Python's zip and itertools.zip_longest): lists of tuples. Python returns
  // an iterator, printed as <zip object …> unless `| list` is applied; here it is the list either way.
  zip: (v, ...others) => {
    const lists = [v, ...others].map((x) => list(x, 'zip'));
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i])));
  },
  zip_longest: (v, ...rest) => {
    const { args, kwargs } = splitKwargs(rest);
    const lists = [v, ...args].map((x) => list(x, 'zip_longest'));
    const fill = kwargs.fillvalue ?? null;
    const n = Math.max(0, ...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => (i < l.length ? l[i] : fill))));
  },
  type_debug: (v) => (isNativeText(v) ? 'NativeJinjaText' : v instanceof PyFloat ? 'float' : v === null ? 'NoneType' : Array.isArray(v) ? 'list' : isMapping(v) ? 'dict' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v),
};
FILTERS.d = FILTERS.default as FilterFn;

/** Filters that must see an Undefined rather than throw on it. */
export const UNDEFINED_TOLERANT_FILTERS = new Set(['default', 'd', 'mandatory']);
