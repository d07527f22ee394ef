/**
 * new-item-force-registry — `New-Item -Force` on a registry path.
 *
 * On the registry provider, Windows PowerShell 5.1's `New-Item -Force` does not "create if missing": when the key
 * exists it is deleted and created again, empty, so every value under it is lost. Test first
 * (`if (-not (Test-Path $key)) { New-Item $key | Out-Null }`) or use `[Microsoft.Win32.Registry]::...CreateSubKey()`,
 * which opens an existing key.
 *
 * A path counts as registry when the `-Path`/`-LiteralPath` (or first positional) argument is a literal starting
 * with HKLM:, HKCU:, HKCR:, HKU:, HKCC: or Registry::, or a variable whose name contains `Key` or `Reg` and which
 * is assigned such a literal in the file.
 */
import type { Node } from 'web-tree-sitter';
import { assignmentsIn, asVariable, commandInfo, literalText, param, switchOn, unwrap, varName } from './ast.ts';
import type { Rule, RuleContext, RuleHit } from './types.ts';

const REGISTRY = /^(HKLM|HKCU|HKCR|HKU|HKCC):|^(Microsoft\.PowerShell\.Core\\)?Registry::/i;
const SWITCHES = new Set(['force', 'whatif', 'confirm', 'usetransaction']);

export const newItemForceRegistry: Rule = {
  id: 'new-item-force-registry',
  summary: 'New-Item -Force on an existing registry key deletes and recreates it, dropping its values',
  check(ctx: RuleContext): RuleHit[] {
    const regVars = new Set<string>();
    for (const a of assignmentsIn(ctx.root).concat(ctx.root.descendantsOfType('function_statement').flatMap(assignmentsIn))) {
      if (a.target && /key|reg/i.test(a.target) && REGISTRY.test(literalText(a.value))) regVars.add(a.target);
    }
    const hits: RuleHit[] = [];
    for (const node of ctx.root.descendantsOfType('command')) {
      const cmd = commandInfo(node, SWITCHES);
      if (!/^(New-Item|ni)$/i.test(cmd.name)) continue;
      if (!switchOn(cmd, 'force', 2)) continue;
      const path: Node | null = param(cmd, 'path', 2).value ?? param(cmd, 'literalpath', 2).value ?? cmd.positionals[0] ?? null;
      if (!path) continue;
      const v = asVariable(path);
      const isReg = REGISTRY.test(literalText(unwrap(path))) || (v !== null && regVars.has(varName(v)));
      if (!isReg) continue;
      hits.push({
        node,
        message: `New-Item -Force on registry path ${path.text.trim()}: in Windows PowerShell 5.1 an existing key is deleted and recreated, losing all its values; create it only when missing: if (-not (Test-Path -LiteralPath <key>)) { New-Item -Path <key> | Out-Null }`,
      });
    }
    return hits;
  },
};
