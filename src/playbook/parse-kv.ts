/**
 * Ansible's split_args + parse_kv for free-form task arguments (`name=Spooler state="started"`): split on
 * whitespace outside quotes and outside `{{ }}`/`{% %}`/`{# #}`, decode each token's backslash escapes as Python's
 * unicode-escape does (ansible-core 2.14 parsing/splitter.py), then split each `k=v` on its first `=` and unquote
 * the value. Every token keeps its offset in the text so errors can point at the exact argument.
 */
import { decodeEscapes } from './decode-escapes.ts';

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

/** Tokens separated by whitespace (`ansibleSeparators`: spaces and newlines only, as split_args splits). */
export function splitArgs(text: string, ansibleSeparators = false): KvToken[] {
  const isSep = ansibleSeparators ? (c: string) => c === ' ' || c === '\n' : (c: string) => /\s/.test(c);
  const tokens: KvToken[] = [];
  let cur = '';
  let start = -1;
  let quote: string | undefined;
  const jinja: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const two = text.slice(i, i + 2);
    if (!quote && jinja.length === 0 && isSep(c)) {
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

/** ansible.parsing.quoting.unquote: strip one pair of matching quotes unless the closing one is escaped. */
function unquote(v: string): string {
  const q = v[0];
  if (v.length > 1 && (q === '"' || q === "'") && v.endsWith(q) && v[v.length - 2] !== '\\') return v.slice(1, -1);
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

/** `k=v` with its escapes decoded, or undefined for a free-form word. Throws EscapeError (see decode-escapes.ts). */
function keyValue(token: string): [string, string] | undefined {
  const x = decodeEscapes(token);
  const eq = equalsAt(x);
  const key = eq > 0 ? x.slice(0, eq) : '';
  return eq > 0 && /^[A-Za-z_][\w-]*$/.test(key) ? [key, unquote(x.slice(eq + 1))] : undefined;
}

export function parseKv(text: string): ParsedKv {
  const out: ParsedKv = { params: {}, offsets: {}, raw: [] };
  for (const tok of splitArgs(text)) {
    const kv = keyValue(tok.text);
    if (kv) {
      out.params[kv[0]] = kv[1];
      out.offsets[kv[0]] = tok.offset;
    } else {
      out.raw.push(tok);
    }
  }
  return out;
}

/** The options parse_kv(check_raw=True) takes out of a command module's free form (splitter.py's own list). */
export const COMMAND_OPTIONS = ['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends'];

export interface FreeForm extends Omit<ParsedKv, 'raw'> {
  /** The words left, joined as ansible-core joins them; undefined when none are left. */
  raw?: string;
}

/**
 * A free-form module's text as ansible-core 2.14 reads it: `k=v` tokens become options (with `only`, just those
 * keys; the rest stay words), the words are joined back keeping the whitespace that followed each word, except after
 * the last word when an option came after it. Leading whitespace is dropped.
 */
export function parseFreeForm(text: string, only?: readonly string[]): FreeForm {
  const out: FreeForm = { params: {}, offsets: {} };
  const tokens = splitArgs(text, true);
  const words: { tok: KvToken; after: string; last: boolean }[] = [];
  tokens.forEach((tok, i) => {
    const kv = keyValue(tok.text);
    if (kv && (!only || only.includes(kv[0]))) {
      out.params[kv[0]] = kv[1];
      out.offsets[kv[0]] = tok.offset;
      return;
    }
    const next = tokens[i + 1];
    words.push({ tok, after: text.slice(tok.offset + tok.text.length, next ? next.offset : text.length), last: !next });
  });
  if (words.length > 0) out.raw = words.map((w, i) => w.tok.text + (i < words.length - 1 || w.last ? w.after : '')).join('');
  return out;
}
