/**
 * `x.y` and `x[k]`, Jinja2-style: a missing key is an Undefined naming it (not JS undefined), attribute access
 * on an Undefined stays that Undefined, negative list indexes count from the end, and the Python methods
 * playbooks call (`s.split(',')`, `d.items()`, `d.get('k')`) work.
 */
import { isMapping, pyType, repr, str } from './python.ts';
import { isUndefined, undefinedAttribute } from './undefined.ts';

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
    keys: () => Object.keys(d),
    values: () => Object.values(d),
    items: () => Object.entries(d),
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
      const i = key < 0 ? obj.length + key : key;
      return i >= 0 && i < obj.length ? obj[i] : undefinedAttribute('str object', key);
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
