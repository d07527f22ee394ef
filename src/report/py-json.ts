/**
 * JSON as Ansible's callbacks print it: Python's json.dumps with sort_keys=True and ensure_ascii=False, so
 * `{"changed": false, "msg": "x"}` (", " and ": " separators), or indented by 4 with "," line ends. A whole-valued
 * Python float (template/py-float.ts) prints `1.0`, as json.dumps prints it.
 */
import { floatRepr, PyFloat } from '../template/py-float.ts';
export function pyJson(v: unknown, indent?: number): string {
  return indent ? pretty(v, indent, 0) : compact(v);
}

function compact(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(compact).join(', ')}]`;
  if (isObject(v)) return `{${sortedEntries(v).map(([k, x]) => `${JSON.stringify(k)}: ${compact(x)}`).join(', ')}}`;
  return scalar(v);
}

function pretty(v: unknown, indent: number, depth: number): string {
  const pad = ' '.repeat(indent * (depth + 1));
  const end = ' '.repeat(indent * depth);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => pad + pretty(x, indent, depth + 1)).join(',\n')}\n${end}]`;
  }
  if (isObject(v)) {
    const entries = sortedEntries(v);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${pretty(x, indent, depth + 1)}`).join(',\n')}\n${end}}`;
  }
  return scalar(v);
}

function scalar(v: unknown): string {
  if (v instanceof PyFloat) return floatRepr(v.valueOf());
  if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return 'null';
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? 'null';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PyFloat);
}

function sortedEntries(v: Record<string, unknown>): [string, unknown][] {
  // Python drops nothing, but JSON has no undefined: mirror JSON.stringify and skip those keys.
  return Object.entries(v)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
