/**
 * ansible.builtin.password (plugins/lookup/password.py in ansible-core 2.14): `lookup('password', 'creds/db
 * length=15 chars=ascii_letters,digits')`. The file (relative to the playbook's directory) holds the password:
 * read when it exists (text before ` salt=`), else a random one of `length` (20) characters from `chars`
 * (ascii_letters, digits and `.,:-_`) is made and written to it (folders 0700, file 0600, one trailing newline).
 * `/dev/null` makes a new password each time and writes nothing. `encrypt`, `ident` and `seed` are refused.
 */
import { randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { TemplateError } from '../errors.ts';
import { parseKv } from '../playbook/parse-kv.ts';
import { str } from './python.ts';
import { raise } from './trap.ts';

/** Python's string module constants the `chars` option may name. */
const CHAR_SETS: Record<string, string> = {
  ascii_letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ascii_lowercase: 'abcdefghijklmnopqrstuvwxyz',
  ascii_uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  hexdigits: '0123456789abcdefABCDEF',
  octdigits: '01234567',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  whitespace: ' \t\n\r\x0b\x0c',
};
CHAR_SETS.printable = `${CHAR_SETS.digits}${CHAR_SETS.ascii_letters}${CHAR_SETS.punctuation}${CHAR_SETS.whitespace}`;
const DEFAULT_CHARS = ['ascii_letters', 'digits', '.,:-_'];
const VALID = ['length', 'encrypt', 'chars', 'ident', 'seed'];

function fail(message: string, hint?: string): never {
  return raise(new TemplateError('TEMPLATE_LOOKUP_FAILED', message, hint === undefined ? {} : { hint }));
}

/** `chars=ascii_letters,digits` → the candidate characters; `,,` is a literal comma (_parse_parameters). */
function candidates(spec: unknown): string {
  const parts = Array.isArray(spec) ? spec.map((x) => str(x)) : [];
  if (typeof spec === 'string') {
    if (spec.includes(',,')) parts.push(',');
    parts.push(...spec.replace(/,,/g, ',').split(',').filter(Boolean));
  }
  return parts.map((p) => CHAR_SETS[p] ?? p).join('').replace(/["']/g, '');
}

function parseTerm(term: string, kwargs: Record<string, unknown>): { relpath: string; params: Record<string, unknown> } {
  const at = term.indexOf(' ');
  if (at < 0) return { relpath: term, params: { ...kwargs } };
  const kv = parseKv(term.slice(at + 1));
  let relpath = term.slice(0, at);
  if (kv.raw.length) {
    // Spaces in the path: the words before the first key=value belong to it.
    relpath = [relpath, ...kv.raw.map((r) => r.text)].join(' ');
    if (!term.startsWith(relpath)) fail('Unrecognized value after key=value parameters given to password lookup');
  }
  const params: Record<string, unknown> = { ...kwargs, ...kv.params };
  const invalid = Object.keys(params).filter((k) => !VALID.includes(k));
  if (invalid.length) fail(`Unrecognized parameter(s) given to password lookup: ${invalid.join(', ')}`);
  return { relpath, params };
}

export function passwordLookup(terms: unknown[], kwargs: Record<string, unknown>, baseDir: string): unknown[] {
  return terms.map((t) => {
    const { relpath, params } = parseTerm(str(t), kwargs);
    for (const k of ['encrypt', 'ident', 'seed']) {
      if (params[k] !== undefined && params[k] !== null) {
        fail(`the password lookup's '${k}' option is not supported`, 'use the plain password (drop encrypt/ident/seed) and hash it where it is used');
      }
    }
    const length = Number.parseInt(str(params.length ?? 20), 10);
    if (!Number.isInteger(length) || length < 0) fail(`invalid length for the password lookup: ${str(params.length)}`);
    const chars = candidates(params.chars ?? DEFAULT_CHARS);
    const path = isAbsolute(relpath) ? relpath : join(baseDir, relpath);
    if (path !== '/dev/null' && existsSync(path)) {
      const content = readFileSync(path, 'utf8').trimEnd();
      const salt = content.lastIndexOf(' salt=');
      return salt < 0 ? content : content.slice(0, salt);
    }
    if (chars.length === 0) fail('the password lookup has no characters to choose from (chars)');
    const password = Array.from({ length }, () => chars[randomInt(chars.length)]).join('');
    if (path !== '/dev/null') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, `${password}\n`, { mode: 0o600 });
      chmodSync(path, 0o600);
    }
    return password;
  });
}
