// ps51-lint: the Windows PowerShell 5.1 traps that pwsh 7 forgives, found on the tree-sitter AST.
// docs/ps51-lint.md describes each rule; `# ps51-lint-disable-next-line <rule>[, <rule>] -- reason` above a line
// suppresses that rule's findings on it (the reason is required).
import type { Node } from 'web-tree-sitter';
import { bandComparisonPrecedence } from './band-comparison-precedence.ts';
import { nativeStderrRedirectWithStop } from './native-stderr-redirect-with-stop.ts';
import { newItemForceRegistry } from './new-item-force-registry.ts';
import { parsePowerShell } from './parser.ts';
import { providerStringIntoResult } from './provider-string-into-result.ts';
import { ps7OnlySyntax } from './ps7-only-syntax.ts';
import { secretOnNativeCommandLine } from './secret-on-native-command-line.ts';
import { shallowInnerException } from './shallow-inner-exception.ts';
import { startProcessExitCode } from './start-process-exitcode.ts';
import type { Finding, LintOptions, Rule, RuleContext } from './types.ts';
import { unrolledArrayReturn } from './unrolled-array-return.ts';

export type { Finding, LintOptions, Rule } from './types.ts';

export const RULES: readonly Rule[] = [
  unrolledArrayReturn,
  newItemForceRegistry,
  bandComparisonPrecedence,
  startProcessExitCode,
  providerStringIntoResult,
  nativeStderrRedirectWithStop,
  secretOnNativeCommandLine,
  shallowInnerException,
  ps7OnlySyntax,
];

/** Rule id for a malformed suppression comment (unknown rule, or no `-- reason`). */
export const DIRECTIVE_RULE = 'invalid-suppression';

const DIRECTIVE = /#\s*ps51-lint-disable-next-line\b(.*)$/;

/** Module scripts run inside the agent, which sets $ErrorActionPreference = 'Stop' for them. */
function defaultOptions(file: string): Required<LintOptions> {
  return { assumeErrorActionStop: /(^|[\\/])src[\\/]modules[\\/]/.test(file) };
}

/** Where a node's first non-blank character is (ERROR tokens start with the whitespace before them). */
function startOf(node: Node): { line: number; column: number } {
  const lead = /^\s*/.exec(node.text)?.[0] ?? '';
  const nl = lead.lastIndexOf('\n');
  if (nl < 0) return { line: node.startPosition.row + 1, column: node.startPosition.column + lead.length + 1 };
  return { line: node.startPosition.row + 1 + (lead.match(/\n/g)?.length ?? 0), column: lead.length - nl };
}

interface Suppression { line: number; rules: Set<string> }

function suppressions(root: Node, file: string, findings: Finding[]): Suppression[] {
  const out: Suppression[] = [];
  const known = new Set(RULES.map((r) => r.id));
  for (const c of root.descendantsOfType('comment')) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const line = c.startPosition.row + 1;
    const [ruleText = '', reason] = (m[1] ?? '').split(/\s--\s?/, 2);
    const rules = ruleText.split(/[,\s]+/).filter(Boolean);
    const where = { file, line, column: c.startPosition.column + 1, rule: DIRECTIVE_RULE };
    const unknown = rules.filter((r) => !known.has(r));
    if (rules.length === 0 || unknown.length > 0) {
      findings.push({ ...where, message: `ps51-lint-disable-next-line needs known rule ids${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}; rules: ${[...known].join(', ')}` });
      continue;
    }
    if (!reason || !reason.trim()) {
      findings.push({ ...where, message: `ps51-lint-disable-next-line ${rules.join(', ')} needs a reason: # ps51-lint-disable-next-line ${rules.join(', ')} -- why this is safe here` });
      continue;
    }
    out.push({ line: c.endPosition.row + 2, rules: new Set(rules) });
  }
  return out;
}

/** Lints one PowerShell script; findings sorted by position. */
export function lintPowerShell(source: string, file: string, options: LintOptions = {}): Finding[] {
  const root = parsePowerShell(source);
  const ctx: RuleContext = { file, source, root, options: { ...defaultOptions(file), ...options } };
  const directiveFindings: Finding[] = [];
  const sup = suppressions(root, file, directiveFindings);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    for (const hit of rule.check(ctx)) {
      const { line, column } = startOf(hit.node);
      const key = `${rule.id}:${line}:${column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (sup.some((s) => s.line === line && s.rules.has(rule.id))) continue;
      findings.push({ file, line, column, rule: rule.id, message: hit.message });
    }
  }
  return [...findings, ...directiveFindings].sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.rule}: ${f.message}`;
}
