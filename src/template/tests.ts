/**
 * Jinja2 and Ansible tests (`x is defined`, `result is changed`, `name is match('^svc')`). Only `defined` and
 * `undefined` accept an Undefined; the environment makes every other test throw on one.
 */
import { TemplateError } from '../errors.ts';
import { splitKwargs } from './kwargs.ts';
import { compare, contains, equals, isMapping, modulo, pyRegex, str, truthy, tuple, typeError } from './python.ts';
import { isUndefined } from './undefined.ts';
import { isFloat, PyFloat } from './py-float.ts';
import { percentFormat } from './percent-format.ts';
import { isText } from './py-iter.ts';
import { compareKeys, pep440Version, semanticVersion } from './py-version.ts';

export type TestFn = (value: unknown, ...args: unknown[]) => boolean;

function resultDict(v: unknown, test: string): Record<string, unknown> {
  if (!isMapping(v)) return typeError(`The '${test}' test expects a dictionary`);
  return v;
}

const VERSION_OPS: Record<string, string> = {
  '==': 'eq', '=': 'eq', eq: 'eq', '<': 'lt', lt: 'lt', '<=': 'le', le: 'le', '>': 'gt', gt: 'gt', '>=': 'ge', ge: 'ge', '!=': 'ne', '<>': 'ne', ne: 'ne',
};

/** distutils' LooseVersion: runs of digits (as ints), runs of a-z, and whatever lies between, '.' dropped. */
function looseVersion(s: string): unknown[] {
  return s
    .split(/(\d+|[a-z]+|\.)/)
    .filter((x) => x !== '' && x !== '.')
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
}

