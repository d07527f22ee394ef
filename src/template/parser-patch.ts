/**
 * Jinja2 syntax nunjucks' parser lacks, added where playbooks use it (Jinja2's parser.py is the reference):
 * - `item.0`, `item.0.key`: a dot followed by an integer is a subscript (Jinja2 parse_subscript);
 * - slices `s[1:3]`, `s[:7]`, `s[::-1]` (parse_subscript / parse_subscribed) — compiled to env.wb.slice;
 * - a test's single argument without parentheses, `x is contains y`, `n is divisibleby 3` (parse_test);
 * - a loop filter, `{% for u in users if u.admin %}` (parse_for): the items are filtered before the loop, so
 *   `loop.index` and `loop.length` count the kept items, as in Jinja2.
 * nunjucks is only used through src/template/environment.ts, so patching its Parser prototype once is contained.
 */
import nunjucks from 'nunjucks';
import { BIG_INT_REASON } from './big-int.ts';

interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}
type NodeCtor = new (lineno: number, colno: number, ...fields: unknown[]) => NodeLike;
interface NodeLike {
  lineno: number;
  colno: number;
  typename?: string;
  children?: unknown[];
  addChild?(n: unknown): void;
  [k: string]: unknown;
}
interface ParserThis {
  peekToken(): Token;
  nextToken(): Token;
  pushToken(t: Token): void;
  skip(type: string): boolean;
  skipSymbol(name: string): boolean;
  fail(msg: string, lineno?: number, colno?: number): never;
  parseExpression(): NodeLike;
  parseOr(): NodeLike;
  parsePrimary(noPostfix?: boolean): NodeLike;
  parseCompare(): NodeLike;
  parseSignature(): NodeLike;
  parsePostfix(node: NodeLike): NodeLike;
  advanceAfterBlockEnd(name?: string): void;
  parseUntilBlocks(...names: string[]): NodeLike;
}
type ParseFn = (this: ParserThis, ...args: never[]) => NodeLike;

// The parser and node classes are not in @types/nunjucks; this is the one place their shape is assumed.
const lib = nunjucks as unknown as {
  parser: { Parser: { prototype: Record<string, ParseFn> } };
  nodes: Record<'Literal' | 'LookupVal' | 'Symbol' | 'NodeList' | 'Is' | 'Not' | 'For' | 'Array', NodeCtor> & {
    FunCall: NodeCtor & { extend(name: string, def: { fields: string[] }): NodeCtor };
  };
};
const Parser = lib.parser.Parser;
const N = lib.nodes;

// Both extend FunCall so the compiler's expression type check accepts them; they compile by their own names
// (compileWbSlice via compileLookupVal, compileWbLoopFilter) in compiler-patch.ts.
/** `[start:stop:step]` — each part a node or null. */
export const Slice = N.FunCall.extend('WbSlice', { fields: ['start', 'stop', 'step'] });
/** The iterable of a `{% for … if cond %}`: `arr` filtered by `cond` with the loop names bound. */
export const LoopFilter = N.FunCall.extend('WbLoopFilter', { fields: ['arr', 'name', 'cond'] });

const T = { LPAREN: 'left-paren', LBRACKET: 'left-bracket', RBRACKET: 'right-bracket', LCURLY: 'left-curly', COLON: 'colon', OP: 'operator', SYMBOL: 'symbol', STRING: 'string', INT: 'int', FLOAT: 'float', BOOL: 'boolean', NONE: 'none' };

function literal(tok: Token, value: unknown): NodeLike {
  return new N.Literal(tok.lineno, tok.colno, value);
}

