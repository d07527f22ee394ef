/**
 * Python's `unicode-escape` decoding of backslash sequences, as ansible-core 2.14's parse_kv applies it to every
 * `k=v` token before splitting (parsing/splitter.py _decode_escapes): `path=C:\temp` is `C:<TAB>emp` there, and
 * `path=C:\\temp` is `C:\temp`; `\x` not followed by two hex digits is left alone. A sequence Python cannot decode
 * (`\U` past U+10FFFF) or one we cannot decode honestly (`\N{name}` needs Unicode's name table) is reported, so the
 * caller refuses instead of guessing.
 */

const SEQUENCE = /\\U[0-9A-Fa-f]{8}|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\\N\{[^}]+\}|\\[\\'"abfnrtv]/g;
const SINGLE: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

export class EscapeError extends Error {
  constructor(readonly sequence: string) {
    super(`cannot decode the escape sequence '${sequence}'`);
  }
}

function hex(seq: string, digits: string): string {
  const cp = parseInt(digits, 16);
  if (cp > 0x10ffff) throw new EscapeError(seq);
  return String.fromCodePoint(cp);
}

function decodeOne(seq: string): string {
  const kind = seq[1] as string;
  if (kind === 'U' || kind === 'u' || kind === 'x') return hex(seq, seq.slice(2));
  if (kind === 'N') throw new EscapeError(seq);
  return SINGLE[kind] as string;
}

/** The text with every escape sequence decoded as Python's unicode-escape codec decodes it. */
export function decodeEscapes(text: string): string {
  return text.includes('\\') ? text.replace(SEQUENCE, decodeOne) : text;
}
