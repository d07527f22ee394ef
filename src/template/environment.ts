/**
 * The one configured nunjucks Environment: autoescape off, Ansible's filters and tests, Python literals
 * (True/False/None), Undefined sentinels for missing names, and the `env.wb` helpers the patched compiler
 * emits calls to (see compiler-patch.ts).
 */
import nunjucks from 'nunjucks';
import { TemplateError } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { patchCompiler } from './compiler-patch.ts';
import { FILTERS, UNDEFINED_TOLERANT_FILTERS } from './filters.ts';
import { JINJA_TEXT_FILTERS, NUNJUCKS_ONLY_FILTERS, NUNJUCKS_ONLY_TESTS } from './jinja-text-filters.ts';
import { loopFilter, member, slice } from './member.ts';
import { patchParser } from './parser-patch.ts';
import { add, compare, contains, divide, floorDivide, isMapping, modulo, multiply, negate, plus, power, str, subtract, truthy, tuple, typeError } from './python.ts';
import { percentFormat } from './percent-format.ts';
import { pyFloat, unfloat } from './py-float.ts';
import { splitKwargs } from './kwargs.ts';
import { TESTS, UNDEFINED_TOLERANT_TESTS } from './tests.ts';
import { raise } from './trap.ts';
import { grew, range, tick } from './budget.ts';
import { lookup as lookupPlugin, query } from './lookups.ts';
import { assertDefined, undefinedThrough, undefinedVariable } from './undefined.ts';
import { tracked, trackedMethod } from './secret-taint.ts';
import { NativeJinjaText, PASS_THROUGH_FILTERS, STRING_TYPE_FILTERS, unmark } from './native-text.ts';
import { dictFromEntries, pyEntries, pyKeys } from '../util/dict-order.ts';
import { intArith } from './big-int.ts';
import { iterable } from './py-iter.ts';

/** Ansible's `omit` placeholder: a module argument rendering to this is dropped. */
export const OMIT = '__omit_place_holder__winbook';

type Fn = (...args: unknown[]) => unknown;

interface Frame {
  lookup(name: string): unknown;
}
interface Context {
  ctx: Record<string, unknown>;
}

/** Python's dict(): from a mapping or an iterable of pairs, then keyword arguments (`dict(words | zip(nums))`). */
function dict(...all: unknown[]): Record<string, unknown> {
  const { args, kwargs } = splitKwargs(all);
  const pairs: [string, unknown][] = [];
  const src = args[0];
  if (isMapping(src)) pairs.push(...pyEntries(src));
  else if (Array.isArray(src)) {
    for (const p of src) {
      if (!Array.isArray(p) || p.length !== 2) typeError(`dictionary update sequence element has length ${Array.isArray(p) ? p.length : 1}; 2 is required`);
      pairs.push([str(p[0]), p[1]]);
    }
  } else if (src !== undefined && src !== null) typeError(`'${str(src)}' object is not iterable`);
  return dictFromEntries([...pairs, ...Object.entries(kwargs)]);
}

/**
 * A function called with the text of each NativeJinjaText argument (it reads them as str) and, unless it keeps
 * floats, the number of each whole-valued float (py-float.ts).
 */
function readsText(f: Fn, keepFloats = false): Fn {
  return function (this: unknown, ...args: unknown[]) {
    return f.apply(this, args.map((a) => (keepFloats ? unmark(a) : unfloat(unmark(a)))));
  };
}

const GLOBALS: Record<string, unknown> = {
  True: true, False: false, None: null, omit: OMIT, lookup: readsText(lookupPlugin), query: readsText(query), q: readsText(query), range: readsText(range), dict,
};

/** Values printed by the current render, in order; the renderer reads it for single-expression templates. */
export const printed: unknown[] = [];

/** Registered results and facts: data, never templated again (Ansible marks them unsafe). */
const unsafe = new WeakSet<object>();
export function markUnsafe(v: unknown): void {
  if (typeof v === 'object' && v !== null) unsafe.add(v);
}

/** Set by render.ts (which imports this module): renders a value, deeply, with the given variables. */
export const lazyRender: { render?: (v: unknown, vars: Record<string, unknown>) => unknown } = {};

function holdsTemplate(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('{{') || v.includes('{%');
  if (typeof v !== 'object' || v === null || unsafe.has(v) || depth > 50) return false;
  if (Array.isArray(v)) return v.some((x) => holdsTemplate(x, depth + 1));
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return false;
  return Object.values(v).some((x) => holdsTemplate(x, depth + 1));
}