/** distutils' StrictVersion: `1.2`, `1.2.3`, `1.2a1`; compared by the numbers, then a release above its pre-releases. */
function strictVersion(s: string): unknown[] {
  const m = /^(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$/.exec(s);
  if (!m) return typeError(`invalid version number '${s}'`);
  const nums = tuple([Number(m[1]), Number(m[2]), Number(m[4] ?? 0)]);
  // No pre-release sorts after any: ('~',) stands above ('a', n) and ('b', n) as Python's _cmp orders them.
  return [nums, m[5] ? tuple([m[5][0], Number(m[6])]) : tuple(['~'])];
}

/** Ansible's version test (plugins/test/core.py version_compare): loose, strict, semver/semantic and pep440 (py-version.ts). */
function versionCompare(value: unknown, version: unknown, ...rest: unknown[]): boolean {
  const { args, kwargs } = splitKwargs(rest);
  const op = kwargs.operator ?? args[0] ?? 'eq';
  const strict = kwargs.strict ?? args[1];
  const versionType = kwargs.version_type ?? args[2];
  if (strict !== undefined && strict !== null && versionType !== undefined && versionType !== null) return typeError("Cannot specify both 'strict' and 'version_type'");
  if (!truthy(value)) return typeError('Input version value cannot be empty');
  if (!truthy(version)) return typeError('Version parameter to compare against cannot be empty');
  let parse = looseVersion;
  let keyed: ((s: string) => unknown) | undefined;
  if (truthy(strict ?? false)) parse = strictVersion;
  else if (versionType !== undefined && versionType !== null) {
    const t = str(versionType);
    if (t === 'strict') parse = strictVersion;
    else if (t === 'semver' || t === 'semantic') keyed = semanticVersion;
    else if (t === 'pep440') keyed = pep440Version;
    else if (t !== 'loose') return typeError(`Invalid version type (${t}). Must be one of 'loose', 'strict', 'semver', 'semantic', 'pep440'`);
  }
  const name = VERSION_OPS[str(op)];
  if (name === undefined) return typeError(`Invalid operator type (${str(op)}). Must be one of ${Object.keys(VERSION_OPS).map((k) => `'${k}'`).join(', ')}`);
  try {
    let c: number;
    if (keyed) c = compareKeys(keyed(str(value)) as Parameters<typeof compareKeys>[0], keyed(str(version)) as Parameters<typeof compareKeys>[0]);
    else {
      const a = parse(str(value));
      const b = parse(str(version));
      // Version._cmp, which every operator (== too) goes through: equal lists, else <, which raises for an int
      // against a str.
      c = equals(a, b) ? 0 : compare(a, '<', b) ? -1 : 1;
    }
    return { eq: c === 0, ne: c !== 0, lt: c < 0, le: c <= 0, gt: c > 0, ge: c >= 0 }[name as 'eq'];
  } catch (e) {
    if (e instanceof TemplateError) return typeError(`Version comparison failed: ${e.message}`);
    throw e;
  }
}

/** Ansible's regex test (match, search, regex): str(value), with ignorecase and multiline. */
function regexTest(kind: 'match' | 'search'): TestFn {
  return (v, pattern, ...rest) => {
    const { args, kwargs } = splitKwargs(rest);
    const flags = (truthy(kwargs.ignorecase ?? args[0] ?? false) ? 'i' : '') + (truthy(kwargs.multiline ?? args[1] ?? false) ? 'm' : '');
    const m = pyRegex(str(pattern ?? ''), flags).exec(str(v));
    const how = str(kwargs.match_type ?? args[2] ?? kind);
    return how === 'match' ? m?.index === 0 : m !== null;
  };
}

/** Python's str.islower()/isupper(): a cased character, and none of the other case (nor title case). */
function isCase(v: unknown, lower: boolean): boolean {
  const s = str(v);
  const has = lower ? /\p{Lowercase}/u : /\p{Uppercase}/u;
  const other = lower ? /[\p{Uppercase}\p{Lt}]/u : /[\p{Lowercase}\p{Lt}]/u;
  return has.test(s) && !other.test(s);
}

/** `value % n == r` as Jinja2's odd/even/divisibleby compute it (Python's % and its errors). */
const remainder = (v: unknown, n: unknown, r: number): boolean => equals(modulo(v, n, percentFormat), r);

const failed: TestFn = (v) => truthy(resultDict(v, 'failed').failed ?? false);
// Ansible's success is `not failed(result)`: its error names the 'failed' test.
const success: TestFn = (v) => !truthy(resultDict(v, 'failed').failed ?? false);
/** Ansible's changed: the result's own `changed`, else whether any of a loop's `results` changed. */
const changed: TestFn = (v) => {
  const r = resultDict(v, 'changed');
  if (Object.hasOwn(r, 'changed')) return truthy(r.changed);
  const results = r.results;
  return Array.isArray(results) && isMapping(results[0]) && results.some((x) => isMapping(x) && truthy(x.changed ?? false));
};
const skipped: TestFn = (v) => truthy(resultDict(v, 'skipped').skipped ?? false);

export const TESTS: Record<string, TestFn> = {
  defined: (v) => !isUndefined(v) && v !== undefined,
  undefined: (v) => isUndefined(v) || v === undefined,
  // Jinja2's type tests are isinstance checks: an Undefined is none of these types (UNDEFINED_TOLERANT_TESTS).
  none: (v) => v === null,
  number: (v) => typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat,
  integer: (v) => typeof v === 'number' && !isFloat(v),
  float: (v) => isFloat(v),
  string: (v) => isText(v),
  boolean: (v) => typeof v === 'boolean',
  mapping: (v) => isMapping(v),
  iterable: (v) => isText(v) || Array.isArray(v) || isMapping(v),
  sequence: (v) => isText(v) || Array.isArray(v) || isMapping(v),
  // Jinja2's test_callable: an Undefined is callable (Python's callable() sees its __call__).
  callable: (v) => isUndefined(v) || typeof v === 'function',
  sameas: (v, o) => !isUndefined(v) && v === o,
  truthy: (v) => truthy(v),
  falsy: (v) => !truthy(v),
  lower: (v) => isCase(v, true),
  upper: (v) => isCase(v, false),
  odd: (v) => remainder(v, 2, 1),
  even: (v) => remainder(v, 2, 0),
  divisibleby: (v, n) => remainder(v, n, 0),
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
  // Ansible's regex tests read a value that is not a str as str(value).
  match: regexTest('match'),
  search: regexTest('search'),
  regex: regexTest('search'),
  equalto: (v, o) => equals(v, o),
  '==': (v, o) => equals(v, o),
  eq: (v, o) => equals(v, o),
  '!=': (v, o) => !equals(v, o),
  ne: (v, o) => !equals(v, o),
  '<': (v, o) => compare(v, '<', o),
  lt: (v, o) => compare(v, '<', o),
  lessthan: (v, o) => compare(v, '<', o),
  '<=': (v, o) => compare(v, '<=', o),
  le: (v, o) => compare(v, '<=', o),
  '>': (v, o) => compare(v, '>', o),
  gt: (v, o) => compare(v, '>', o),
  greaterthan: (v, o) => compare(v, '>', o),
  '>=': (v, o) => compare(v, '>=', o),
  ge: (v, o) => compare(v, '>=', o),
  in: (v, c) => contains(c, v),
  contains: (c, v) => contains(c, v),
  version: versionCompare,
  version_compare: versionCompare,
};

/** Tests that must see an Undefined rather than throw on it. */
export const UNDEFINED_TOLERANT_TESTS = new Set(['defined', 'undefined', 'none', 'number', 'integer', 'float', 'string', 'boolean', 'mapping', 'sequence', 'callable', 'sameas']);
