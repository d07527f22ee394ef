/**
 * Jinja2 3.1's own filters that nunjucks also defines under the same names but computes differently (nunjucks'
 * `indent` indents blank lines, its `title` splits only on spaces, its `groupby` returns an object, its `random`
 * is not Ansible's): each here follows jinja2/filters.py 3.1 (and Ansible 2.14's mathstuff.rand for `random`), so
 * a template that passes the load check renders as ansible-playbook renders it. nunjucks builtins with no
 * counterpart here are removed from the environment (environment.ts), so they are refused at load.
 */
import { randomInt } from 'node:crypto';
import { splitKwargs } from './kwargs.ts';
import { isFloat } from './py-float.ts';
import { compare, equals, isMapping, pyType, repr, str, truthy, tuple, typeError } from './python.ts';
import { undefinedWith } from './undefined.ts';
import { attrGetter, isText, iterable, PY_SPACE, pySorted } from './py-iter.ts';
import { PyRandom } from './py-random.ts';
import { pyEntries } from '../util/dict-order.ts';

type Fn = (value: unknown, ...args: unknown[]) => unknown;

/** Python's str.splitlines() boundaries (a trailing break yields no empty last line). */
function splitlines(s: string): string[] {
  // eslint-disable-next-line no-control-regex -- \x1c-\x1e are line boundaries for Python, as the comment says
  const parts = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return s === '' ? [] : parts;
}

function intArg(filter: string, name: string, v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v) && !isFloat(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeError(`${filter}: '${name}' must be an integer, got ${repr(v)}`);
}

function indent(s: unknown, ...rest: unknown[]): string {
  const { args, kwargs } = splitKwargs(rest);
  const width = kwargs.width ?? args[0] ?? 4;
  const first = (kwargs.first ?? args[1] ?? false) === true;
  const blank = (kwargs.blank ?? args[2] ?? false) === true;
  const pad = isText(width) ? String(width) : ' '.repeat(intArg('indent', 'width', width));
  // Jinja2 appends a newline before splitting, so a trailing newline is kept as a last (unindented) empty line.
  // Jinja2 appends '\n' to the value with +=: a value that is not a str fails as Python fails there.
  if (!isText(s)) return typeError(Array.isArray(s) ? "'list' object has no attribute 'splitlines'" : `unsupported operand type(s) for +=: '${pyType(s)}' and 'str'`);
  const lines = splitlines(String(s) + '\n');
  let rv: string;
  if (blank) rv = lines.join('\n' + pad);
  else {
    rv = lines.shift() ?? '';
    if (lines.length) rv += '\n' + lines.map((l) => (l ? pad + l : l)).join('\n');
  }
  return first ? pad + rv : rv;
}

function title(s: unknown): string {
  return str(s)
    .split(new RegExp(`([-${PY_SPACE}({[<]+)`, 'u'))
    .filter((w) => w !== '')
    .map((w) => [...w][0]!.toUpperCase() + [...w].slice(1).join('').toLowerCase())
    .join('');
}

/** Python's str.center: the odd space goes left when both the margin and the width are odd. */
function center(v: unknown, width: unknown = 80): string {
  const s = str(v);
  const w = intArg('center', 'width', width);
  const n = [...s].length;
  if (w <= n) return s;
  const marg = w - n;
  const left = Math.floor(marg / 2) + (marg & w & 1);
  return ' '.repeat(left) + s + ' '.repeat(marg - left);
}

