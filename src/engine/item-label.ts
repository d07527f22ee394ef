/**
 * How Ansible prints a loop item: `%s` of the Python value, so strings bare, and lists and dicts in Python's
 * repr (`{'name': 'Spooler'}`, `True`, `None`). Reporters show these labels verbatim.
 */
import { pyEntries } from '../util/dict-order.ts';
export function itemLabel(item: unknown): string {
  // A NativeJinjaText item (a String object) prints as its text.
  if (item instanceof String) return item.valueOf();
  return typeof item === 'string' ? item : pyRepr(item);
}

function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v instanceof String) return pyRepr(v.valueOf());
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  // A whole-valued Python float (a PyFloat, template/py-float.ts) prints `1.0`: its toString is Python's str().
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof Number) return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${pyEntries(v as Record<string, unknown>).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  return String(v);
}
