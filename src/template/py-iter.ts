/**
 * The Python and Jinja2 building blocks the filters share, written once: iter() over a value (a list's items, a
 * str's code points, a dict's keys), Jinja2's make_attrgetter (dotted paths, digit parts as indexes, `default`),
 * sorted() (stable, `reverse` keeping equal items in order), and Python's whitespace and text-only arguments.
 */
import { member } from './member.ts';
import { isNativeText } from './native-text.ts';
import { compare, isMapping, pyType, typeError } from './python.ts';
import { isUndefined } from './undefined.ts';
import { pyKeys } from '../util/dict-order.ts';

export function isText(v: unknown): v is string {
  return typeof v === 'string' || isNativeText(v);
}

/** Python's iter(v) as a list: a list's items, a str's code points, a dict's keys; else Python's TypeError. */
export function iterable(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isText(v)) return [...String(v)];
  if (isMapping(v)) return pyKeys(v);
  return typeError(`'${pyType(v)}' object is not iterable`);
}

/** A str argument of a method that takes only str (`str.split`, `os.path.basename`): Python's TypeError otherwise. */
export function textOnly(v: unknown, message: (type: string) => string): string {
  if (isText(v)) return String(v);
  return typeError(message(pyType(v)));
}

/**
 * Python's str.isspace() characters (what str.split(), str.strip() and re's \s use): JavaScript's \s lacks
 * \x1c-\x1f and \x85 and has \ufeff, which Python does not count.
 */
export const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Python's str.strip(chars): whitespace when chars is None, else every character of chars, from both ends. */
export function pyStrip(s: string, chars?: string | null): string {
  const set = chars === undefined || chars === null ? undefined : new Set([...chars]);
  const cps = [...s];
  const drop = (c: string): boolean => (set ? set.has(c) : new RegExp(`^[${PY_SPACE}]$`, 'u').test(c));
  let a = 0;
  let b = cps.length;
  while (a < b && drop(cps[a] as string)) a++;
  while (b > a && drop(cps[b - 1] as string)) b--;
  return cps.slice(a, b).join('');
}

/** Jinja2's _prepare_attribute_parts: `a.0.b` → ['a', 0, 'b'], an int as itself, None as no parts. */
function attributeParts(path: unknown): (string | number)[] {
  if (path === undefined || path === null) return [];
  if (isText(path)) return String(path).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return [path as string | number];
}

/**
 * Jinja2's make_attrgetter: looks the parts up one after the other (environment.getitem); with a `default`
 * (not None), a part that is undefined becomes the default and the lookup goes on from it, as Jinja2 does.
 * `lower` is the postprocess ignore_case (lower-cases a str).
 */
export function attrGetter(path: unknown, lower = false, dflt: unknown = undefined): (item: unknown) => unknown {
  const parts = attributeParts(path);
  return (item) => {
    let v: unknown = item;
    for (const p of parts) {
      v = member(v, p);
      if (dflt !== undefined && dflt !== null && isUndefined(v)) v = dflt;
    }
    return lower && isText(v) ? String(v).toLowerCase() : v;
  };
}

/** Python's sorted(items, key=key, reverse=reverse): stable; `reverse` keeps equal items in their order. */
export function pySorted<T>(items: T[], key: (x: T) => unknown, reverse: boolean): T[] {
  const keyed = items.map((x) => ({ x, k: key(x) }));
  keyed.sort((a, b) => {
    const [p, q] = reverse ? [b.k, a.k] : [a.k, b.k];
    return compare(p, '<', q) ? -1 : compare(q, '<', p) ? 1 : 0;
  });
  return keyed.map((e) => e.x);
}