function truncate(v: unknown, ...rest: unknown[]): unknown {
  const { args, kwargs } = splitKwargs(rest);
  if (!isText(v) && !Array.isArray(v) && !isMapping(v)) return typeError(`object of type '${pyType(v)}' has no len()`);
  const s = isText(v) ? [...String(v)] : iterable(v);
  const length = intArg('truncate', 'length', kwargs.length ?? args[0] ?? 255);
  const killwords = (kwargs.killwords ?? args[1] ?? false) === true;
  const end = str(kwargs.end ?? args[2] ?? '...');
  const leewayArg = kwargs.leeway ?? args[3];
  // Jinja2's policy truncate.leeway, which Ansible leaves at 5.
  const leeway = leewayArg === undefined || leewayArg === null ? 5 : intArg('truncate', 'leeway', leewayArg);
  const endLen = [...end].length;
  if (length < endLen) return typeError(`expected length >= ${endLen}, got ${length}`);
  if (leeway < 0) return typeError(`expected leeway >= 0, got ${leeway}`);
  if (s.length <= length + leeway) return isText(v) ? s.join('') : v;
  if (!isText(v)) return typeError(`'${pyType(v)}' object has no attribute 'rsplit'`);
  const head = s.slice(0, Math.max(0, length - endLen)).join('');
  if (killwords) return head + end;
  const cut = head.lastIndexOf(' ');
  return (cut < 0 ? head : head.slice(0, cut)) + end;
}

function dictsort(v: unknown, ...rest: unknown[]): unknown[] {
  const { args, kwargs } = splitKwargs(rest);
  if (!isMapping(v)) return typeError(`'${pyType(v)}' object has no attribute 'items'`);
  const caseSensitive = (kwargs.case_sensitive ?? args[0] ?? false) === true;
  const by = kwargs.by ?? args[1] ?? 'key';
  const reverse = (kwargs.reverse ?? args[2] ?? false) === true;
  if (by !== 'key' && by !== 'value') return typeError('You can only sort by either "key" or "value"');
  const pos = by === 'key' ? 0 : 1;
  const items = pyEntries(v).map(([k, x]) => tuple([k, x]));
  return pySorted(items, (t) => {
    const x = t[pos];
    return !caseSensitive && isText(x) ? String(x).toLowerCase() : x;
  }, reverse);
}

function batch(v: unknown, linecount: unknown, fill: unknown = null): unknown[][] {
  const n = intArg('batch', 'linecount', linecount);
  const out: unknown[][] = [];
  let tmp: unknown[] = [];
  for (const item of iterable(v)) {
    if (tmp.length === n) {
      out.push(tmp);
      tmp = [];
    }
    tmp.push(item);
  }
  if (tmp.length) {
    if (fill !== null && fill !== undefined && tmp.length < n) tmp.push(...Array<unknown>(n - tmp.length).fill(fill));
    out.push(tmp);
  }
  return out;
}

function slice(v: unknown, slices: unknown, fill: unknown = null): unknown[][] {
  const seq = iterable(v);
  const n = intArg('slice', 'slices', slices);
  const per = Math.floor(seq.length / n);
  const extra = seq.length % n;
  const out: unknown[][] = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const start = offset + i * per;
    if (i < extra) offset += 1;
    const tmp = seq.slice(start, offset + (i + 1) * per);
    if (fill !== null && fill !== undefined && i >= extra) tmp.push(fill);
    out.push(tmp);
  }
  return out;
}

function groupby(v: unknown, ...rest: unknown[]): unknown[] {
  const { args, kwargs } = splitKwargs(rest);
  const attribute = kwargs.attribute ?? args[0];
  const dflt = kwargs.default ?? args[1];
  const caseSensitive = (kwargs.case_sensitive ?? args[2] ?? false) === true;
  const key = attrGetter(attribute, !caseSensitive, dflt);
  const groups: { k: unknown; items: unknown[] }[] = [];
  // itertools.groupby over the sorted list: runs of equal keys.
  for (const item of pySorted(iterable(v), key, false)) {
    const k = key(item);
    const last = groups[groups.length - 1];
    if (last && equals(last.k, k)) last.items.push(item);
    else groups.push({ k, items: [item] });
  }
  // Case-insensitive grouping names each group by its first item's own value.
  const realKey = attrGetter(attribute, false, dflt);
  return groups.map((g) => tuple([caseSensitive ? g.k : realKey(g.items[0]), g.items]));
}

function wordcount(v: unknown): number {
  return str(v).match(/[\p{L}\p{N}_]+/gu)?.length ?? 0;
}

