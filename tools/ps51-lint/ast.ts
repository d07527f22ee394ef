// Small helpers over the tree-sitter-powershell AST shared by the rules.
import type { Node } from 'web-tree-sitter';

/** Node types that only wrap their single operand (the grammar's precedence ladder, pipelines of one element). */
const WRAPPERS = new Set([
  'pipeline', 'pipeline_chain', 'logical_expression', 'bitwise_expression', 'comparison_expression',
  'additive_expression', 'multiplicative_expression', 'format_expression', 'range_expression',
  'array_literal_expression', 'unary_expression', 'parenthesized_expression', 'statement_list',
  'script_block_body', 'sub_expression',
]);

export function namedKids(node: Node): Node[] {
  return node.namedChildren.filter((c) => c.type !== 'comment');
}

/** Descends through single-operand wrappers to the node that does the work (`(((@())))` → the array_expression). */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    if (!WRAPPERS.has(n.type)) return n;
    const kids = namedKids(n);
    if (kids.length !== 1 || !kids[0]) return n;
    n = kids[0];
  }
}

/** Every node of the subtree, depth first, the node itself included. */
export function* walk(node: Node): Generator<Node> {
  yield node;
  for (const c of node.children) if (c) yield* walk(c);
}

export function ancestors(node: Node): Node[] {
  const out: Node[] = [];
  for (let p = node.parent; p; p = p.parent) out.push(p);
  return out;
}

export function isInside(node: Node, types: Set<string> | string): boolean {
  const set = typeof types === 'string' ? new Set([types]) : types;
  return ancestors(node).some((a) => set.has(a.type));
}

/** The function a node belongs to, or the program when it is at script level. */
export function scopeOf(node: Node): Node {
  let last = node;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_statement') return p;
    last = p;
  }
  return last;
}

/** Nodes of a type in a scope, leaving out those that belong to nested functions. */
export function inScope(scope: Node, type: string): Node[] {
  return scope.descendantsOfType(type).filter((n) => scopeOf(n).id === scope.id);
}

export function functionName(fn: Node): string {
  return fn.namedChildren.find((c) => c.type === 'function_name')?.text ?? '';
}

/** `$Foo`, `${foo}`, `$script:foo`, `@foo` → `foo`. */
export function varName(node: Node): string {
  let t = node.text.trim();
  t = t.replace(/^[$@]/, '');
  if (t.startsWith('{') && t.endsWith('}')) t = t.slice(1, -1);
  t = t.replace(/^(script|global|local|private|using):/i, '');
  return t.toLowerCase();
}

/** The variable an expression is, after wrappers (`$x`, `($x)`), or null. */
export function asVariable(node: Node): Node | null {
  const n = unwrap(node);
  return n.type === 'variable' ? n : null;
}

export interface Assignment {
  node: Node;
  /** The assigned variable's normalised name, or null when the target is a member, an index or a list. */
  target: string | null;
  /** The left side as written (member and index targets included). */
  left: Node;
  /** The right side (a pipeline). */
  value: Node;
  operator: string;
  /** A type constraint on the left, e.g. `string[]` for `[string[]]$x = ...`. */
  typeConstraint: string | null;
}

export function assignment(node: Node): Assignment | null {
  if (node.type !== 'assignment_expression') return null;
  const left = node.namedChildren.find((c) => c.type === 'left_assignment_expression');
  const op = node.namedChildren.find((c) => c.type === 'assignement_operator');
  const value = op ? node.namedChildren.slice(node.namedChildren.indexOf(op) + 1).find((c) => c.type !== 'comment') : undefined;
  if (!left || !op || !value) return null;
  const target = unwrap(namedKids(left)[0] ?? left);
  let name: string | null = null;
  let typeConstraint: string | null = null;
  if (target.type === 'variable') name = varName(target);
  else if (target.type === 'expression_with_unary_operator' || target.type === 'cast_expression') {
    const cast = target.type === 'cast_expression' ? target : target.namedChildren.find((c) => c.type === 'cast_expression');
    const type = cast?.namedChildren.find((c) => c.type === 'type_literal');
    const operand = cast?.namedChildren.find((c) => c.type !== 'type_literal');
    if (type && operand && asVariable(operand)) {
      typeConstraint = type.text.slice(1, -1).replace(/\s+/g, '').toLowerCase();
      name = varName(asVariable(operand) as Node);
    }
  }
  return { node, target: name, left: target, value, operator: op.text.trim(), typeConstraint };
}

