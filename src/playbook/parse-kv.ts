/**
 * Ansible's split_args + parse_kv for free-form task arguments (`name=Spooler state="started"`): split on
 * whitespace outside quotes and outside `{{ }}`/`{% %}`/`{# #}`, then split each `k=v` on its first `=` and
 * unquote the value. Every token keeps its offset in the text so errors can point at the exact argument.
 */

export interface KvToken {
  text: string;
  /** Offset of the token in the argument string. */
  offset: number;
}

export interface ParsedKv {
  /** `k=v` pairs, values unquoted; later duplicates win as in Ansible. */
  params: Record<string, string>;
  /** Offset of each key in the argument string. */
  offsets: Record<string, number>;
  /** Tokens that are not `k=v` (free-form words). */
  raw: KvToken[];
}

const JINJA_OPEN: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };

export function splitArgs(text: string): KvToken[] {
  const tokens: KvToken[] = [];
  let cur = '';
  let start = -1;
  let quote: string | undefined;
  const jinja: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const two = text.slice(i, i + 2);
    if (!quote && jinja.length === 0 && /\s/.test(c)) {
      if (start >= 0) tokens.push({ text: cur, offset: start });
      cur = '';
      start = -1;
      continue;
    }
    if (start < 0) start = i;
    if (c === '\\' && i + 1 < text.length) {
      cur += two;
      i++;
      continue;
    }
    const close = JINJA_OPEN[two];
    if (close) {
      jinja.push(close);
      cur += two;
      i++;
      continue;
    }
    if (jinja.length > 0 && two === jinja[jinja.length - 1]) {
      jinja.pop();
      cur += two;
      i++;
      continue;
    }
    if (jinja.length === 0 && (c === '"' || c === "'")) {
      if (!quote) quote = c;
      else if (quote === c) quote = undefined;
    }
    cur += c;
  }
  if (start >= 0) tokens.push({ text: cur, offset: start });
  return tokens;
}

function unquote(v: string): string {
  const q = v[0];
  if (v.length >= 2 && (q === '"' || q === "'") && v.endsWith(q)) {
    return v.slice(1, -1).replace(/\\(["'\\])/g, '$1');
  }
  return v;
}

/** The index of the first `=` outside quotes and not escaped, or -1. */
function equalsAt(token: string): number {
  let quote: string | undefined;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{' && (token[i + 1] === '{' || token[i + 1] === '%')) return -1;
    if (c === '"' || c === "'") quote = quote === c ? undefined : (quote ?? c);
    if (c === '=' && !quote) return i;
  }
  return -1;
}

export function parseKv(text: string): ParsedKv {
  const out: ParsedKv = { params: {}, offsets: {}, raw: [] };
  for (const tok of splitArgs(text)) {
    const eq = equalsAt(tok.text);
    const key = eq > 0 ? tok.text.slice(0, eq) : '';
    if (eq > 0 && /^[A-Za-z_][\w-]*$/.test(key)) {
      out.params[key] = unquote(tok.text.slice(eq + 1));
      out.offsets[key] = tok.offset;
    } else {
      out.raw.push(tok);
    }
  }
  return out;
}
