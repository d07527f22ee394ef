/**
 * `x.y` and `x[k]`, Jinja2-style: a missing key is an Undefined naming it (not JS undefined), attribute access
 * on an Undefined stays that Undefined, negative list indexes count from the end, and the Python methods
 * playbooks call (`s.split(',')`, `d.items()`, `d.get('k')`) work.
 */
import { TemplateError } from '../errors.ts';
import { isMapping, pyType, repr, str, tuple, typeError } from './python.ts';
import { raise } from './trap.ts';
import { isUndefined, undefinedAttribute } from './undefined.ts';
import { unmark } from './native-text.ts';
import { pyEntries, pyKeys, pyValues } from '../util/dict-order.ts';

type Method = (...args: unknown[]) => unknown;

function stringMethod(s: string, name: string): Method | undefined {
  const strip = (chars?: unknown, left = true, right = true): string => {
    if (chars === undefined || chars === null) return left && right ? s.trim() : left ? s.trimStart() : s.trimEnd();
    const set = String(chars);
    let a = 0;
    let b = s.length;
    while (left && a < b && set.includes(s[a] as string)) a++;
    while (right && b > a && set.includes(s[b - 1] as string)) b--;
    return s.slice(a, b);
  };
  const methods: Record<string, Method> = {
    split: (sep?: unknown, max?: unknown) => {
      const parts = sep === undefined || sep === null ? s.trim().split(/\s+/).filter((x) => x !== '') : s.split(String(sep));
      if (typeof max === 'number' && max >= 0 && parts.length > max + 1) {
        return [...parts.slice(0, max), parts.slice(max).join(sep === undefined || sep === null ? ' ' : String(sep))];
      }
      return parts;
    },
    splitlines: () => s.split(/\r?\n/).filter((x, i, a) => i < a.length - 1 || x !== ''),
    strip: (c?: unknown) => strip(c),
    lstrip: (c?: unknown) => strip(c, true, false),
    rstrip: (c?: unknown) => strip(c, false, true),
    lower: () => s.toLowerCase(),
    upper: () => s.toUpperCase(),
    capitalize: () => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
    title: () => s.replace(/\w\S*/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
    startswith: (p: unknown) => (Array.isArray(p) ? p : [p]).some((x) => s.startsWith(String(x))),
    endswith: (p: unknown) => (Array.isArray(p) ? p : [p]).some((x) => s.endsWith(String(x))),
    replace: (a: unknown, b: unknown) => s.split(String(a)).join(String(b)),
    find: (x: unknown) => s.indexOf(String(x)),
    join: (xs: unknown) => (Array.isArray(xs) ? xs.map((x) => str(x)).join(s) : String(xs)),
    format: (...xs: unknown[]) => {
      let i = 0;
      return s.replace(/\{(\d*)\}/g, (_m, n: string) => str(xs[n === '' ? i++ : Number(n)]));
    },
  };
  return methods[name];
}

function mappingMethod(d: Record<string, unknown>, name: string): Method | undefined {
  const methods: Record<string, Method> = {
    keys: () => pyKeys(d),
    values: () => pyValues(d),
    items: () => pyEntries(d).map((kv) => tuple(kv)),
    get: (k: unknown, dflt: unknown = null) => (typeof k === 'string' && Object.hasOwn(d, k) ? d[k] : dflt),
  };
  return methods[name];
}

function listMethod(l: unknown[], name: string): Method | undefined {
  const methods: Record<string, Method> = {
    index: (x: unknown) => l.findIndex((y) => repr(y) === repr(x)),
    count: (x: unknown) => l.filter((y) => repr(y) === repr(x)).length,
  };
  return methods[name];
}

export function member(obj: unknown, key: unknown): unknown {
  if (isUndefined(obj)) return obj;
  // A character or method of a NativeJinjaText is a plain str's; what a dict or list holds comes back as it is.
  obj = unmark(obj);
  key = unmark(key);
  if (obj === null || obj === undefined) return undefinedAttribute('None', key as string);
  if (Array.isArray(obj)) {
    if (typeof key === 'number') {
      const i = key < 0 ? obj.length + key : key;
      return i >= 0 && i < obj.length ? obj[i] : undefinedAttribute('list object', key);
    }
    return listMethod(obj, String(key)) ?? undefinedAttribute('list object', String(key));
  }
  if (typeof obj === 'string') {
    if (typeof key === 'number') {
      // Python indexes a str by code point ('🎉x'[1] is 'x'), not by UTF-16 unit.
      const cps = /[\ud800-\udfff]/.test(obj) ? [...obj] : obj;
      const i = key < 0 ? cps.length + key : key;
      return i >= 0 && i < cps.length ? cps[i] : undefinedAttribute('str object', key);
    }
    return stringMethod(obj, String(key)) ?? undefinedAttribute('str object', String(key));
  }
  if (isMapping(obj)) {
    const k = String(key);
    if (Object.hasOwn(obj, k)) return obj[k];
    return mappingMethod(obj, k) ?? undefinedAttribute('dict object', k);
  }
  if (typeof obj === 'function') {
    // nunjucks globals such as range() and cycler() objects keep their JS members.
    const v = (obj as unknown as Record<string, unknown>)[String(key)];
    return v === undefined ? undefinedAttribute('function', String(key)) : v;
  }
  return undefinedAttribute(`${pyType(obj)} object`, String(key));
}

/** Python's `seq[start:stop:step]` on a str or list; a part left out is None. */
export function slice(seq: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (isUndefined(seq)) return seq;
  seq = unmark(seq);
  const items: unknown[] | undefined = typeof seq === 'string' ? [...seq] : Array.isArray(seq) ? seq : undefined;
  if (!items) return typeError(`'${pyType(seq)}' object is not subscriptable with a slice`);
  const index = (v: unknown): number | null => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    return typeError('slice indices must be integers or None or have an __index__ method');
  };
  const n = items.length;
  const st = index(step) ?? 1;
  if (st === 0) return raise(new TemplateError('TEMPLATE_ERROR', 'slice step cannot be zero'));
  // CPython's PySlice_AdjustIndices.
  const adjust = (v: number | null, dflt: number, lo: number, hi: number): number => {
    if (v === null) return dflt;
    const x = v < 0 ? v + n : v;
    return Math.min(Math.max(x, lo), hi);
  };
  const out: unknown[] = [];
  if (st > 0) {
    const b = adjust(index(start), 0, 0, n);
    const e = adjust(index(stop), n, 0, n);
    for (let i = b; i < e; i += st) out.push(items[i]);
  } else {
    const b = adjust(index(start), n - 1, -1, n - 1);
    const e = adjust(index(stop), -1, -1, n - 1);
    for (let i = b; i > e; i += st) out.push(items[i]);
  }
  return typeof seq === 'string' ? out.join('') : out;
}

/** The items of a `{% for … if cond %}` that pass `keep` (a dict iterates over its keys, a string its characters). */
export function loopFilter(seq: unknown, keep: (item: unknown) => boolean): unknown[] {
  if (isUndefined(seq)) return [];
  seq = unmark(seq);
  const items = typeof seq === 'string' ? [...seq] : Array.isArray(seq) ? seq : isMapping(seq) ? pyKeys(seq) : typeError(`'${pyType(seq)}' object is not iterable`);
  return items.filter((x) => keep(x));
}