export function assignmentsIn(scope: Node): Assignment[] {
  return inScope(scope, 'assignment_expression').map(assignment).filter((a): a is Assignment => a !== null);
}

export interface CommandInfo {
  node: Node;
  /** The command name as written (`Start-Process`, `sc.exe`, `$exe` for `& $exe`). */
  name: string;
  /** The `&`/`.` operator, when there is one. */
  invocation: string | null;
  /** The name node (command_name, or the expression after `&`). */
  nameNode: Node | null;
  /** Lower-cased parameter name (without `-`) → its value node (null for a switch). */
  params: Map<string, Node | null>;
  /** The command_parameter nodes by lower-cased name. */
  paramNodes: Map<string, Node>;
  positionals: Node[];
  /** Every argument element in order (parameters, values, positionals), redirections excluded. */
  elements: Node[];
  redirections: Node[];
}

/**
 * The parts of a command. `switches` lists parameters that take no value, so the element after them is
 * positional; a parameter written `-Name:value` carries its value.
 */
export function commandInfo(node: Node, switches: ReadonlySet<string> = new Set()): CommandInfo {
  const inv = node.namedChildren.find((c) => c.type === 'command_invokation_operator');
  const nameNode = node.namedChildren.find((c) => c.type === 'command_name' || c.type === 'command_name_expr') ?? null;
  const elems = node.namedChildren.find((c) => c.type === 'command_elements');
  const kids = elems ? namedKids(elems).filter((c) => c.type !== 'command_argument_sep') : [];
  const params = new Map<string, Node | null>();
  const paramNodes = new Map<string, Node>();
  const positionals: Node[] = [];
  const redirections: Node[] = [];
  const elements: Node[] = [];
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i] as Node;
    if (k.type === 'redirection') { redirections.push(k); continue; }
    elements.push(k);
    if (k.type === 'command_parameter') {
      const m = /^-([A-Za-z_][\w-]*)(:)?/.exec(k.text);
      const pname = (m?.[1] ?? k.text.replace(/^-/, '')).toLowerCase();
      paramNodes.set(pname, k);
      if (m?.[2]) {
        params.set(pname, namedKids(k).at(-1) ?? null);
        continue;
      }
      const next = kids[i + 1];
      if (!switches.has(pname) && next && next.type !== 'command_parameter' && next.type !== 'redirection') {
        params.set(pname, next);
        elements.push(next);
        i++;
      }
      else params.set(pname, null);
      continue;
    }
    positionals.push(k);
  }
  return { node, name: nameNode ? nameNode.text.trim() : '', invocation: inv ? inv.text.trim() : null, nameNode, params, paramNodes, positionals, elements, redirections };
}

/** A parameter given by its full name or an unambiguous prefix of at least `min` characters. */
export function param(cmd: CommandInfo, full: string, min = 3): { present: boolean; value: Node | null } {
  const f = full.toLowerCase();
  for (const [k, v] of cmd.params) if (k === f || (k.length >= min && f.startsWith(k))) return { present: true, value: v };
  return { present: false, value: null };
}

/** A switch is on unless written `-Switch:$false`. */
export function switchOn(cmd: CommandInfo, full: string, min = 3): boolean {
  const p = param(cmd, full, min);
  if (!p.present) return false;
  return !(p.value && /^\$false$/i.test(p.value.text.trim()));
}

/** The commands of a pipeline node (or of the single command it is). */
export function pipelineCommands(node: Node): Node[] {
  const n = unwrap(node);
  if (n.type === 'command') return [n];
  if (n.type === 'pipeline' || n.type === 'pipeline_chain') {
    const chain = n.type === 'pipeline' ? namedKids(n).filter((c) => c.type === 'pipeline_chain') : [n];
    if (chain.length !== 1) return [];
    return namedKids(chain[0] as Node).filter((c) => c.type === 'command');
  }
  return [];
}

