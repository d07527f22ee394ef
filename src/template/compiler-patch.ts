/**
 * nunjucks compiles expressions to plain JS operators, which get Python wrong in ways playbooks notice:
 * `[]` is truthy, `==` compares lists by reference, `+` concatenates lists into strings, `{{ true }}` prints
 * `true`, and a missing variable is silently `undefined`. We patch the compiler so those nodes call the
 * helpers on `env.wb` (attached to our one Environment) instead. nunjucks is only used through
 * src/template/environment.ts, so patching its Compiler prototype once is contained.
 */
import nunjucks from 'nunjucks';

interface CompilerNode {
  [k: string]: unknown;
}
interface CompilerThis {
  _tmpid(): string;
  _emit(code: string): void;
  _emitLine(code: string): void;
  compile(node: unknown, frame: unknown): void;
  _compileExpression(node: unknown, frame: unknown): void;
  _withScopedSyntax(fn: () => void): void;
  compileLiteral(node: unknown, frame: unknown): void;
  buffer: string;
}
interface FrameLike {
  lookup(name: string): string | undefined;
  push(): FrameLike;
  set(name: string, v: string): void;
}
type CompileFn = (this: CompilerThis, node: CompilerNode, frame: FrameLike) => void;

// The compiler class is not in @types/nunjucks; this is the one place its shape is assumed.
const Compiler = (nunjucks as unknown as { compiler: { Compiler: { prototype: Record<string, CompileFn> } } }).compiler
  .Compiler;
const TemplateData = (nunjucks as unknown as { nodes: { TemplateData: new () => object } }).nodes.TemplateData;

const originalPair = Compiler.prototype.compilePair as CompileFn;
const originalKeywordArgs = Compiler.prototype.compileKeywordArgs as CompileFn;
const originalLiteral = Compiler.prototype.compileLiteral as CompileFn;
const originalDict = Compiler.prototype.compileDict as CompileFn;
const originalFor = Compiler.prototype.compileFor as CompileFn;
let inKeywordArgs = false;

