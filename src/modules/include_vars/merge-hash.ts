/**
 * include_vars' `hash_behaviour: merge` (ansible-core 2.14 utils/vars.py combine_vars → merge_hash): each loaded
 * top-level value is merged into the host's current value of that name, dicts recursively, anything else replaced.
 * Both sides must be mappings or Ansible raises "failed to combine variables" — also when the name was not defined
 * before (its current value is None), which fails the task.
 */
import { pyEntries, updated } from '../../util/dict-order.ts';

export class CombineError extends Error {}

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** merge_hash(x, y) with recursive=True, list_merge='replace'. */
export function mergeHash(x: Record<string, unknown>, y: Record<string, unknown>): Record<string, unknown> {
  return updated(x, y, (xv, yv) => (isDict(xv) && isDict(yv) ? mergeHash(xv, yv) : yv));
}

/** combine_vars(old, new, merge=True) for one name: `old` is what the host has now (undefined: not defined). */
export function combineVars(old: unknown, loaded: unknown): Record<string, unknown> {
  if (!isDict(old) || !isDict(loaded)) {
    throw new CombineError(`failed to combine variables, expected dicts but got a '${className(old, false)}' and a '${className(loaded, true)}': \n${pyDumps(old ?? null)}\n${pyDumps(loaded)}`);
  }
  return mergeHash(old, loaded);
}

/** The Python class of a value: what the YAML loader gives for the file's side (AnsibleUnicode, AnsibleMapping, …). */
function className(v: unknown, fromFile: boolean): string {
  if (v === undefined || v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return fromFile ? 'AnsibleUnicode' : 'str';
  if (Array.isArray(v)) return fromFile ? 'AnsibleSequence' : 'list';
  return fromFile ? 'AnsibleMapping' : 'dict';
}

/** json.dumps with its defaults: `", "` and `": "` separators, non-ASCII escaped. */
function pyDumps(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyDumps).join(', ')}]`;
  if (isDict(v)) return `{${pyEntries(v).map(([k, x]) => `${pyDumps(k)}: ${pyDumps(x)}`).join(', ')}}`;
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return JSON.stringify(v ?? null);
}
