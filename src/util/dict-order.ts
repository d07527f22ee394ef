/**
 * Python's dict order on plain JavaScript objects. A Python dict keeps its keys in insertion order; a JavaScript
 * object lists integer-like keys ('0' … '4294967294') first, ascending, whatever order they were set in, so
 * `{'10': 'a', '2': 'b', 'x': 'c'}` would iterate '2', '10', 'x'. Lookups are the same either way, so objects stay
 * plain (no cost where order is not read) and the few objects whose insertion order differs from JavaScript's
 * carry it in a symbol-keyed property: `withOrder` sets it where a dict is made (YAML and JSON readers, dict
 * literals, filters that build dicts), and everything that lists a dict's keys reads them through `pyKeys`.
 *
 * The property is enumerable on purpose: a copy made by spreading (`{ ...vars }`) keeps the order. JSON.stringify,
 * Object.keys and for…in never see a symbol, so the order shows only where it is asked for. A key added after the
 * order was recorded goes last (Python appends it too); a deleted key drops out.
 */
const ORDER = Symbol('python dict order');

type Holder = { [ORDER]?: readonly string[] };

/** Whether JavaScript moves `k` ahead of other keys: a canonical array index. */
export function isIndexKey(k: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(k) && Number(k) < 4294967295;
}

/** Records `order` (the keys in Python's insertion order) on `o` where it differs from JavaScript's; returns `o`. */
export function withOrder<T extends object>(o: T, order: readonly string[]): T {
  const h = o as T & Holder;
  if (sameOrder(Object.keys(o), order)) {
    if (h[ORDER] !== undefined) delete h[ORDER];
    return o;
  }
  Object.defineProperty(o, ORDER, { value: Object.freeze([...order]), enumerable: true, configurable: true, writable: true });
  return o;
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `o` carries an order of its own (what a JSON writer must then follow). */
export function hasOrder(o: object): boolean {
  return (o as Holder)[ORDER] !== undefined;
}

/** The keys of `o` in Python's order. */
export function pyKeys(o: object): string[] {
  const keys = Object.keys(o);
  const order = (o as Holder)[ORDER];
  if (order === undefined) return keys;
  const have = new Set(keys);
  const out = order.filter((k) => have.has(k));
  if (out.length === keys.length) return out;
  const seen = new Set(out);
  for (const k of keys) if (!seen.has(k)) out.push(k);
  return out;
}

export function pyEntries<T>(o: Record<string, T>): [string, T][] {
  return pyKeys(o).map((k) => [k, o[k] as T]);
}

export function pyValues<T>(o: Record<string, T>): T[] {
  return pyKeys(o).map((k) => o[k] as T);
}

/** Python's dict(pairs): a repeated key keeps its first place and its last value. */
export function dictFromEntries<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  const order: string[] = [];
  let indexKey = false;
  for (const [k, v] of entries) {
    if (!Object.hasOwn(out, k)) {
      order.push(k);
      if (!indexKey && isIndexKey(k)) indexKey = true;
    }
    setKey(out, k, v);
  }
  return indexKey ? withOrder(out, order) : out;
}

/**
 * A copy of `a` updated with `b` as Python's dict.update does it: a key already in `a` keeps its place, a new one
 * goes last. `merge` gives the value where both have the key (default: `b`'s).
 */
export function updated<T>(a: Record<string, T>, b: Record<string, T>, merge: (old: T, given: T) => T = (_o, g) => g): Record<string, T> {
  const out = pyEntries(a);
  const at = new Map(out.map(([k], i) => [k, i]));
  for (const [k, v] of pyEntries(b)) {
    const i = at.get(k);
    if (i === undefined) {
      at.set(k, out.length);
      out.push([k, v]);
    } else out[i] = [k, merge((out[i] as [string, T])[1], v)];
  }
  return dictFromEntries(out);
}

/** `o[k] = v`, also for the key `__proto__` (an own data property, as JSON.parse makes it). */
export function setKey<T>(o: Record<string, T>, k: string, v: T): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
  else o[k] = v;
}
