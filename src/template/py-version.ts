/**
 * The version types of Ansible's `version` test beyond distutils' (tests.ts): `semver`/`semantic` is ansible-core
 * 2.14's SemanticVersion (ansible/utils/version.py, Semantic Versioning 2.0.0: core, then a release above its
 * pre-releases, pre-release parts compared number below word, build metadata ignored); `pep440` is
 * packaging.version.Version (PEP 440: epoch, release without trailing zeros, pre, post, dev, local). Each parse
 * returns a comparison function's operand; each failure is Python's ValueError text.
 */
import { asciiDigits } from './py-digits.ts';
import { typeError } from './python.ts';

const NEG = Symbol('-inf');
const POS = Symbol('+inf');
type Key = number | string | typeof NEG | typeof POS | Key[];

/** Python's comparison of the keys both version classes build (tuples item by item, a shorter prefix first). */
export function compareKeys(a: Key, b: Key): number {
  if (a === b) return 0;
  if (a === NEG || b === POS) return -1;
  if (a === POS || b === NEG) return 1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareKeys(a[i] as Key, b[i] as Key);
      if (c !== 0) return c;
    }
    return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
  }
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

// SEMVER_RE, with Python's `\d` (any Unicode decimal digit) and `$` (also before a final newline).
const SEMVER = /^(0|[1-9]\p{Nd}*)\.(0|[1-9]\p{Nd}*)\.(0|[1-9]\p{Nd}*)(?:-((?:0|[1-9]\p{Nd}*|\p{Nd}*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\p{Nd}*|\p{Nd}*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?\n?$/u;

/** SemanticVersion's _cmp as a key: the core, then no pre-release above any, then the pre-release parts. */
export function semanticVersion(s: string): Key {
  const m = SEMVER.exec(s);
  if (!m) return typeError(`invalid semantic version '${s}'`);
  const core: Key = [Number(asciiDigits(m[1] as string)), Number(asciiDigits(m[2] as string)), Number(asciiDigits(m[3] as string))];
  if (m[4] === undefined) return [core, POS];
  // _Numeric (x.isdigit()) sorts below _Alpha; numbers by value, words by code point.
  const pre = m[4].split('.').map((x): Key => (/^\p{Nd}+$/u.test(x) ? [0, Number(asciiDigits(x))] : [1, x]));
  return [core, pre];
}

const PEP440 = new RegExp(
  '^\\s*v?(?:(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)' +
    '([-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?([0-9]+)?)?' +
    '((?:-([0-9]+))|(?:[-_.]?(post|rev|r)[-_.]?([0-9]+)?))?' +
    '([-_.]?(dev)[-_.]?([0-9]+)?)?)' +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$',
  'iu',
);

function letterVersion(letter: string | undefined, number: string | undefined): Key | undefined {
  if (letter) {
    let l = letter.toLowerCase();
    if (l === 'alpha') l = 'a';
    else if (l === 'beta') l = 'b';
    else if (l === 'c' || l === 'pre' || l === 'preview') l = 'rc';
    else if (l === 'rev' || l === 'r') l = 'post';
    return [l, Number(number ?? 0)];
  }
  if (number) return ['post', Number(number)];
  return undefined;
}

/** packaging.version.Version's _cmpkey. */
export function pep440Version(s: string): Key {
  const m = PEP440.exec(s);
  if (!m) return typeError(`Invalid version: '${s}'`);
  const epoch = m[1] ? Number(m[1]) : 0;
  const release = (m[2] as string).split('.').map(Number);
  while (release.length && release[release.length - 1] === 0) release.pop();
  const pre = letterVersion(m[4], m[5]);
  const post = letterVersion(m[8], m[7] ?? m[9]);
  const dev = letterVersion(m[11], m[12]);
  const local = m[13]?.split(/[._-]/).map((p): Key => (/^[0-9]+$/.test(p) ? [Number(p), ''] : [NEG, p.toLowerCase()]));
  const preKey: Key = pre === undefined && post === undefined && dev !== undefined ? NEG : pre ?? POS;
  return [epoch, release, preKey, post ?? NEG, dev ?? POS, local ?? NEG];
}
