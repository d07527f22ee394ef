/**
 * JSON that keeps Python's whole-valued floats (py-float.ts): written as `1.0`, as Python's json.dumps writes
 * them (Ansible's json callback, ansible-inventory --list), and read back as PyFloats, so a float stored in the
 * journal is still a float after --resume. JSON itself has one number type; `1.0` is valid JSON for any reader.
 */
import { randomBytes } from 'node:crypto';
import { floatRepr, PyFloat } from './py-float.ts';

/** A placeholder no real string holds: a NUL, a per-process random tag, then the float's text. */
const TAG = `\u0000pyfloat-${randomBytes(6).toString('hex')}:`;
const TAGGED = new RegExp(`"${JSON.stringify(TAG).slice(1, -1).replace(/\\/g, '\\\\')}([^"]*)"`, 'g');
/** A JSON string (skipped whole) or a number token; what lies outside strings is only numbers and punctuation. */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const MAYBE_FLOAT = /(?:^|[:,[])\s*-?\d+[.eE]/;

/** Whether `v` holds a PyFloat anywhere (what a plain JSON.stringify would write as an int). */
export function holdsPyFloat(v: unknown, depth = 0): boolean {
  if (v instanceof PyFloat) return true;
  if (typeof v !== 'object' || v === null || depth > 100) return false;
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (holdsPyFloat(x, depth + 1)) return true;
  return false;
}

/** JSON.stringify, with every PyFloat written as Python writes it (`1.0`, `1e+16`). */
export function stringifyFloats(v: unknown, indent?: number): string {
  if (!holdsPyFloat(v)) return JSON.stringify(v, null, indent);
  const text = JSON.stringify(v, (_k, x: unknown) => (x instanceof PyFloat ? TAG + floatRepr(x.valueOf()) : x), indent);
  return text.replace(TAGGED, '$1');
}

/** JSON.parse, with a number written with a fraction or an exponent and a whole value (`1.0`) read as a PyFloat. */
export function parseFloats(text: string): unknown {
  // Cheap first look: a number with a fraction or exponent comes right after `:`, `,` or `[` (or starts the text);
  // text such as an IP address inside a string rarely does, and the exact pass below skips strings anyway.
  if (!MAYBE_FLOAT.test(text)) return JSON.parse(text) as unknown;
  let tagged = false;
  const marked = text.replace(TOKEN, (tok) => {
    if (tok.startsWith('"') || !/[.eE]/.test(tok) || !Number.isInteger(Number(tok))) return tok;
    tagged = true;
    return JSON.stringify(TAG + tok);
  });
  if (!tagged) return JSON.parse(text) as unknown;
  return JSON.parse(marked, (_k, x: unknown) => (typeof x === 'string' && x.startsWith(TAG) ? new PyFloat(Number(x.slice(TAG.length))) : x)) as unknown;
}
