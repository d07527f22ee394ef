/**
 * shallow-inner-exception — `.InnerException` read once instead of walking the chain.
 *
 * Windows errors arrive wrapped several levels deep: a failed `ServiceController.Start()` called from PowerShell
 * is a MethodInvocationException around an InvalidOperationException around the Win32Exception (1069, "The
 * service did not start due to a logon failure"); CIM and ADSI errors nest similarly. One `.InnerException` lands
 * on a wrapper, so `-is [ComponentModel.Win32Exception]` tests fail and messages are the generic ones. Walk to
 * the bottom: `$e = $_.Exception; while ($e.InnerException) { $e = $e.InnerException }`, or
 * `$_.Exception.GetBaseException()`.
 *
 * Flagged: a `.InnerException` member access outside any loop (while/do/for/foreach), once per line. Not
 * flagged: the one-level unwrap of a .NET method call's MethodInvocationException,
 * `if ($e.InnerException) { $e = $e.InnerException }`, when the function (or script) then uses only the message —
 * that is, never tests for Win32Exception or reads NativeErrorCode/ErrorCode/HResult.
 */
import type { Node } from 'web-tree-sitter';
import { ancestors, isInside, scopeOf } from './ast.ts';
import type { Rule, RuleContext, RuleHit } from './types.ts';

const LOOPS = new Set(['while_statement', 'do_statement', 'for_statement', 'foreach_statement']);

/** `if (<...InnerException...>) { $e = $e.InnerException }` around the access, in a scope that wants only messages. */
function messageOnlyUnwrap(m: Node): boolean {
  const ifs = ancestors(m).find((a) => a.type === 'if_statement');
  if (!ifs) return false;
  const cond = ifs.namedChildren.find((c) => c.type === 'pipeline');
  const block = ifs.namedChildren.find((c) => c.type === 'statement_block');
  if (!cond || !block || !/InnerException/i.test(cond.text) || !/^\{\s*\$\w+\s*=\s*\$\w+\.InnerException\s*;?\s*\}$/i.test(block.text)) return false;
  return !/Win32Exception|NativeErrorCode|\.ErrorCode\b|HResult/i.test(scopeOf(m).text);
}

export const shallowInnerException: Rule = {
  id: 'shallow-inner-exception',
  summary: '.InnerException read once: the Win32 error sits deeper (walk the chain or GetBaseException())',
  check(ctx: RuleContext): RuleHit[] {
    const hits: RuleHit[] = [];
    const lines = new Set<number>();
    for (const m of ctx.root.descendantsOfType('member_access')) {
      const name = m.namedChildren.find((c) => c.type === 'member_name');
      if (!name || name.text.trim().toLowerCase() !== 'innerexception') continue;
      if (isInside(m, LOOPS) || messageOnlyUnwrap(m)) continue;
      // `$a.InnerException.InnerException`: report the outermost access only.
      if (m.parent?.type === 'member_access' && m.parent.namedChildren[0]?.id === m.id
        && m.parent.namedChildren.find((c) => c.type === 'member_name')?.text.trim().toLowerCase() === 'innerexception') continue;
      if (lines.has(m.startPosition.row)) continue;
      lines.add(m.startPosition.row);
      hits.push({
        node: m,
        message: `${m.text.trim()} looks one level down only (Windows PowerShell 5.1 and .NET Framework wrap the error): a ServiceController/CIM/ADSI failure nests the Win32Exception (e.g. 1069 logon failure) two or three InnerExceptions deep, so type tests and messages see a wrapper; walk the chain: $e = $_.Exception; while ($e.InnerException) { $e = $e.InnerException } (or .GetBaseException())`,
      });
    }
    return hits;
  },
};
