/**
 * provider-string-into-result — provider output stored in a result without converting it.
 *
 * `Get-Content` emits each line as a string decorated with note properties (PSPath, PSParentPath, PSChildName,
 * PSDrive, PSProvider, ReadCount); `Get-Item`/`Get-ChildItem`/`Get-ItemProperty` emit provider objects decorated
 * the same way. Windows PowerShell 5.1's `ConvertTo-Json` serialises those properties — a line becomes
 * `{"value": ..., "PSPath": ..., "PSDrive": {...}, ...}` and it walks the PSDrive/PSProvider graph (slow, deep,
 * sometimes failing) — where PowerShell 7 writes the plain string (PowerShell issue 6388). Convert before storing:
 * `[string[]](Get-Content ...)`, `[string](Get-Content -Raw ...)`, `-join`, `Out-String`, `.ToString()` or a
 * property (`(Get-Item $p).FullName`).
 *
 * Flow: an expression is provider output when it is a pipeline ending in one of those cmdlets (pass-through
 * `Where-Object`/`Sort-Object`/`Select-Object -First` included), `@(...)`/`(...)` around one, a variable assigned
 * from one (by name, per function plus the script level), or a call of a function of the same file whose output
 * is one. Flagged where such an expression becomes a hashtable entry, is assigned to a member or index
 * (`$result.lines = $lines`), or is returned/output at script level. Any cast, operator or member access counts as
 * a conversion. Limits: no flow through other files' functions, through `foreach` loop variables or
 * `ForEach-Object`.
 */
import type { Node } from 'web-tree-sitter';
import { assignmentsIn, asVariable, commandInfo, functionName, lastOutputs, namedKids, param, pipelineCommands, returnValues, scopeOf, unwrap, varName } from './ast.ts';
import type { Rule, RuleContext, RuleHit } from './types.ts';

const SOURCES: Array<[RegExp, string]> = [
  [/^(Get-Content|gc|cat|type)$/i, 'Get-Content'],
  [/^(Get-ChildItem|gci|ls|dir)$/i, 'Get-ChildItem'],
  [/^(Get-Item|gi)$/i, 'Get-Item'],
  [/^(Get-ItemProperty|gp)$/i, 'Get-ItemProperty'],
];
const PASS_THROUGH = /^(Where-Object|where|\?|Sort-Object|sort|Tee-Object|tee)$/i;

interface State {
  /** Function name (lower case) → the source it outputs. */
  functions: Map<string, string>;
  /** Scope node id → variable → source. */
  vars: Map<number, Map<string, string>>;
  root: Node;
}

function sourceOfCommand(cmdNode: Node, st: State): string | null {
  const cmd = commandInfo(cmdNode);
  for (const [re, label] of SOURCES) if (re.test(cmd.name)) return label;
  return st.functions.get(cmd.name.toLowerCase()) ?? null;
}

/** The provider cmdlet an expression's value comes from, unconverted; null when it is converted or unrelated. */
function sourceOf(expr: Node, scope: Node, st: State): string | null {
  const n = unwrap(expr);
  if (n.type === 'array_expression') {
    const inner = namedKids(n);
    return inner.length === 1 ? sourceOf(inner[0] as Node, scope, st) : null;
  }
  const v = asVariable(n);
  if (v) {
    const name = varName(v);
    return st.vars.get(scope.id)?.get(name) ?? st.vars.get(st.root.id)?.get(name) ?? null;
  }
  const cmds = pipelineCommands(n);
  if (cmds.length === 0) return null;
  for (let i = cmds.length - 1; i >= 1; i--) {
    const c = commandInfo(cmds[i] as Node);
    const selectPass = /^(Select-Object|select)$/i.test(c.name) && !param(c, 'property', 2).present && !param(c, 'expandproperty', 2).present && c.positionals.length === 0;
    if (!PASS_THROUGH.test(c.name) && !selectPass) return null;
  }
  return sourceOfCommand(cmds[0] as Node, st);
}

/** Statements a function outputs: its returns and its last statement(s). */
function outputs(fn: Node): Node[] {
  return [...returnValues(fn).map((r) => r.value), ...lastOutputs(fn)];
}

function analyse(root: Node): State {
  const st: State = { functions: new Map(), vars: new Map(), root };
  const fns = root.descendantsOfType('function_statement');
  const scopes = [root, ...fns];
  for (const s of scopes) st.vars.set(s.id, new Map());
  for (let round = 0; round < 5; round++) {
    let changed = false;
    for (const s of scopes) {
      const vars = st.vars.get(s.id) as Map<string, string>;
      for (const a of assignmentsIn(s)) {
        if (!a.target || a.typeConstraint || vars.has(a.target)) continue;
        const src = sourceOf(a.value, s, st);
        if (src) { vars.set(a.target, src); changed = true; }
      }
    }
    for (const fn of fns) {
      const name = functionName(fn).toLowerCase();
      if (st.functions.has(name)) continue;
      const src = outputs(fn).map((o) => sourceOf(o, fn, st)).find((x) => x !== null);
      if (src) { st.functions.set(name, src); changed = true; }
    }
    if (!changed) break;
  }
  return st;
}

function message(what: string, src: string): string {
  const fix = src === 'Get-Content' ? '[string[]](Get-Content ...), [string](Get-Content -Raw ...), -join or Out-String' : 'a [string] cast, .ToString() or the property you need (.FullName, .Name, ...)';
  return `${what} holds ${src} output without conversion: its PSPath/PSParentPath/PSChildName/PSDrive/PSProvider note properties go into the result, and Windows PowerShell 5.1's ConvertTo-Json serialises them (walking PSDrive/PSProvider) instead of the plain value (issue 6388); convert it first with ${fix}`;
}

export const providerStringIntoResult: Rule = {
  id: 'provider-string-into-result',
  summary: "provider output (Get-Content lines, items) in a result: 5.1's ConvertTo-Json serialises PSPath/PSDrive/PSProvider",
  check(ctx: RuleContext): RuleHit[] {
    const st = analyse(ctx.root);
    const hits: RuleHit[] = [];
    for (const entry of ctx.root.descendantsOfType('hash_entry')) {
      const value = entry.namedChildren.find((c) => c.type === 'pipeline');
      if (!value) continue;
      const src = sourceOf(value, scopeOf(entry), st);
      if (src) hits.push({ node: value, message: message(`hashtable entry ${entry.namedChildren[0]?.text.trim() ?? ''} = ${value.text.trim()}`, src) });
    }
    for (const scope of [ctx.root, ...ctx.root.descendantsOfType('function_statement')]) {
      for (const a of assignmentsIn(scope)) {
        if (a.target || (a.left.type !== 'member_access' && a.left.type !== 'element_access')) continue;
        const src = sourceOf(a.value, scope, st);
        if (src) hits.push({ node: a.node, message: message(`${a.left.text.trim()} = ${a.value.text.trim()}`, src) });
      }
    }
    for (const { statement, value } of returnValues(ctx.root)) {
      const src = sourceOf(value, ctx.root, st);
      if (src) hits.push({ node: statement, message: message(`the script's result ${value.text.trim()}`, src) });
    }
    return hits;
  },
};
