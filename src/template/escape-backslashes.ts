/**
 * String literals as Jinja2 under Ansible reads them, rewritten so nunjucks' lexer yields the same text.
 *
 * Ansible's _escape_backslashes (ansible/template/__init__.py): inside `{{ }}`, backslashes in string literals
 * are doubled before Jinja2 reads them, so a playbook writes `regex_replace('\\d+', …)` once-escaped, as it
 * does outside the braces. Net effect: a string literal inside `{{ }}` keeps its backslashes literally. Ansible
 * does this only for templates containing `{{` (not for `when:` conditions, which it wraps in `{% if %}`).
 *
 * Every other literal (in `{% %}`, in a bare `when:` expression, or in any template without `{{`) goes through
 * Jinja2's own unescaping, Python's unicode-escape: `\n`, `\t`, `\\`, `\'`, `\x41`… are escapes, and a backslash
 * before any other character stays (`'^\d:'` is the regex `^\d:`). nunjucks instead drops every unknown
 * backslash (`\d` → `d`), so those literals are decoded here Python's way and re-encoded for nunjucks.
 */
const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** Escapes nunjucks reads as Python does; left as written. */
const SAME = new Set(['\\', "'", '"', 'n', 't', 'r']);

/** A literal's body (between the quotes) re-escaped so nunjucks yields Python's unicode-escape decoding. */
function pythonEscapes(body: string, quote: string): string {
  const put = (ch: string): string => (ch === '\\' || ch === quote ? `\\${ch}` : ch);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1] as string;
    if (SAME.has(n)) {
      out += c + n;
      i++;
      continue;
    }
    const simple = SIMPLE[n];
    if (simple !== undefined) {
      out += put(simple);
      i++;
      continue;
    }
    const rest = body.slice(i + 2);
    const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1));
    const hex = n === 'x' ? /^[0-9a-fA-F]{2}/.exec(rest) : n === 'u' ? /^[0-9a-fA-F]{4}/.exec(rest) : n === 'U' ? /^[0-9a-fA-F]{8}/.exec(rest) : null;
    if (oct) {
      out += put(String.fromCodePoint(parseInt(oct[0], 8)));
      i += oct[0].length;
    } else if (hex) {
      out += put(String.fromCodePoint(parseInt(hex[0], 16)));
      i += 1 + hex[0].length;
    } else {
      out += '\\\\'; // unknown escape: Python keeps the backslash; the next character follows as itself
    }
  }
  return out;
}

/** A `{` that opens a dict or set literal (not `{{`, `{%`, `{#`), or one right after `{{`. */
const OPEN_BRACE = /\{\{\{|(?<!\{)\{(?![{%#])/;

/**
 * Rewrites the string literals of every `{{ }}` and `{% %}` block (and the whole text when `bare`, which is then
 * `{{ expression }}`), and balances brackets as Jinja2's lexer does: inside an open `(`, `[` or `{`, a `}}` is two
 * `}` operators, not the end of the block (`{{ x | combine({'a': {'b': 1}}) }}`), where nunjucks would end the
 * expression there; such a `}}` is written `} }`, which both lexers read alike.
 */
export function jinjaStrings(tpl: string, bare = false): string {
  if (!tpl.includes('\\') && !OPEN_BRACE.test(tpl)) return tpl;
  const doubling = !bare && tpl.includes('{{');
  // The bare text's own `{{ … }}` wrapper is two levels of braces that its closing `}}` must still end.
  if (bare) return rewriteCode(tpl, 0, false, undefined, 2).out;
  let out = '';
  let i = 0;
  while (i < tpl.length) {
    const m = /\{\{|\{%|\{#/.exec(tpl.slice(i));
    if (!m) return out + tpl.slice(i);
    const start = i + m.index;
    if (m[0] === '{#') {
      const end = tpl.indexOf('#}', start + 2);
      const stop = end < 0 ? tpl.length : end + 2;
      out += tpl.slice(i, stop);
      i = stop;
      continue;
    }
    out += tpl.slice(i, start + 2);
    const isVar = m[0] === '{{';
    const r = rewriteCode(tpl, start + 2, isVar && doubling, isVar ? '}}' : '%}');
    out += r.out;
    i = r.end;
    // {% raw %} … {% endraw %}: the content is text, not code.
    if (!isVar && /^\s*-?\s*raw\s*-?\s*$/.test(tpl.slice(start + 2, r.end).replace(/[-+]?%\}$/, ''))) {
      const end = /\{%-?\s*endraw\s*-?%\}/.exec(tpl.slice(i));
      const stop = end ? i + end.index : tpl.length;
      out += tpl.slice(i, stop);
      i = stop;
    }
  }
  return out;
}

/**
 * Copies code from `from` up to and including `close` (or the end), rewriting quoted literals and splitting a `}}`
 * met inside brackets deeper than `base` (jinjaStrings).
 */
function rewriteCode(tpl: string, from: number, double: boolean, close?: string, base = 0): { out: string; end: number } {
  let out = '';
  let i = from;
  let depth = 0;
  while (i < tpl.length) {
    if (close !== undefined && depth === 0 && tpl.startsWith(close, i)) return { out: out + close, end: i + close.length };
    const c = tpl[i] as string;
    if (c !== "'" && c !== '"') {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
      out += c === '}' && depth > base && tpl[i + 1] === '}' ? '} ' : c;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < tpl.length && tpl[j] !== c) j += tpl[j] === '\\' ? 2 : 1;
    const body = tpl.slice(i + 1, Math.min(j, tpl.length));
    out += c + (double ? body.replace(/\\/g, '\\\\') : body.includes('\\') ? pythonEscapes(body, c) : body) + (j < tpl.length ? c : '');
    i = j + 1;
  }
  return { out, end: tpl.length };
}

/** Ansible's _escape_backslashes plus Jinja2's literal unescaping, for a template. */
export function escapeBackslashes(tpl: string): string {
  return jinjaStrings(tpl);
}
