/**
 * Integers beyond 2^53. Python's int is exact at any size; a JavaScript number is not (`2**64`,
 * `9007199254740993 | int` and `12345678901234567890 + 1` would come out rounded). Until winbook carries such
 * integers exactly, every place one would be made fails with this reason instead: an integer literal in a template
 * (at load), arithmetic on ints, the int filter and from_json. A float that large is fine: it is inexact in Python too.
 */
import { TemplateError } from '../errors.ts';
import { isFloat } from './py-float.ts';
import { raise } from './trap.ts';

export const BIG_INT_REASON = 'winbook cannot hold an integer of 2^53 (9007199254740992) or more exactly, where Python does';

export function bigIntError(what: string): never {
  return raise(new TemplateError('TEMPLATE_ERROR', `${what}: ${BIG_INT_REASON}`, { hint: 'keep such numbers as text (quote them), or compute with floats (`| float`)' }));
}

/** `v`, unless it is an int (not a float) that a number cannot hold exactly. */
export function exactInt<T>(v: T, what: () => string): T {
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && !isFloat(v)) bigIntError(what());
  return v;
}

/** An int operator's result checked: only when both operands are ints (or bools), as Python's result is then an int. */
export function intArith(op: string, f: (a: unknown, b: unknown) => unknown): (a: unknown, b: unknown) => unknown {
  const isInt = (x: unknown): boolean => typeof x === 'boolean' || (typeof x === 'number' && Number.isInteger(x) && !isFloat(x));
  return (a, b) => {
    const r = f(a, b);
    return isInt(a) && isInt(b) ? exactInt(r, () => `${String(a)} ${op} ${String(b)}`) : r;
  };
}

/** Whether `v` holds an int (not a float) of 2^53 or more anywhere: what a reader must refuse, not round. */
export function holdsBigInt(v: unknown, depth = 0): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v) && !isFloat(v);
  if (typeof v !== 'object' || v === null || depth > 100) return false;
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (holdsBigInt(x, depth + 1)) return true;
  return false;
}