/** Variables being templated on use, outermost first, with the template each holds. */
const resolving: { name: string; value: unknown }[] = [];

/**
 * Ansible templates a variable when it is used: `url: "https://{{ host }}"` or a list `["{{ b }}"]` in vars
 * comes out rendered wherever it is read. A variable that (through others) reads itself is Ansible's
 * "recursive loop detected in template string" error, here naming the chain of variables.
 */
function templated(name: string, value: unknown, ctx: Record<string, unknown>): unknown {
  if (!lazyRender.render || !holdsTemplate(value)) return value;
  const at = resolving.findIndex((r) => r.name === name);
  if (at >= 0) {
    const chain = [...resolving.slice(at).map((r) => r.name), name].join(' → ');
    const last = resolving[resolving.length - 1] as { value: unknown };
    raise(
      new TemplateError('TEMPLATE_ERROR', `recursive loop detected in template string: ${str(last.value)} (variables ${chain})`, {
        hint: `a variable's value uses itself through ${chain}; give one of them a value that does not refer back`,
      }),
    );
  }
  resolving.push({ name, value });
  try {
    return lazyRender.render(value, ctx);
  } catch (e) {
    // Ansible: a variable whose template uses an undefined name is itself undefined (`| default` applies).
    if (e instanceof TemplateError && e.code === 'TEMPLATE_UNDEFINED') return undefinedThrough(e.message);
    return raise(e instanceof TemplateError ? e : new TemplateError('TEMPLATE_ERROR', String(e)));
  } finally {
    resolving.pop();
  }
}

/**
 * The variables the render under way has templated, by name. Jinja2 resolves a name once per template (its code
 * keeps `l_0_name`), so `[x, x]` holds one object twice, and `"{{ r }} {{ r }}"` with
 * `r: "{{ lookup('password', '/dev/null') }}"` prints one password twice. render.ts gives each render its own (a
 * variable templated on use is its own render).
 */
export const resolvedNames: { current?: Map<string, unknown> } = {};

function lookup(context: Context, frame: Frame, name: string): unknown {
  const local = frame.lookup(name);
  if (local !== undefined) return local;
  if (Object.hasOwn(context.ctx, name)) {
    const memo = resolvedNames.current;
    if (memo?.has(name)) return memo.get(name);
    const v = templated(name, context.ctx[name], context.ctx);
    memo?.set(name, v);
    return v;
  }
  if (Object.hasOwn(GLOBALS, name)) return GLOBALS[name];
  const g = (env as unknown as { globals: Record<string, unknown> }).globals;
  if (Object.hasOwn(g, name)) return g[name];
  return undefinedVariable(name);
}

const helpers = {
  lookup,
  // `secret.upper()` derives a secret as `secret | upper` does (secret-taint.ts).
  member(obj: unknown, key: unknown): unknown {
    const v = member(obj, key);
    obj = unmark(obj);
    return typeof obj === 'string' && typeof v === 'function' ? trackedMethod(String(key), obj, v as Fn) : v;
  },
  slice,
  loopFilter,
  truthy,
  or: (a: unknown, b: () => unknown): unknown => (truthy(a) ? a : b()),
  and: (a: unknown, b: () => unknown): unknown => (truthy(a) ? b() : a),
  compare,
  in: (a: unknown, b: unknown): boolean => contains(b, a),
  // Python's ints are exact at any size: an int result a number cannot hold fails (big-int.ts).
  add: intArith('+', add),
  mul: intArith('*', multiply),
  sub: intArith('-', subtract),
  div: divide,
  floordiv: intArith('//', floorDivide),
  mod: (a: unknown, b: unknown): unknown => modulo(a, b, percentFormat),
  pow: intArith('**', power),
  neg: (a: unknown): unknown => intArith('-', (_z, x) => negate(x))(0, a),
  pos: plus,
  float: pyFloat,
  tuple,
  concat: (a: unknown, b: unknown): string => str(a) + str(b),
  tick,
  grew,
  dictKey(k: unknown): string {
    assertDefined(k);
    return str(k);
  },
  /** A dict literal `{k: v, …}`, in the order written (compiler-patch.ts). */
  dictLiteral: (pairs: [string, unknown][]): Record<string, unknown> => dictFromEntries(pairs),
  /** The items of a `{% for a, b in xs %}` loop, each checked to unpack into `n` names as Python unpacks it. */
  unpackEach(xs: unknown, n: number): unknown {
    if (xs === null || xs === undefined || xs === false || xs === 0 || xs === '') return xs;
    const items = iterable(unmark(xs));
    for (const item of items) {
      const parts = iterable(unmark(item));
      if (parts.length > n) typeError(`too many values to unpack (expected ${n})`);
      if (parts.length < n) typeError(`not enough values to unpack (expected ${n}, got ${parts.length})`);
    }
    return items.map((i) => (Array.isArray(unmark(i)) ? i : iterable(unmark(i))));
  },
  output(_context: Context, v: unknown): string {
    printed.push(v);
    return str(v, '');
  },
};

