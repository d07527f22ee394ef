/**
 * The QRS filter language (D6) for what automation sends: `<property> <op> <value>` joined by `and` / `or`, in
 * optional parentheses; ops eq ne gt ge lt le sw ew so; strings in single quotes compared case-insensitively.
 * Dotted properties (`serverNodeConfiguration.hostName`) walk nested objects. An unparseable filter is a 400.
 */

type Pred = (e: Record<string, unknown>) => boolean;

export class FilterError extends Error {}

const TOKEN = /\s*(\(|\)|'(?:[^']|'')*'|[^\s()']+)/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) out.push(m[1] as string);
  if (text.slice(TOKEN.lastIndex).trim() !== '') throw new FilterError(`cannot parse filter near '${text.slice(TOKEN.lastIndex)}'`);
  return out;
}

function valueOf(e: Record<string, unknown>, path: string): unknown {
  let cur: unknown = e;
  for (const step of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const obj = cur as Record<string, unknown>;
    const key = Object.keys(obj).find((k) => k.toLowerCase() === step.toLowerCase());
    cur = key === undefined ? undefined : obj[key];
  }
  return cur;
}

function literal(tok: string): unknown {
  if (tok.startsWith("'")) return tok.slice(1, -1).replace(/''/g, "'");
  if (/^(true|false)$/i.test(tok)) return tok.toLowerCase() === 'true';
  if (/^-?\d+(\.\d+)?$/.test(tok)) return Number(tok);
  return tok; // enum names (Running) compare as strings
}

function compare(op: string, a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);
  const x = norm(a);
  const y = norm(b);
  switch (op.toLowerCase()) {
    case 'eq': return x === y;
    case 'ne': return x !== y;
    case 'sw': return typeof x === 'string' && typeof y === 'string' && x.startsWith(y);
    case 'ew': return typeof x === 'string' && typeof y === 'string' && x.endsWith(y);
    case 'so': return typeof x === 'string' && typeof y === 'string' && x.includes(y);
    case 'gt': return (x as number) > (y as number);
    case 'ge': return (x as number) >= (y as number);
    case 'lt': return (x as number) < (y as number);
    case 'le': return (x as number) <= (y as number);
    default: throw new FilterError(`unknown operator '${op}'`);
  }
}

export function parseFilter(text: string): Pred {
  const toks = tokenize(text);
  let i = 0;
  const peek = () => toks[i];
  const take = () => {
    const t = toks[i++];
    if (t === undefined) throw new FilterError('filter ends too early');
    return t;
  };
  const primary = (): Pred => {
    if (peek() === '(') {
      take();
      const p = orExpr();
      if (take() !== ')') throw new FilterError("missing ')'");
      return p;
    }
    const prop = take();
    const op = take();
    const val = literal(take());
    compare(op, '', ''); // reject unknown operators at parse time
    return (e) => compare(op, valueOf(e, prop), val);
  };
  const andExpr = (): Pred => {
    let left = primary();
    while (peek()?.toLowerCase() === 'and') {
      take();
      const l = left;
      const r = primary();
      left = (e) => l(e) && r(e);
    }
    return left;
  };
  const orExpr = (): Pred => {
    let left = andExpr();
    while (peek()?.toLowerCase() === 'or') {
      take();
      const l = left;
      const r = andExpr();
      left = (e) => l(e) || r(e);
    }
    return left;
  };
  const p = orExpr();
  if (i !== toks.length) throw new FilterError(`unexpected '${toks[i]}' in filter`);
  return p;
}
