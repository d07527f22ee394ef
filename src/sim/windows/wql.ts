/**
 * The WQL the simulator's Win32_Service query answers (Get-CimInstance / Get-WmiObject in users' scripts): a
 * `SELECT * | props FROM class [WHERE cond]` query or a bare `-Filter` condition, where a condition is comparisons
 * (`=`, `<>`, `!=`, `<`, `>`, `<=`, `>=`, `LIKE`, `IS [NOT] NULL`) of a property with a string, number or
 * TRUE/FALSE, joined by AND, OR, NOT and parentheses, as WMI's WQL has them (Microsoft Learn, "WQL (SQL for WMI)",
 * "WHERE Clause", "LIKE Operator": `%`, `_`, `[ ]`, `[^ ]`). Strings compare case-insensitively, as WMI compares
 * them. Anything else is WBEM_E_INVALID_QUERY (0x80041017), as WMI refuses it.
 */
export class WqlError extends Error {}

type Token = { kind: 'id' | 'str' | 'num' | 'op' | 'lp' | 'rp' | 'comma' | 'star'; text: string };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new WqlError('unterminated string');
      out.push({ kind: 'str', text: text.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['<>', '!=', '<=', '>='].includes(two)) { out.push({ kind: 'op', text: two }); i += 2; continue; }
    if ('=<>'.includes(c)) { out.push({ kind: 'op', text: c }); i++; continue; }
    if (c === '(') { out.push({ kind: 'lp', text: c }); i++; continue; }
    if (c === ')') { out.push({ kind: 'rp', text: c }); i++; continue; }
    if (c === ',') { out.push({ kind: 'comma', text: c }); i++; continue; }
    if (c === '*') { out.push({ kind: 'star', text: c }); i++; continue; }
    const num = /^-?\d+(\.\d+)?/.exec(text.slice(i));
    if (num) { out.push({ kind: 'num', text: num[0] }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!id) throw new WqlError(`unexpected '${c}'`);
    out.push({ kind: 'id', text: id[0] });
    i += id[0].length;
  }
  return out;
}

export type Row = Record<string, unknown>;
type Pred = (row: Row) => boolean;

function likeRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new WqlError('unterminated [');
      const body = pattern.slice(i + 1, end);
      re += body.startsWith('^') ? `[^${body.slice(1).replace(/[\\\]]/g, '\\$&')}]` : `[${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = end;
    } else re += c.replace(/[.*+?^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

function field(row: Row, name: string): unknown {
  const key = Object.keys(row).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) throw new WqlError(`no property ${name}`);
  return row[key];
}

function compare(a: unknown, op: string, b: string | number | boolean): boolean {
  if (a === null || a === undefined) return false;
  let x: string | number | boolean = a as string | number | boolean;
  let y = b;
  if (typeof x === 'string' && typeof y === 'string') { x = x.toLowerCase(); y = y.toLowerCase(); }
  if (typeof x === 'boolean' && typeof y === 'number') y = y !== 0;
  switch (op) {
    case '=': return x === y;
    case '<>': case '!=': return x !== y;
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    default: throw new WqlError(`operator ${op}`);
  }
}

class Parser {
  private i = 0;
  constructor(private readonly t: Token[]) {}
  peekWord(w: string): boolean {
    const k = this.t[this.i];
    return k?.kind === 'id' && k.text.toUpperCase() === w;
  }
  next(): Token {
    const k = this.t[this.i++];
    if (!k) throw new WqlError('unexpected end');
    return k;
  }
  done(): boolean {
    return this.i >= this.t.length;
  }
  expectWord(w: string): void {
    if (!this.peekWord(w)) throw new WqlError(`expected ${w}`);
    this.i++;
  }
  or(): Pred {
    let p = this.and();
    while (this.peekWord('OR')) { this.i++; const l = p, r = this.and(); p = (row) => l(row) || r(row); }
    return p;
  }
  and(): Pred {
    let p = this.not();
    while (this.peekWord('AND')) { this.i++; const l = p, r = this.not(); p = (row) => l(row) && r(row); }
    return p;
  }
  not(): Pred {
    if (this.peekWord('NOT')) { this.i++; const p = this.not(); return (row) => !p(row); }
    if (this.t[this.i]?.kind === 'lp') {
      this.i++;
      const p = this.or();
      if (this.next().kind !== 'rp') throw new WqlError('expected )');
      return p;
    }
    return this.comparison();
  }
  literal(): string | number | boolean {
    const k = this.next();
    if (k.kind === 'str') return k.text;
    if (k.kind === 'num') return Number(k.text);
    if (k.kind === 'id' && /^(TRUE|FALSE)$/i.test(k.text)) return k.text.toUpperCase() === 'TRUE';
    throw new WqlError(`expected a value, found ${k.text}`);
  }
  comparison(): Pred {
    const name = this.next();
    if (name.kind !== 'id') throw new WqlError(`expected a property, found ${name.text}`);
    if (this.peekWord('IS')) {
      this.i++;
      const negate = this.peekWord('NOT');
      if (negate) this.i++;
      this.expectWord('NULL');
      return (row) => (field(row, name.text) === null || field(row, name.text) === undefined) !== negate;
    }
    const negate = this.peekWord('NOT');
    if (negate) this.i++;
    if (this.peekWord('LIKE')) {
      this.i++;
      const v = this.literal();
      if (typeof v !== 'string') throw new WqlError('LIKE needs a string');
      const re = likeRegExp(v);
      return (row) => re.test(String(field(row, name.text) ?? '')) !== negate;
    }
    if (negate) throw new WqlError('NOT before an operator');
    const op = this.next();
    if (op.kind !== 'op') throw new WqlError(`expected an operator, found ${op.text}`);
    const v = this.literal();
    return (row) => compare(field(row, name.text), op.text, v);
  }
}

export interface WqlQuery {
  className: string;
  /** The selected properties; undefined for `*`. */
  properties?: string[];
  where?: string;
}

/** `SELECT … FROM class [WHERE …]`. */
export function parseSelect(text: string): WqlQuery {
  const p = new Parser(tokenize(text));
  p.expectWord('SELECT');
  let properties: string[] | undefined = [];
  for (;;) {
    const k = p.next();
    if (k.kind === 'star') properties = undefined;
    else if (k.kind === 'id' && properties) properties.push(k.text);
    else throw new WqlError('bad property list');
    if (p.peekWord('FROM')) break;
    if (p.next().kind !== 'comma') throw new WqlError('expected ,');
  }
  p.expectWord('FROM');
  const cls = p.next();
  if (cls.kind !== 'id') throw new WqlError('expected a class');
  const rest = text.replace(/^[\s\S]*?\bFROM\s+[A-Za-z_][A-Za-z0-9_]*/i, '').trim();
  if (rest !== '' && !/^WHERE\b/i.test(rest)) throw new WqlError('expected WHERE');
  return { className: cls.text, ...(properties ? { properties } : {}), ...(rest ? { where: rest.replace(/^WHERE\s*/i, '') } : {}) };
}

/** The rows a WHERE condition keeps; a property the class lacks is an invalid query, as WMI says. */
export function filterRows(rows: Row[], where: string | undefined): Row[] {
  if (where === undefined || where.trim() === '') return rows;
  const p = new Parser(tokenize(where));
  const pred = p.or();
  if (!p.done()) throw new WqlError('trailing text');
  // WMI checks the names against the class even when no instance exists.
  const probe = rows[0];
  if (probe) pred(probe);
  return rows.filter(pred);
}