function binary(helper: string): CompileFn {
  return function (node, frame) {
    this._emit(`env.wb.${helper}(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
}

const patches: Record<string, CompileFn> = {
  compileSymbol(node, frame) {
    const name = node.value as string;
    const local = frame.lookup(name);
    if (local) this._emit(local);
    else this._emit(`env.wb.lookup(context, frame, ${JSON.stringify(name)})`);
  },
  compileLookupVal(node, frame) {
    const val = node.val as CompilerNode;
    if (val.typename === 'WbSlice') {
      // Python's s[start:stop:step] (parser-patch.ts); a missing part is None.
      this._emit('env.wb.slice((');
      this._compileExpression(node.target, frame);
      for (const part of [val.start, val.stop, val.step]) {
        this._emit('), (');
        if (part === null) this._emit('null');
        else this._compileExpression(part, frame);
      }
      this._emit('))');
      return;
    }
    this._emit('env.wb.member((');
    this._compileExpression(node.target, frame);
    this._emit('),');
    this._compileExpression(node.val, frame);
    this._emit(')');
  },
  compileNot(node, frame) {
    this._emit('!env.wb.truthy(');
    this.compile(node.target, frame);
    this._emit(')');
  },
  // Python's `a or b` / `a and b` return an operand, chosen by Python truthiness; b stays lazy.
  compileOr(node, frame) {
    this._emit('env.wb.or(');
    this.compile(node.left, frame);
    this._emit(', () => (');
    this.compile(node.right, frame);
    this._emit('))');
  },
  compileAnd(node, frame) {
    this._emit('env.wb.and(');
    this.compile(node.left, frame);
    this._emit(', () => (');
    this.compile(node.right, frame);
    this._emit('))');
  },
  compileInlineIf(node, frame) {
    this._emit('(env.wb.truthy(');
    this.compile(node.cond, frame);
    this._emit(') ? ');
    this.compile(node.body, frame);
    this._emit(' : ');
    if (node.else_ !== null) this.compile(node.else_, frame);
    else this._emit('undefined');
    this._emit(')');
  },
  compileIf(node, frame) {
    this._emit('if(env.wb.truthy(');
    this._compileExpression(node.cond, frame);
    this._emitLine(')) {');
    this._withScopedSyntax(() => this.compile(node.body, frame));
    if (node.else_) {
      this._emitLine('}\nelse {');
      this._withScopedSyntax(() => this.compile(node.else_, frame));
    }
    this._emitLine('}');
  },
  compileCompare(node, frame) {
    // `a < b < c` is `a < b and b < c` in Python.
    const ops = node.ops as { type: string; expr: unknown }[];
    let left: unknown = node.expr;
    this._emit('(true');
    for (const op of ops) {
      this._emit(` && env.wb.compare(`);
      this.compile(left, frame);
      this._emit(`, ${JSON.stringify(op.type)}, `);
      this.compile(op.expr, frame);
      this._emit(')');
      left = op.expr;
    }
    this._emit(')');
  },
  // `{% for u in users if u.admin %}` (parser-patch.ts): the items kept, the condition seeing the loop names.
  compileWbLoopFilter(node, frame) {
    const item = this._tmpid();
    const inner = frame.push();
    const names = node.name as { typename: string; value?: string; children?: { value: string }[] };
    this._emit(`env.wb.loopFilter((`);
    this._compileExpression(node.arr, frame);
    this._emit(`), function(${item}) { `);
    if (names.typename === 'Symbol') inner.set(String(names.value), item);
    else {
      (names.children ?? []).forEach((child, i) => {
        const id = this._tmpid();
        this._emit(`var ${id} = env.wb.member(${item}, ${i}); `);
        inner.set(child.value, id);
      });
    }
    this._emit('return env.wb.truthy(');
    this._compileExpression(node.cond, inner);
    this._emit('); })');
  },
  // nunjucks compiles a test's argument list without commas, so `v is version('1.2', '>=')` was a JS syntax error.
  compileIs(node, frame) {
    const right = node.right as { name?: { value: string }; value?: string; args?: { children: unknown[] } };
    const name = (right.name ? right.name.value : String(right.value)).replace(/^ansible\.builtin\./, '');
    this._emit(`env.getTest(${JSON.stringify(name)}).call(context, `);
    this.compile(node.left, frame);
    for (const arg of right.args?.children ?? []) {
      this._emit(', ');
      this.compile(arg, frame);
    }
    this._emit(') === true');
  },
  // Jinja2: a dict literal's key is an expression — `{ some_var: 1 }` is keyed by some_var's value, not 'some_var'.
  compilePair(node, frame) {
    if (inKeywordArgs) {
      // The keyword's name; a dict literal inside its value has expression keys again.
      inKeywordArgs = false;
      try {
        originalPair.call(this, node, frame);
      } finally {
        inKeywordArgs = true;
      }
      return;
    }
    this._emit('[env.wb.dictKey(');
    this.compile(node.key, frame);
    this._emit(')]: ');
    this._compileExpression(node.value, frame);
  },
  // A dict literal keeps the order its keys are written in, as a Python dict does: a JS object literal would put
  // integer-like keys ('10', '2') first. Keyword arguments (below) stay nunjucks' own object literal.
  compileDict(node, frame) {
    if (inKeywordArgs) {
      originalDict.call(this, node, frame);
      return;
    }
    this._emit('env.wb.dictLiteral([');
    (node.children as CompilerNode[]).forEach((pair, i) => {
      if (i > 0) this._emit(', ');
      this._emit('[env.wb.dictKey(');
      this.compile(pair.key, frame);
      this._emit('), ');
      this._compileExpression(pair.value, frame);
      this._emit(']');
    });
    this._emit('])');
  },
  // `{% for a, b in xs %}` unpacks each item as Python does: nunjucks takes item[0] and item[1] of whatever the item
  // is, so a 3-letter dict key or a 3-element list would bind its first two silently where Jinja2 raises.
  compileFor(node, frame) {
    const targets = node.name as CompilerNode | undefined;
    const children = targets?.children as unknown[] | undefined;
    if (!Array.isArray(children)) {
      originalFor.call(this, node, frame);
      return;
    }
    const expression = this._compileExpression;
    this._compileExpression = function (this: CompilerThis, expr, f) {
      if (expr !== node.arr) return expression.call(this, expr, f);
      this._emit('env.wb.unpackEach(');
      expression.call(this, expr, f);
      this._emit(`, ${children.length})`);
    };
    try {
      originalFor.call(this, node, frame);
    } finally {
      this._compileExpression = expression;
    }
  },
  // nunjucks compiles `f(attribute='x')` keyword arguments as a dict literal: there the key is a name.
  compileKeywordArgs(node, frame) {
    inKeywordArgs = true;
    try {
      originalKeywordArgs.call(this, node, frame);
    } finally {
      inKeywordArgs = false;
    }
  },
  compileIn: binary('in'),
  compileAdd: binary('add'),
  compileMul: binary('mul'),
  // Python's numbers: `/` is a float, `//` floors, `%` takes the divisor's sign (or formats a str), a float operand
  // makes a float (py-float.ts), and a division by zero is an error rather than Infinity.
  compileSub: binary('sub'),
  compileDiv: binary('div'),
  compileFloorDiv: binary('floordiv'),
  compileMod: binary('mod'),
  compilePow: binary('pow'),
  compileNeg(node, frame) {
    this._emit('env.wb.neg(');
    this.compile(node.target, frame);
    this._emit(')');
  },
  compilePos(node, frame) {
    this._emit('env.wb.pos(');
    this.compile(node.target, frame);
    this._emit(')');
  },
  // `(1, 2)` is a Python tuple (nunjucks would compile a JS comma expression, giving 2).
  compileGroup(node, frame) {
    const children = node.children as unknown[];
    if (children.length === 1) {
      this._emit('(');
      this.compile(children[0], frame);
      this._emit(')');
      return;
    }
    this._emit('env.wb.tuple([');
    children.forEach((child, i) => {
      if (i > 0) this._emit(', ');
      this.compile(child, frame);
    });
    this._emit('])');
  },
  // A float literal (`5.0`, `1e3`; parser-patch.ts marks it) is a Python float even when whole.
  compileLiteral(node, frame) {
    if (node.wbFloat === true) this._emit(`env.wb.float(${String(node.value)})`);
    else originalLiteral.call(this, node, frame);
  },
  compileConcat: binary('concat'),
  compileOutput(node, frame) {
    for (const child of node.children as object[]) {
      if (child instanceof TemplateData) {
        if ((child as { value: string }).value) {
          this._emit(`${this.buffer} += `);
          this.compileLiteral(child, frame);
          this._emitLine(`; env.wb.grew(${this.buffer});`);
        }
      } else {
        this._emit(`${this.buffer} += env.wb.output(context, `);
        this.compile(child, frame);
        this._emitLine(`); env.wb.grew(${this.buffer});`);
      }
    }
  },
};

// Every `{% for %}` iteration (all loop shapes emit their bindings once per iteration) counts against the render's
// budget (budget.ts): nunjucks itself has no timeout.
const emitLoopBindings = Compiler.prototype._emitLoopBindings as unknown as (this: CompilerThis, ...args: unknown[]) => void;
(patches as Record<string, unknown>)._emitLoopBindings = function (this: CompilerThis, ...args: unknown[]): void {
  emitLoopBindings.apply(this, args);
  this._emitLine('env.wb.tick();');
};

let applied = false;

/** Installs the patches once per process. */
export function patchCompiler(): void {
  if (applied) return;
  applied = true;
  Object.assign(Compiler.prototype, patches);
}