/** urllib.parse.quote_from_bytes over UTF-8: only A-Z a-z 0-9 _.-~ and `safe` stay as they are. */
function quote(v: unknown, forQs: boolean): string {
  const bytes = Buffer.from(str(v), 'utf8');
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9_.\-~]/.test(c) || (!forQs && c === '/') ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return forQs ? out.replace(/%20/g, '+') : out;
}

function urlencode(v: unknown): string {
  if (isText(v) || !(Array.isArray(v) || isMapping(v))) return quote(v, false);
  const items = isMapping(v) ? pyEntries(v) : v.map((i) => iterable(i));
  for (const kv of items) {
    if (kv.length < 2) return typeError(`not enough values to unpack (expected 2, got ${kv.length})`);
    if (kv.length > 2) return typeError('too many values to unpack (expected 2)');
  }
  return items.map((kv) => `${quote(kv[0], true)}=${quote(kv[1], true)}`).join('&');
}

/**
 * Ansible's mathstuff.rand: an int from randrange(start, end, step), or one item of a sequence; SystemRandom, or
 * Random(seed) with a seed (py-random.ts, so a seeded value is the one ansible-playbook gives).
 */
function random(end: unknown, ...rest: unknown[]): unknown {
  const { args, kwargs } = splitKwargs(rest);
  const start = kwargs.start ?? args[0];
  const step = kwargs.step ?? args[1];
  const seed = kwargs.seed ?? args[2];
  let below = (n: number): number => randomInt(n);
  if (seed !== undefined && seed !== null) {
    if (!isText(seed) && !(typeof seed === 'number' && Number.isInteger(seed) && !isFloat(seed))) {
      return typeError(`winbook's random takes a text or integer seed, got ${repr(seed)}`);
    }
    const r = new PyRandom(isText(seed) ? String(seed) : seed);
    below = (n) => r.randbelow(n);
  }
  // A bool is a Python int: True | random is randrange(1).
  if (typeof end === 'boolean') end = Number(end);
  if (typeof end === 'number' && Number.isInteger(end) && !isFloat(end)) {
    const a = start ? intArg('random', 'start', start) : 0;
    const s = step ? intArg('random', 'step', step) : 1;
    // Random.randrange (Python 3.11): a step of 1 draws below the width; another counts the steps.
    if (s === 1) {
      if (end - a > 0) return a + below(end - a);
      return typeError(`empty range in randrange(${a}, ${end})`);
    }
    const n = s > 0 ? Math.floor((end - a + s - 1) / s) : Math.floor((end - a + s + 1) / s);
    if (s === 0) return typeError('zero step for randrange()');
    if (n <= 0) return typeError(`empty range in randrange(${a}, ${end}, ${s})`);
    return a + s * below(n);
  }
  if (Array.isArray(end) || isText(end)) {
    if (start || step) return typeError('start and step can only be used with integer values');
    const seq = iterable(end);
    if (seq.length === 0) return typeError('Cannot choose from an empty sequence');
    return seq[below(seq.length)];
  }
  return typeError('random can only be used on sequences and integers');
}

/**
 * Jinja2's do_min/do_max (Ansible 2.14 has no min/max of its own): case-insensitive by default, an
 * `attribute`, the first smallest (largest) item as Python's min/max keep it, undefined for an empty sequence.
 */
function minMax(which: 'min' | 'max'): Fn {
  return (v, ...rest) => {
    const { args, kwargs } = splitKwargs(rest);
    if (args.length > 2) return typeError(`do_${which}() takes from 2 to 4 positional arguments but ${2 + args.length} were given`);
    const key = attrGetter(kwargs.attribute ?? args[1], (kwargs.case_sensitive ?? args[0]) !== true, undefined);
    const items = iterable(v);
    if (items.length === 0) return undefinedWith('No aggregated item, sequence was empty.');
    let best = items[0];
    let bestKey = key(best);
    for (const x of items.slice(1)) {
      const k = key(x);
      if (compare(k, which === 'min' ? '<' : '>', bestKey)) {
        best = x;
        bestKey = k;
      }
    }
    return best;
  };
}

