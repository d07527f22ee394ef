/**
 * Ansible 2.14's NativeJinjaText (ansible/utils/native_jinja.py): the str subclass its STRING_TYPE_FILTERS
 * (`string`, `to_json`, `to_nice_json`, `to_yaml`, `to_nice_yaml`, `json_query`) return, which ansible_eval_concat
 * hands back as text instead of reading `["a"]` back as a list. The mark belongs to the value, so it survives
 * whatever hands the same object on — `| default('')`, `| mandatory`, `| ternary`, `x if c else y`, `a or b`, a
 * subscript of a dict or list holding it, set_fact, a variable templated on use — and is gone wherever Python
 * makes a new str (`~`, `+`, `| trim`, `| lower`, a slice, a method call).
 *
 * A JavaScript string primitive cannot carry a mark, so the value is a String object of this class. Inside the
 * template layer the Python helpers (python.ts) read it as its text; filters and tests get it unwrapped unless they
 * hand their input on unchanged (PASS_THROUGH_FILTERS). Outside, the engine keeps it only where Ansible stores the
 * object (set_fact's facts, variables, loop items) and takes plainValue() of everything else (module arguments,
 * names, environment, labels), so no module or transport ever sees a String object.
 */

import { PyFloat } from './py-float.ts';
import { isTuple, tuple } from './python.ts';

export class NativeJinjaText extends String {}

/** Filters that return (one of) their arguments as they are, so the mark goes through them. */
export const PASS_THROUGH_FILTERS = new Set(['default', 'd', 'mandatory', 'ternary', 'type_debug', 'format']);

/** Ansible's STRING_TYPE_FILTERS; winbook has no json_query, the name is kept as Ansible's list. */
export const STRING_TYPE_FILTERS = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml', 'json_query']);

export function isNativeText(v: unknown): v is NativeJinjaText {
  return v instanceof NativeJinjaText;
}

/** The text of a NativeJinjaText; any other value as it is. */
export function unmark(v: unknown): unknown {
  return v instanceof NativeJinjaText ? v.valueOf() : v;
}

/**
 * `v` with every NativeJinjaText inside it turned back into its text, PyFloats kept: what a controller module gets
 * (debug's msg prints `1.0`, as Ansible's does) before modules/arg-coerce.ts converts each option.
 */
export function plainText(v: unknown): unknown {
  return plainWith(v, false, 0);
}

/**
 * `v` with every NativeJinjaText inside it turned back into its text, and every PyFloat into its number: what leaves the template layer for a module,
 * a name or the environment. Containers are copied only when something inside them changed.
 */
export function plainValue(v: unknown): unknown {
  return plainWith(v, true, 0);
}

function plainWith(v: unknown, floats: boolean, depth: number): unknown {
  if (v instanceof NativeJinjaText) return v.valueOf();
  // A whole-valued Python float (py-float.ts) is a number outside: JSON and the modules have one number type.
  if (v instanceof PyFloat) return floats ? v.valueOf() : v;
  if (typeof v !== 'object' || v === null || depth > 100) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    v.forEach((x, i) => {
      const p = plainWith(x, floats, depth + 1);
      if (p !== x) (out ??= isTuple(v) ? tuple([...v]) : [...v])[i] = p;
    });
    return out ?? v;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v)) {
    const p = plainWith(x, floats, depth + 1);
    if (p !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = p;
  }
  return out ?? v;
}
