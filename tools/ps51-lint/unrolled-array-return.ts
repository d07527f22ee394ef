/**
 * unrolled-array-return — a function returns an array without the unary comma.
 *
 * PowerShell writes a function's output to the pipeline element by element, so an array does not survive a
 * `return`: `@()` arrives as `$null`, a one-element array as its only element (a `[string[]]` becomes a
 * `[string]`, a `[byte[]]` a `[byte]`). Windows PowerShell 5.1 and 7 behave alike here; the trap bites on real
 * hosts because arguments and registry data there are the ones with zero or one element. `return ,$value` writes
 * the array as one object.
 *
 * Heuristic (what is flagged):
 *  - `return X` where X is, after parentheses, `@(...)` (not a literal list of two or more elements), a cast to an
 *    array type (`[string[]]$x`, `[byte[]]@(...)`), or a variable that the same function assigns from one of those
 *    (or declares as `[T[]]$x`);
 *  - in a function whose name ends in `Arg`/`Args` (argument readers), `return $obj.Member` and
 *    `return $obj[...]`: the value came from JSON and may be an array (`services: []` → `$null`). A returned
 *    parameter (`return $Default`) is not flagged: the caller chose it and wraps the call in `@(...)`;
 *  - the function's last statement (or the last statement of each branch of a final `if`) when it is an
 *    array-producing expression as above and the same file calls the function without wrapping the call in
 *    `@(...)` or an array cast (`@()` alone is always flagged).
 * Limits: flow is per function and by variable name only (no aliasing, no data flow through other functions);
 * an implicit last output of a helper whose callers live in other files is not flagged; a `return` of a command's
 * output (`return Get-Thing`) is not inspected.
 */
import type { Node } from 'web-tree-sitter';
import { assignmentsIn, asVariable, functionName, lastOutputs, namedKids, returnValues, unwrap, varName } from './ast.ts';
import type { Rule, RuleContext, RuleHit } from './types.ts';

const FIX = 'PowerShell unrolls arrays written to the pipeline (5.1 and 7 alike, but real hosts are where they have 0 or 1 element); write `return ,$value` (or `,$value` as the last output) so the array is returned as one object';

function isArrayType(typeLiteral: Node): boolean {
  return /\[\s*\]\s*\]$/.test(typeLiteral.text.trim());
}

/** An expression whose value is an array that the pipeline would unroll, or null. */
function arrayKind(expr: Node, arrayVars: Set<string>): string | null {
  const n = unwrap(expr);
  if (n.type === 'array_expression') {
    const inner = namedKids(n);
    if (inner.length === 0) return 'an empty array `@()` (it arrives as $null)';
    const only = inner.length === 1 ? unwrap(inner[0] as Node) : null;
    if (only && only.type === 'array_literal_expression' && namedKids(only).length >= 2) return null;
    return 'an `@(...)` array (empty becomes $null, one element becomes a scalar)';
  }
  if (n.type === 'expression_with_unary_operator') {
    if (n.children[0]?.type === ',') return null;
    const cast = namedKids(n).find((c) => c.type === 'cast_expression');
    if (cast) return arrayKind(cast, arrayVars);
  }
  if (n.type === 'cast_expression') {
    const type = n.namedChildren.find((c) => c.type === 'type_literal');
    if (type && isArrayType(type)) return `a ${type.text.trim()} array (empty becomes $null, one element becomes a scalar)`;
  }
  const v = asVariable(n);
  if (v && arrayVars.has(varName(v))) return `$${varName(v)}, an array built in this function (empty becomes $null, one element becomes a scalar)`;
  return null;
}

function arrayVariables(fn: Node): Set<string> {
  const out = new Set<string>();
  const none = new Set<string>();
  for (const a of assignmentsIn(fn)) {
    if (!a.target) continue;
    if (a.typeConstraint?.endsWith('[]')) out.add(a.target);
    else if (a.operator === '=' && arrayKind(a.value, none)) out.add(a.target);
  }
  return out;
}

/** Calls of `name` in the file, and whether each is wrapped in `@(...)` or an array cast. */
function callsUnwrapped(root: Node, name: string): boolean {
  const lower = name.toLowerCase();
  for (const c of root.descendantsOfType('command_name')) {
    if (c.text.trim().toLowerCase() !== lower) continue;
    let p = c.parent?.parent ?? null;
    let wrapped = false;
    for (; p; p = p.parent) {
      if (p.type === 'array_expression') { wrapped = true; break; }
      if (p.type === 'cast_expression') {
        const t = p.namedChildren.find((k) => k.type === 'type_literal');
        if (t && isArrayType(t)) { wrapped = true; break; }
      }
      if (['statement_block', 'script_block', 'function_statement', 'hash_entry', 'assignment_expression'].includes(p.type)) break;
    }
    if (!wrapped) return true;
  }
  return false;
}

export const unrolledArrayReturn: Rule = {
  id: 'unrolled-array-return',
  summary: 'an array returned without the unary comma is unrolled: @() becomes $null, one element a scalar',
  check(ctx: RuleContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const fn of ctx.root.descendantsOfType('function_statement')) {
      const name = functionName(fn);
      const arrays = arrayVariables(fn);
      const argReader = /Args?$/.test(name);
      for (const { statement: ret, value } of returnValues(fn)) {
        const kind = arrayKind(value, arrays);
        if (kind) {
          hits.push({ node: ret, message: `\`${ret.text.trim()}\` in ${name} returns ${kind}; ${FIX}` });
          continue;
        }
        if (argReader) {
          const n = unwrap(value);
          if (n.type === 'member_access' || n.type === 'element_access') {
            hits.push({
              node: ret,
              message: `\`${ret.text.trim()}\` in ${name} returns an argument value that may be an array: PowerShell unrolls it, so \`[]\` arrives as $null and \`[x]\` as x; write \`return ,${n.text.trim()}\``,
            });
          }
        }
      }
      // One finding per function for its implicit output (each branch of a final `if` would repeat it).
      for (const out of lastOutputs(fn)) {
        const kind = arrayKind(out, arrays);
        if (!kind) continue;
        const empty = unwrap(out).type === 'array_expression' && namedKids(unwrap(out)).length === 0;
        if (!empty && !callsUnwrapped(ctx.root, name)) continue;
        hits.push({ node: out, message: `${name} outputs ${kind} as its last statement${empty ? '' : ' and this file calls it without @(...)'}; ${FIX}` });
        break;
      }
    }
    return hits;
  },
};