/**
 * Jinja2's do_sort: Python's sorted() (stable; `reverse` keeps equal items in order; mixed types fail), by the
 * items or by `attribute` (dotted, several joined by commas as make_multi_attrgetter reads them), case-insensitive
 * unless `case_sensitive`.
 */
function sort(v: unknown, ...rest: unknown[]): unknown[] {
  const { args, kwargs } = splitKwargs(rest);
  if (args.length > 3) return typeError(`do_sort() takes from 2 to 5 positional arguments but ${2 + args.length} were given`);
  const reverse = truthy(kwargs.reverse ?? args[0] ?? false);
  const caseSensitive = truthy(kwargs.case_sensitive ?? args[1] ?? false);
  const attribute = kwargs.attribute ?? args[2];
  const parts = isText(attribute) ? String(attribute).split(',') : [attribute];
  const getters = parts.map((p) => attrGetter(p, !caseSensitive));
  // make_multi_attrgetter's key is the list of the attributes' values, compared as Python compares lists.
  return pySorted(iterable(v), (x) => getters.map((g) => g(x)), reverse);
}

/**
 * Ansible 2.14's unique: Jinja2's do_unique (case-insensitive unless `case_sensitive`, by `attribute`, the first of
 * each key, keys compared as set members), falling back to Ansible's own equality walk when a key cannot be hashed
 * (a list or dict), unless `case_sensitive=false` or `attribute` was given, which fail as Ansible fails.
 */
export function unique(v: unknown, ...rest: unknown[]): unknown[] {
  const { args, kwargs } = splitKwargs(rest);
  const caseArg = kwargs.case_sensitive ?? args[0];
  const attribute = kwargs.attribute ?? args[1];
  const items = iterable(v);
  const key = attrGetter(attribute, !truthy(caseArg ?? false));
  const keys = items.map(key);
  const out: unknown[] = [];
  if (keys.some((k) => Array.isArray(k) || isMapping(k))) {
    if (caseArg === false || (attribute !== undefined && attribute !== null)) {
      return typeError("Jinja2's unique filter failed and we cannot fall back to Ansible's version as it does not support the parameters supplied");
    }
    for (const x of items) if (!out.some((y) => equals(x, y))) out.push(x);
    return out;
  }
  const seen: unknown[] = [];
  items.forEach((x, i) => {
    if (seen.some((k) => equals(k, keys[i]))) return;
    seen.push(keys[i]);
    out.push(x);
  });
  return out;
}

export const JINJA_TEXT_FILTERS: Record<string, Fn> = {
  unique,
  sort,
  min: minMax('min'),
  max: minMax('max'),
  indent,
  title,
  center,
  truncate,
  dictsort,
  batch,
  slice,
  groupby,
  wordcount,
  urlencode,
  random,
  // Jinja2's Markup(value): with autoescape off (Ansible's setting) it is the value's text.
  safe: (v) => str(v),
};

/** nunjucks builtins that Jinja2 lacks or that winbook does not follow yet: removed, so refused at load. */
export const NUNJUCKS_ONLY_FILTERS = ['dump', 'nl2br', 'escape', 'e', 'forceescape', 'striptags', 'urlize'];
export const NUNJUCKS_ONLY_TESTS = ['null', 'escaped'];

/** Keyword arguments these filters take; others are refused at load. */
export const JINJA_FILTER_KWARGS: Record<string, string[]> = {
  indent: ['width', 'first', 'blank'],
  truncate: ['length', 'killwords', 'end', 'leeway'],
  dictsort: ['case_sensitive', 'by', 'reverse'],
  groupby: ['attribute', 'default', 'case_sensitive'],
  random: ['start', 'step', 'seed'],
  sort: ['reverse', 'case_sensitive', 'attribute'],
  unique: ['case_sensitive', 'attribute'],
  min: ['case_sensitive', 'attribute'],
  max: ['case_sensitive', 'attribute'],
};
