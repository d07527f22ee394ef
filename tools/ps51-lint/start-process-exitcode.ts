/**
 * start-process-exitcode — `.ExitCode` of a `Start-Process -PassThru` process whose `.Handle` is never read.
 *
 * Windows PowerShell 5.1 (PowerShell issue 5421): the Process object `Start-Process -PassThru` returns does not
 * keep the process handle open, so once the process has exited `.ExitCode` is `$null` — reliably so with
 * `-NoNewWindow` or redirected output. Reading `.Handle` once right after the start caches the handle and makes
 * `.ExitCode` work: `$proc = Start-Process ... -PassThru; $null = $proc.Handle`. (`-Wait` alone does not help.)
 *
 * Flow is by variable name within one function (or the script level): the variable is assigned from a pipeline
 * whose first command is `Start-Process`/`saps`/`start` with `-PassThru`; `.ExitCode` read on it in the same
 * scope without a `.Handle` access on it in that scope is flagged once per variable.
 */
import { assignmentsIn, commandInfo, inScope, pipelineCommands, switchOn, unwrap, varName } from './ast.ts';
import type { Rule, RuleContext, RuleHit } from './types.ts';

const SWITCHES = new Set(['passthru', 'nonewwindow', 'wait', 'usenewenvironment', 'loaduserprofile', 'whatif', 'confirm']);

export const startProcessExitCode: Rule = {
  id: 'start-process-exitcode',
  summary: 'Start-Process -PassThru: ExitCode stays $null in 5.1 unless .Handle is read after the start',
  check(ctx: RuleContext): RuleHit[] {
    const hits: RuleHit[] = [];
    const scopes = [ctx.root, ...ctx.root.descendantsOfType('function_statement')];
    for (const scope of scopes) {
      const procs = new Set<string>();
      for (const a of assignmentsIn(scope)) {
        if (!a.target) continue;
        const first = pipelineCommands(a.value)[0];
        if (!first) continue;
        const cmd = commandInfo(first, SWITCHES);
        if (/^(Start-Process|saps|start)$/i.test(cmd.name) && switchOn(cmd, 'passthru', 2)) procs.add(a.target);
      }
      if (procs.size === 0) continue;
      const accesses = inScope(scope, 'member_access');
      for (const name of procs) {
        const on = accesses.filter((m) => {
          const obj = unwrap(m.namedChildren[0] ?? m);
          return obj.type === 'variable' && varName(obj) === name;
        });
        const member = (m: (typeof on)[number]) => m.namedChildren.find((c) => c.type === 'member_name')?.text.trim().toLowerCase();
        if (on.some((m) => member(m) === 'handle')) continue;
        const exit = on.find((m) => member(m) === 'exitcode');
        if (!exit) continue;
        hits.push({
          node: exit,
          message: `$${name} comes from Start-Process -PassThru and its .ExitCode is read, but .Handle never is: in Windows PowerShell 5.1 ExitCode is then $null (issue 5421, always with -NoNewWindow or redirection); read the handle right after the start: $null = $${name}.Handle`,
        });
      }
    }
    return hits;
  },
};
