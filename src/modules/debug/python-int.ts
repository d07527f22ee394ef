/**
 * Python's int(x) for one value, as debug's action plugin applies it to `verbosity` (plugins/action/debug.py:
 * `int(self._task.args.get('verbosity', 0))`): a bool is 0/1, a float is cut toward zero, text is an optional sign
 * and decimal digits (single underscores between them allowed) inside whitespace. What int() refuses is returned
 * as the Python exception's class and text, which Ansible's TaskExecutor reports as the task's failure.
 */
import { PyFloat } from '../../template/py-float.ts';
import { repr } from '../../template/python.ts';

export type PyIntResult = { value: number } | { error: string; type: 'ValueError' | 'TypeError' | 'OverflowError' };

/** Python's name of a value's class, as int()'s TypeError names it. */
function className(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'dict' : typeof v;
}

export function pythonInt(v: unknown): PyIntResult {
  if (typeof v === 'boolean') return { value: v ? 1 : 0 };
  if (typeof v === 'number' || v instanceof PyFloat) {
    const n = Number(v);
    if (Number.isNaN(n)) return { type: 'ValueError', error: 'cannot convert float NaN to integer' };
    if (!Number.isFinite(n)) return { type: 'OverflowError', error: 'cannot convert float infinity to integer' };
    return { value: Math.trunc(n) };
  }
  if (typeof v === 'string') {
    // str.strip() whitespace, then [sign] digits with single underscores between them (PEP 515).
    const m = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/.exec(v);
    if (m) return { value: Number(`${m[1]}${(m[2] as string).replace(/_/g, '')}`) };
    return { type: 'ValueError', error: `invalid literal for int() with base 10: ${repr(v)}` };
  }
  return { type: 'TypeError', error: `int() argument must be a string, a bytes-like object or a real number, not '${className(v)}'` };
}
