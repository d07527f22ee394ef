/**
 * JSON that keeps Python's whole-valued floats (py-float.ts) and Python's dict order (util/dict-order.ts): a float
 * is written as `1.0`, as Python's json.dumps writes it (Ansible's json callback, ansible-inventory --list), and
 * read back as a PyFloat, so a float stored in the journal is still a float after --resume; an object's keys are
 * written and read in the order they stand (`{"10": …, "2": …}` stays so, where JavaScript would put "2" first).
 * JSON itself has one number type and ordered members; `1.0` is valid JSON for any reader.
 */
import { randomBytes } from 'node:crypto';
import { floatRepr, PyFloat } from './py-float.ts';
import { hasOrder, isIndexKey, pyKeys, setKey, withOrder } from '../util/dict-order.ts';

/** A placeholder no real string holds: a NUL, a per-process random tag, then the float's text. */
const TAG = `\u0000pyfloat-${randomBytes(6).toString('hex')}:`;
const TAGGED = new RegExp(`"${JSON.stringify(TAG).slice(1, -1).replace(/\\/g, '\\\\')}([^"]*)"`, 'g');
/** The same for an integer-like key, which JSON.parse and JSON.stringify would otherwise move first. */
const KEY_TAG = `\u0000pykey-${randomBytes(6).toString('hex')}:`;
const KEY_TAGGED = new RegExp(`"${JSON.stringify(KEY_TAG).slice(1, -1).replace(/\\/g, '\\\\')}`, 'g');
/**
 * A JSON string (skipped whole; with the `:` after it when it is a key) or a number token; what lies outside strings
 * is only numbers and punctuation.
 */
const TOKEN = /"(?:[^"\\]|\\.)*"(\s*:)?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const MAYBE_FLOAT = /(?:^|[:,[])\s*-?\d+[.eE]/;
const MAYBE_INDEX_KEY = /"\d+"\s*:/;

/** Whether `v` holds a PyFloat or a dict with an order of its own anywhere (what plain JSON.stringify gets wrong). */
export function holdsPyFloat(v: unknown, depth = 0): boolean {
  if (v instanceof PyFloat) return true;
  if (typeof v !== 'object' || v === null || depth > 100) return false;
  if (!Array.isArray(v) && hasOrder(v)) return true;
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (holdsPyFloat(x, depth + 1)) return true;
  return false;
}

/** JSON.stringify, with every PyFloat written as Python writes it (`1.0`, `1e+16`) and dicts in Python's order. */
export function stringifyFloats(v: unknown, indent?: number): string {
  if (!holdsPyFloat(v)) return JSON.stringify(v, null, indent);
  const text = JSON.stringify(v, replacer, indent);
  return text.replace(TAGGED, '$1').replace(KEY_TAGGED, '"');
}

function replacer(_k: string, x: unknown): unknown {
  if (x instanceof PyFloat) return TAG + floatRepr(x.valueOf());
  if (typeof x !== 'object' || x === null || Array.isArray(x) || !hasOrder(x)) return x;
  const o = x as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of pyKeys(o)) setKey(out, isIndexKey(k) ? KEY_TAG + k : k, o[k]);
  return out;
}

/**
 * JSON.parse, with a number written with a fraction or an exponent and a whole value (`1.0`) read as a PyFloat,
 * and objects keeping their members' order.
 */
export function parseFloats(text: string): unknown {
  // Cheap first look: a number with a fraction or exponent comes right after `:`, `,` or `[` (or starts the text);
  // text such as an IP address inside a string rarely does, and the exact pass below skips strings anyway.
  const floats = MAYBE_FLOAT.test(text);
  const keys = MAYBE_INDEX_KEY.test(text);
  if (!floats && !keys) return JSON.parse(text) as unknown;
  let tagged = false;
  let keyTagged = false;
  const marked = text.replace(TOKEN, (tok, colon: string | undefined) => {
    if (tok.startsWith('"')) {
      if (colon === undefined) return tok;
      const name = tok.slice(1, tok.length - colon.length - 1);
      if (!isIndexKey(name)) return tok;
      keyTagged = true;
      return `${JSON.stringify(KEY_TAG + name)}${colon}`;
    }
    if (!floats || !/[.eE]/.test(tok) || !Number.isInteger(Number(tok))) return tok;
    tagged = true;
    return JSON.stringify(TAG + tok);
  });
  if (!tagged && !keyTagged) return JSON.parse(text) as unknown;
  return JSON.parse(marked, (_k, x: unknown) => {
    if (typeof x === 'string') return x.startsWith(TAG) ? new PyFloat(Number(x.slice(TAG.length))) : x;
    if (!keyTagged || typeof x !== 'object' || x === null || Array.isArray(x)) return x;
    // Tagged keys are not integer-like, so Object.keys lists the members in the order they were written.
    const keys = Object.keys(x);
    if (!keys.some((k) => k.startsWith(KEY_TAG))) return x;
    const o = x as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const order: string[] = [];
    for (const k of keys) {
      const name = k.startsWith(KEY_TAG) ? k.slice(KEY_TAG.length) : k;
      if (!Object.hasOwn(out, name)) order.push(name);
      setKey(out, name, o[k]);
    }
    return withOrder(out, order);
  }) as unknown;
}
