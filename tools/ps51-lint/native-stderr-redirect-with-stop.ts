/**
 * native-stderr-redirect-with-stop — `2>&1` on a native command while `$ErrorActionPreference = 'Stop'`.
 *
 * In Windows PowerShell 5.1 a native command's stderr, once redirected into PowerShell with `2>&1`, arrives as
 * ErrorRecords (NativeCommandError); under `$ErrorActionPreference = 'Stop'` the first stderr line is a
 * terminating error. The command's exit code is never looked at, and the `if ($LASTEXITCODE -eq ...)` branches
 * after it are unreachable exactly when they matter. PowerShell 7.2+ does not apply the preference to stderr, so
 * tests under pwsh pass. Fix: run the command with `$ErrorActionPreference = 'Continue'` around it (and restore it),
 * or redirect stderr to a file, or use System.Diagnostics.Process (module-utils/run-process.ps1).
 *
 * In effect: the last `$ErrorActionPreference = ...` before the command in its function, else at script level
 * (any script-level assignment counts for a function), else the lint option assumeErrorActionStop (on for module
 * scripts under src/modules/, which the agent runs in a child scope of its own `Stop`).
 */
import type { Node } from 'web-tree-sitter';
import { assignmentsIn, commandInfo, isNativeCommand, scopeOf } from './ast.ts';
import type { Rule, RuleContext, RuleHit } from './types.ts';

/** The `$ErrorActionPreference` value in effect at `node`: true for Stop. */
export function stopInEffect(node: Node, ctx: RuleContext): boolean {
  const eap = (scope: Node) => assignmentsIn(scope).filter((a) => a.target === 'erroractionpreference');
  const isStop = (a: { value: Node }) => /\bstop\b/i.test(a.value.text) && !/silentlycontinue/i.test(a.value.text);
  const scope = scopeOf(node);
  const before = (list: ReturnType<typeof eap>) => list.filter((a) => a.node.startIndex < node.startIndex).at(-1);
  if (scope.type === 'function_statement') {
    const own = before(eap(scope));
    if (own) return isStop(own);
    const script = eap(ctx.root).at(-1);
    if (script) return isStop(script);
    return ctx.options.assumeErrorActionStop;
  }
  const last = before(eap(ctx.root));
  return last ? isStop(last) : ctx.options.assumeErrorActionStop;
}

export const nativeStderrRedirectWithStop: Rule = {
  id: 'native-stderr-redirect-with-stop',
  summary: "2>&1 on a native command under $ErrorActionPreference='Stop': 5.1 throws on the first stderr line",
  check(ctx: RuleContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const node of ctx.root.descendantsOfType('command')) {
      const cmd = commandInfo(node);
      const redirect = cmd.redirections.find((r) => /^[2*]>&1$/.test(r.text.trim()));
      if (!redirect || !isNativeCommand(cmd, ctx.root) || !stopInEffect(node, ctx)) continue;
      hits.push({
        node: redirect,
        message: `${cmd.name} ... ${redirect.text.trim()} under $ErrorActionPreference = 'Stop': in Windows PowerShell 5.1 the first line the command writes to stderr becomes a terminating NativeCommandError, so $LASTEXITCODE checks after it never run; set $ErrorActionPreference = 'Continue' around the call (restore it after) or capture stderr another way (System.Diagnostics.Process)`,
      });
    }
    return hits;
  },
};