function guardUndefined(name: string, f: Fn, tolerant: boolean): Fn {
  if (tolerant) return f;
  return function (this: unknown, ...args: unknown[]) {
    for (const a of args) assertDefined(a);
    return f.apply(this, args);
  };
}

/**
 * `{% for k in d %}` over a dict iterates its keys in Python's order (nunjucks' one-name loop reads `.length`, which
 * a dict lacks, and so ran no iteration); what else the loop gets is unchanged.
 */
function patchLoopIterable(): void {
  const runtime = (nunjucks as unknown as { runtime: { fromIterator: (v: unknown) => unknown } }).runtime;
  const fromIterator = runtime.fromIterator;
  runtime.fromIterator = (v: unknown): unknown => (isMapping(v) ? pyKeys(v) : fromIterator(v));
}

function makeEnvironment(): nunjucks.Environment {
  patchCompiler();
  patchParser();
  patchLoopIterable();
  const e = new nunjucks.Environment(undefined, { autoescape: false, throwOnUndefined: false });
  for (const [name, f] of Object.entries({ ...FILTERS, ...JINJA_TEXT_FILTERS })) e.addFilter(name, f as Fn);
  // addTest exists at runtime but is missing from @types/nunjucks.
  const addTest = (e as unknown as { addTest(n: string, f: Fn): void }).addTest.bind(e);
  for (const [name, t] of Object.entries(TESTS)) addTest(name, t as Fn);
  const filterCache = new Map<string, Fn>();
  const testCache = new Map<string, Fn>();
  const builtinFilter = e.getFilter.bind(e) as (n: string) => Fn;
  const builtinTest = (e as unknown as { getTest(n: string): Fn }).getTest.bind(e);
  const filters = (e as unknown as { filters: Record<string, Fn> }).filters;
  const tests = (e as unknown as { tests: Record<string, Fn> }).tests;
  // nunjucks' own filters and tests that Jinja2 lacks or computes differently would render silently wrong.
  for (const name of NUNJUCKS_ONLY_FILTERS) delete filters[name];
  for (const name of NUNJUCKS_ONLY_TESTS) delete tests[name];
  Object.assign(e, {
    wb: helpers,
    getFilter(name: string): Fn {
      let f = filterCache.get(name);
      if (f) return f;
      if (!Object.hasOwn(filters, name)) {
        raise(new TemplateError('TEMPLATE_ERROR', `no filter named '${name}'${didYouMean(name, Object.keys(filters))}`));
      }
      f = tracked(name, guardUndefined(name, builtinFilter(name), UNDEFINED_TOLERANT_FILTERS.has(name)));
      // Ansible's STRING_TYPE_FILTERS return NativeJinjaText (native-text.ts); other filters read such an argument
      // as its text, unless they hand their input on unchanged.
      // Every filter sees a whole-valued float as one (4.0 | string is '4.0'), as Python's filters do.
      if (!PASS_THROUGH_FILTERS.has(name)) f = readsText(f, true);
      if (STRING_TYPE_FILTERS.has(name)) {
        const inner = f;
        f = function (this: unknown, ...args: unknown[]) {
          const r = inner.apply(this, args);
          return typeof r === 'string' ? new NativeJinjaText(r) : r;
        };
      }
      filterCache.set(name, f);
      return f;
    },
    getTest(name: string): Fn {
      let t = testCache.get(name);
      if (t) return t;
      if (!Object.hasOwn(tests, name)) {
        raise(new TemplateError('TEMPLATE_ERROR', `no test named '${name}'${didYouMean(name, Object.keys(tests))}`));
      }
      t = readsText(guardUndefined(name, builtinTest(name), UNDEFINED_TOLERANT_TESTS.has(name)), true);
      testCache.set(name, t);
      return t;
    },
  });
  return e;
}

export const env = makeEnvironment();