/** The string value of a literal argument: a bare word, or a quoted string without interpolation markers removed. */
export function literalText(node: Node): string {
  const n = unwrap(node);
  const t = n.text.trim();
  if (/^'.*'$/s.test(t) || /^".*"$/s.test(t)) return t.slice(1, -1);
  if (/^@'[\s\S]*'@$/.test(t) || /^@"[\s\S]*"@$/.test(t)) return t.replace(/^@['"]\r?\n?/, '').replace(/\r?\n?['"]@$/, '');
  return t;
}

/** Native executables run without an extension in module scripts. */
export const KNOWN_NATIVE = new Set([
  'sc', 'net', 'net1', 'cmd', 'shutdown', 'whoami', 'icacls', 'netsh', 'reg', 'schtasks', 'robocopy', 'msiexec',
  'dism', 'certutil', 'wevtutil', 'auditpol', 'secedit', 'takeown', 'setx', 'wmic', 'bcdedit', 'powershell', 'pwsh',
  'ntdsutil', 'cacls', 'runas', 'sqlcmd', 'psql',
]);

/** Whether a command name is a native executable: `x.exe`/`.com`/`.cmd`/`.bat` (a path too), or a well-known native. */
export function isNativeName(name: string): boolean {
  const bare = name.replace(/^['"]|['"]$/g, '');
  if (/\.(exe|com|cmd|bat)$/i.test(bare)) return true;
  const leaf = bare.split(/[\\/]/).at(-1) ?? bare;
  return KNOWN_NATIVE.has(leaf.toLowerCase());
}

/** 1-based position of a node. */
export function position(node: Node): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** The blocks of an if statement: then, each elseif, else. */
function branchBlocks(node: Node): Node[] {
  return node.namedChildren.flatMap((c) => {
    if (c.type === 'statement_block') return [c];
    if (['elseif_clauses', 'elseif_clause', 'else_clause'].includes(c.type)) return branchBlocks(c);
    return [];
  });
}

function lastOf(list: Node | undefined): Node[] {
  if (!list) return [];
  const last = namedKids(list).at(-1);
  if (!last) return [];
  if (last.type === 'if_statement') return branchBlocks(last).flatMap((b) => lastOf(b.namedChildren.find((c) => c.type === 'statement_list')));
  return last.type === 'pipeline' ? [last] : [];
}

/** What a function outputs implicitly: its last statement, or the last statement of each branch of a final `if`. */
export function lastOutputs(fn: Node): Node[] {
  const body = fn.namedChildren.find((c) => c.type === 'script_block')?.namedChildren.find((c) => c.type === 'script_block_body');
  return lastOf(body?.namedChildren.find((c) => c.type === 'statement_list'));
}

/** The values of a scope's `return` statements. */
export function returnValues(scope: Node): Array<{ statement: Node; value: Node }> {
  const out: Array<{ statement: Node; value: Node }> = [];
  for (const r of inScope(scope, 'flow_control_statement')) {
    if (!/^return\b/i.test(r.text)) continue;
    const value = namedKids(r).find((c) => c.type === 'pipeline');
    if (value) out.push({ statement: r, value });
  }
  return out;
}

/**
 * Whether a command runs a native executable: a native name (see isNativeName), or `& $var` where the variable
 * is not assigned a script block in the file.
 */
export function isNativeCommand(cmd: CommandInfo, root: Node): boolean {
  if (cmd.name && !cmd.name.startsWith('$') && !cmd.name.startsWith('(')) return isNativeName(cmd.name);
  if (cmd.invocation !== '&' || !cmd.nameNode) return false;
  const v = cmd.nameNode.descendantsOfType('variable')[0];
  if (!v || cmd.nameNode.text.trim() !== v.text.trim()) return false;
  const name = varName(v);
  if (/^(sb|scriptblock|block|script|action|callback)$|(block|sb)$/i.test(name)) return false;
  const all = [root, ...root.descendantsOfType('function_statement')].flatMap(assignmentsIn).filter((a) => a.target === name);
  return !all.some((a) => {
    const val = unwrap(a.value);
    return val.type === 'script_block_expression' || /\[scriptblock\]::create|Get-Command/i.test(a.value.text);
  });
}
