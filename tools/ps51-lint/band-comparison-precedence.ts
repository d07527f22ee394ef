/**
 * band-comparison-precedence — `-band`/`-bor`/`-bxor` next to a comparison without parentheses.
 *
 * In PowerShell's grammar the comparison operators bind tighter than the bitwise ones, so
 * `$r -band $mask -eq $mask` is `$r -band ($mask -eq $mask)` — `$r -band $true`, i.e. `$r -band 1` — and
 * `$a -eq $b -band 4` is `($a -eq $b) -band 4`. Both are almost never what was meant. Parenthesise the bitwise
 * part: `($r -band $mask) -eq $mask`.
 */
import type { Node } from 'web-tree-sitter';
import { namedKids } from './ast.ts';
import type { Rule, RuleContext, RuleHit } from './types.ts';

const BITWISE = /^-(band|bor|bxor)$/i;
const COMPARISON = /^-[ic]?(eq|ne|gt|lt|ge|le)$/i;

/** The comparison operator of an unparenthesised operand, following single-operand wrappers. */
function bareComparison(operand: Node): Node | null {
  let n: Node | undefined = operand;
  while (n) {
    if (n.type === 'comparison_expression') {
      const op = n.namedChildren.find((c) => c.type === 'comparison_operator');
      if (op && COMPARISON.test(op.text.trim())) return op;
    }
    if (n.type !== 'bitwise_expression' && n.type !== 'comparison_expression') return null;
    const kids = namedKids(n);
    if (kids.length !== 1) return null;
    n = kids[0];
  }
  return null;
}

export const bandComparisonPrecedence: Rule = {
  id: 'band-comparison-precedence',
  summary: 'comparison binds tighter than -band/-bor/-bxor: $r -band $m -eq $m is $r -band ($m -eq $m)',
  check(ctx: RuleContext): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const node of ctx.root.descendantsOfType('bitwise_expression')) {
      const op = node.children.find((c) => !c.isNamed && BITWISE.test(c.text.trim()));
      if (!op) continue;
      const operands = namedKids(node);
      const cmp = operands.map(bareComparison).find((c): c is Node => c !== null);
      if (!cmp) continue;
      const bit = op.text.trim();
      hits.push({
        node,
        message: `\`${node.text.replace(/\s+/g, ' ').trim()}\` mixes ${bit} with ${cmp.text.trim()} without parentheses: in PowerShell (5.1 and 7) ${cmp.text.trim()} binds tighter, so it is evaluated first and ${bit} applies to its $true/$false; parenthesise the bitwise part, e.g. ($value ${bit} $mask) ${cmp.text.trim()} $mask`,
      });
    }
    return hits;
  },
};
