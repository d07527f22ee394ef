/**
 * Jinja2 and Ansible tests (`x is defined`, `result is changed`, `name is match('^svc')`). Only `defined` and
 * `undefined` accept an Undefined; the environment makes every other test throw on one.
 */
import { compare, contains, equals, isMapping, pyRegex, truthy, typeError } from './python.ts';
import { isUndefined } from './undefined.ts';
import { isFloat, PyFloat, unfloat } from './py-float.ts';

export type TestFn = (value: unknown, ...args: unknown[]) => boolean;

function resultDict(v: unknown, test: string): Record<string, unknown> {
  if (!isMapping(v)) return typeError(`the '${test}' test expects a dictionary (a registered result)`);
  return v;
}

function versionCompare(a: unknown, b: unknown, op = 'eq'): boolean {
  const parts = (s: unknown): number[] => String(s).split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const x = parts(a);
  const y = parts(b);
  let c = 0;
  for (let i = 0; i < Math.max(x.length, y.length) && c === 0; i++) c = Math.sign((x[i] ?? 0) - (y[i] ?? 0));
  const ops: Record<string, boolean> = {
    '<': c < 0, lt: c < 0, '<=': c <= 0, le: c <= 0, '>': c > 0, gt: c > 0, '>=': c >= 0, ge: c >= 0,
    '==': c === 0, '=': c === 0, eq: c === 0, '!=': c !== 0, '<>': c !== 0, ne: c !== 0,
  };
  const r = ops[op];
  return r ?? typeError(`invalid version comparison operator '${op}'`);
}

const failed: TestFn = (v) => truthy(resultDict(v, 'failed').failed ?? false);
const success: TestFn = (v) => !truthy(resultDict(v, 'success').failed ?? false);
const changed: TestFn = (v) => truthy(resultDict(v, 'changed').changed ?? false);
const skipped: TestFn = (v) => truthy(resultDict(v, 'skipped').skipped ?? false);

export const TESTS: Record<string, TestFn> = {
  defined: (v) => !isUndefined(v) && v !== undefined,
  undefined: (v) => isUndefined(v) || v === undefined,
  none: (v) => v === null || v === undefined,
  number: (v) => typeof v === 'number' || v instanceof PyFloat,
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => isFloat(v),
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  mapping: (v) => isMapping(v),
  iterable: (v) => typeof v === 'string' || Array.isArray(v) || isMapping(v),
  sequence: (v) => typeof v === 'string' || Array.isArray(v) || isMapping(v),
  list: (v) => Array.isArray(v),
  truthy: (v) => truthy(v),
  falsy: (v) => !truthy(v),
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
  odd: (v) => typeof unfloat(v) === 'number' && Math.abs(Number(v) % 2) === 1,
  even: (v) => typeof unfloat(v) === 'number' && Number(v) % 2 === 0,
  divisibleby: (v, n) => typeof unfloat(v) === 'number' && Number(v) % Number(n) === 0,
  // ansible.builtin's result tests and their aliases (plugins/test/core.py).
  changed,
  change: changed,
  failed,
  failure: failed,
  succeeded: success,
  success,
  successful: success,
  skipped,
  skip: skipped,
  match: (v, p, ignorecase) => pyRegex(String(p), ignorecase === true ? 'i' : '').exec(String(v))?.index === 0,
  search: (v, p, ignorecase) => pyRegex(String(p), ignorecase === true ? 'i' : '').test(String(v)),
  regex: (v, p, ignorecase) => pyRegex(String(p), ignorecase === true ? 'i' : '').test(String(v)),
  equalto: (v, o) => equals(v, o),
  '==': (v, o) => equals(v, o),
  eq: (v, o) => equals(v, o),
  sameas: (v, o) => v === o,
  '!=': (v, o) => !equals(v, o),
  ne: (v, o) => !equals(v, o),
  '<': (v, o) => compare(v, '<', o),
  lt: (v, o) => compare(v, '<', o),
  '<=': (v, o) => compare(v, '<=', o),
  le: (v, o) => compare(v, '<=', o),
  '>': (v, o) => compare(v, '>', o),
  gt: (v, o) => compare(v, '>', o),
  '>=': (v, o) => compare(v, '>=', o),
  ge: (v, o) => compare(v, '>=', o),
  in: (v, c) => contains(c, v),
  contains: (c, v) => contains(c, v),
  version: (v, o, op) => versionCompare(v, o, op === undefined ? 'eq' : String(op)),
  version_compare: (v, o, op) => versionCompare(v, o, op === undefined ? 'eq' : String(op)),
};

/** Tests that must see an Undefined rather than throw on it. */
export const UNDEFINED_TOLERANT_TESTS = new Set(['defined', 'undefined']);
