/**
 * ps7-only-syntax — syntax Windows PowerShell 5.1 does not have.
 *
 * `??`, `??=`, the `? :` ternary, `&&`/`||` pipeline chains, `?.`/`?[]` null-conditional access, the `clean {}`
 * block and `ForEach-Object -Parallel` all came with PowerShell 7.x. 5.1 rejects the script at parse time (the
 * whole module fails before it runs), or — for `$x?.Name`, where `x?` is a legal 5.1 variable name — silently
 * reads a different, unset variable; `-Parallel` is "a parameter cannot be found". Write the 5.1 form:
 * `if ($null -eq $a) { $b } else { $a }`, `if (...) { } else { }`, `cmd1; if ($?) { cmd2 }`, an explicit `$null`
 * test, an `end {}`/`finally` block, a plain `ForEach-Object` or runspaces.
 *
 * How it is found: tree-sitter-powershell does not know the 7.x operators either; `?`, `??`, `?.` and `?[` show up
 * as ERROR tokens, which are classified by the character after them; `&&`/`||` parse as pipeline_chain_tail
 * nodes; `clean` after a named block shows up as an ERROR holding the word `clean`. Strings and comments are
 * their own nodes and never reach these checks.
 */
import type { Node } from 'web-tree-sitter';
import { commandInfo, switchOn, walk } from './ast.ts';
import type { Rule, RuleContext, RuleHit } from './types.ts';

function classify(source: string, token: Node): [string, string] | null {
  const t = token.text.trim();
  const end = token.endIndex;
  const next = source.slice(end, end + 1);
  if (t === '??') {
    if (next === '=') return ['??=', "write if ($null -eq $x) { $x = ... }"];
    return ['??', 'write if ($null -ne $a) { $a } else { $b }'];
  }
  if (t === '?') {
    if (next === '.') return ['?.', 'test for $null first: if ($null -ne $x) { $x.Member }'];
    if (next === '[') return ['?[]', 'test for $null first: if ($null -ne $x) { $x[0] }'];
    return ['?: (ternary)', 'write $v = if (cond) { a } else { b }'];
  }
  return null;
}

export const ps7OnlySyntax: Rule = {
  id: 'ps7-only-syntax',
  summary: 'PowerShell 7-only syntax (??, ?:, &&, ||, ?., clean {}, -Parallel) that 5.1 rejects',
  check(ctx: RuleContext): RuleHit[] {
    const hits: RuleHit[] = [];
    const seen = new Set<number>();
    const push = (node: Node, what: string, fix: string, rejected = true) => {
      if (seen.has(node.startIndex)) return;
      seen.add(node.startIndex);
      hits.push({ node, message: `${what} is PowerShell 7 syntax: Windows PowerShell 5.1 ${rejected ? 'rejects the whole script with a parse error' : 'does not support it'}; ${fix}` });
    };
    for (const n of walk(ctx.root)) {
      if (n.type === 'comment' || n.type === 'string_literal') continue;
      if (n.isError && n.childCount === 0) {
        const c = classify(ctx.source, n);
        if (c) {
          // Position the finding on the operator itself, not the whitespace the ERROR token starts with.
          const [what, fix] = c;
          push(n, `\`${what}\``, what === '?.' || what === '?[]' ? `${fix} (in 5.1 \`$x?\` is a different variable, so this silently reads $null)` : fix);
        }
      }
      if (n.isError && n.childCount > 0) {
        const kids = n.children;
        const clean = kids.find((k, i) => k.type === 'simple_name' && k.text.trim().toLowerCase() === 'clean' && i > 0 && kids[i - 1]?.type === 'named_block');
        if (clean) push(clean, 'the `clean {}` block', 'use end {} with try/finally');
      }
      if (n.type === 'pipeline_chain_tail') {
        const op = n.text.trim();
        push(n, `the \`${op}\` pipeline chain operator`, op === '&&' ? 'write cmd1; if ($?) { cmd2 }' : 'write cmd1; if (-not $?) { cmd2 }');
      }
      if (n.type === 'command') {
        const cmd = commandInfo(n);
        if (/^(ForEach-Object|foreach|%)$/i.test(cmd.name) && switchOn(cmd, 'parallel', 2)) {
          push(cmd.paramNodes.get([...cmd.paramNodes.keys()].find((k) => 'parallel'.startsWith(k)) ?? 'parallel') ?? n, '`ForEach-Object -Parallel`', 'use a plain ForEach-Object or runspaces ([powershell]::Create())', false);
        }
      }
    }
    return hits;
  },
};