/** After `[`: an index or a slice, up to and including `]`. */
function subscript(p: ParserThis, target: NodeLike, open: Token): NodeLike {
  const parts: (NodeLike | null)[] = [];
  let colons = 0;
  const atEnd = () => [T.COLON, T.RBRACKET].includes(p.peekToken().type);
  parts.push(atEnd() ? null : p.parseExpression());
  while (colons < 2 && p.skip(T.COLON)) {
    colons++;
    parts.push(atEnd() ? null : p.parseExpression());
  }
  if (!p.skip(T.RBRACKET)) p.fail('expected ] after a subscript', open.lineno, open.colno);
  if (colons === 0) {
    if (parts[0] === null) p.fail('an empty subscript []', open.lineno, open.colno);
    return new N.LookupVal(open.lineno, open.colno, target, parts[0]);
  }
  const [start, stop, step] = [parts[0] ?? null, parts[1] ?? null, parts[2] ?? null];
  return new N.LookupVal(open.lineno, open.colno, target, new Slice(open.lineno, open.colno, start, stop, step));
}

const originalPrimary = Parser.prototype.parsePrimary as (this: ParserThis, noPostfix?: boolean) => NodeLike;

const patches: Record<string, ParseFn> = {
  // A float literal stays a Python float when whole (`5.0`, `1e3`, `1.5e3`: the lexer has no exponents, so `1e3`
  // comes as a name and `1.5e3` as `1.5` then `e3`); compiler-patch.ts compiles the mark.
  parsePrimary(this: ParserThis, noPostfix?: boolean): NodeLike {
    const tok = this.peekToken();
    if (tok?.type === T.INT && !Number.isSafeInteger(Number(tok.value))) {
      this.fail(`the integer ${tok.value}: ${BIG_INT_REASON}`, tok.lineno, tok.colno);
    }
    const exponentName = tok?.type === T.SYMBOL && /^\d+[eE]\d*$/.test(tok.value);
    if (!tok || (tok.type !== T.FLOAT && !exponentName)) return originalPrimary.call(this, noPostfix);
    this.nextToken();
    let text = tok.value;
    let end = tok.colno + tok.value.length;
    // The next token, taken only when it starts right where the literal so far ends.
    const adjacent = (test: (t: Token) => boolean): Token | undefined => {
      const t = this.peekToken();
      if (!t || t.lineno !== tok.lineno || t.colno !== end || !test(t)) return undefined;
      this.nextToken();
      text += t.value;
      end += t.value.length;
      return t;
    };
    if (tok.type === T.FLOAT) adjacent((t) => t.type === T.SYMBOL && /^[eE]\d*$/.test(t.value));
    // `1e-7`, `1.5E+3`: the lexer gives the sign and the exponent's digits as tokens of their own.
    if (/[eE]$/.test(text)) {
      if (!adjacent((t) => t.type === T.OP && (t.value === '-' || t.value === '+')) || !adjacent((t) => t.type === T.INT)) {
        if (tok.type === T.SYMBOL && text === tok.value) {
          // A name such as `1e` alone (`x.1e`), as nunjucks reads it.
          const name = new N.Symbol(tok.lineno, tok.colno, tok.value);
          return noPostfix ? name : this.parsePostfix(name);
        }
        this.fail(`invalid float literal ${text}`, tok.lineno, tok.colno);
      }
    }
    const node = literal(tok, Number(text));
    node.wbFloat = true;
    return noPostfix ? node : this.parsePostfix(node);
  },

  parsePostfix(this: ParserThis, start: NodeLike): NodeLike {
    let node = start;
    for (let tok = this.peekToken(); tok; tok = this.peekToken()) {
      if (tok.type === T.LPAREN) {
        node = new N.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
      } else if (tok.type === T.LBRACKET) {
        this.nextToken();
        node = subscript(this, node, tok);
      } else if (tok.type === T.OP && tok.value === '.') {
        this.nextToken();
        const val = this.nextToken();
        if (val.type === T.SYMBOL) node = new N.LookupVal(tok.lineno, tok.colno, node, literal(val, val.value));
        else if (val.type === T.INT) node = new N.LookupVal(tok.lineno, tok.colno, node, literal(val, Number(val.value)));
        else if (val.type === T.FLOAT && /^\d+\.\d*$/.test(val.value)) {
          // The lexer reads `item.0.key` as item . `0.` key, and `item.0.1` as item . `0.1`: each number a subscript.
          const [a, b] = val.value.split('.') as [string, string];
          node = new N.LookupVal(tok.lineno, tok.colno, node, literal(val, Number(a)));
          if (b !== '') node = new N.LookupVal(tok.lineno, tok.colno, node, literal(val, Number(b)));
          else {
            const next = this.nextToken();
            if (next.type === T.SYMBOL) node = new N.LookupVal(next.lineno, next.colno, node, literal(next, next.value));
            else if (next.type === T.INT) node = new N.LookupVal(next.lineno, next.colno, node, literal(next, Number(next.value)));
            else this.fail(`expected a name or a number after '.', got ${next.value}`, next.lineno, next.colno);
          }
        } else this.fail(`expected name as lookup value, got ${val.value}`, val.lineno, val.colno);
      } else break;
    }
    return node;
  },

  parseIs(this: ParserThis): NodeLike {
    let node = this.parseCompare();
    if (!this.skipSymbol('is')) return node;
    const not = this.skipSymbol('not');
    const nameTok = this.nextToken();
    // `none`, `true` and `false` lex as literals; as test names they are names.
    if (![T.SYMBOL, T.NONE, T.BOOL].includes(nameTok.type)) this.fail(`expected a test name after 'is', got ${nameTok.value}`, nameTok.lineno, nameTok.colno);
    let name = nameTok.value;
    // `is ansible.builtin.match(…)`: a dotted test name.
    while (this.peekToken().type === T.OP && this.peekToken().value === '.') {
      this.nextToken();
      name += `.${this.nextToken().value}`;
    }
    let test: NodeLike = new N.Symbol(nameTok.lineno, nameTok.colno, name);
    const next = this.peekToken();
    if (next.type === T.LPAREN) test = new N.FunCall(next.lineno, next.colno, test, this.parseSignature());
    else if (
      [T.SYMBOL, T.STRING, T.INT, T.FLOAT, T.LPAREN, T.LBRACKET, T.LCURLY, T.BOOL, T.NONE].includes(next.type) &&
      !(next.type === T.SYMBOL && ['else', 'or', 'and'].includes(next.value))
    ) {
      if (next.type === T.SYMBOL && next.value === 'is') this.fail('You cannot chain multiple tests with is', next.lineno, next.colno);
      const args = new N.NodeList(next.lineno, next.colno);
      args.addChild?.(this.parsePrimary());
      test = new N.FunCall(next.lineno, next.colno, test, args);
    }
    node = new N.Is(node.lineno, node.colno, node, test);
    return not ? new N.Not(node.lineno, node.colno, node) : node;
  },

  parseFor(this: ParserThis): NodeLike {
    const forTok = this.peekToken();
    if (!this.skipSymbol('for')) this.fail('expected for', forTok.lineno, forTok.colno);
    const node = new N.For(forTok.lineno, forTok.colno);
    let name = this.parsePrimary();
    if (name.typename !== 'Symbol') this.fail('parseFor: variable name expected for loop');
    if (this.peekToken().type === 'comma') {
      const names = new N.Array(name.lineno, name.colno);
      names.addChild?.(name);
      while (this.skip('comma')) names.addChild?.(this.parsePrimary());
      name = names;
    }
    node.name = name;
    if (!this.skipSymbol('in')) this.fail('parseFor: expected "in" keyword for loop', forTok.lineno, forTok.colno);
    // Jinja2 parses the iterable without a conditional expression, so a trailing `if` filters the items.
    let arr = this.parseOr();
    if (this.skipSymbol('if')) arr = new LoopFilter(arr.lineno, arr.colno, arr, name, this.parseExpression());
    if (this.peekToken().type === T.SYMBOL && this.peekToken().value === 'recursive') {
      const t = this.peekToken();
      this.fail('recursive loops are not supported', t.lineno, t.colno);
    }
    node.arr = arr;
    this.advanceAfterBlockEnd(forTok.value);
    node.body = this.parseUntilBlocks('endfor', 'else');
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      node.else_ = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return node;
  },
};

let applied = false;

/** Installs the patches once per process. */
export function patchParser(): void {
  if (applied) return;
  applied = true;
  Object.assign(Parser.prototype, patches);
}
