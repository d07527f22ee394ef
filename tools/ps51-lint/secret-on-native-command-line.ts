/**
 * secret-on-native-command-line — a password/secret/token variable passed as a native command's argument.
 *
 * The argument becomes part of the process command line: recorded by process-creation auditing (event 4688 with
 * command lines on), visible to every local user through WMI/Task Manager, and kept in crash dumps. Windows
 * PowerShell 5.1 also builds that command line with its legacy quoting, which mangles embedded `"` and a trailing
 * `\` — a password containing them arrives changed. Pass secrets through stdin, an API (Win32_Service.Change,
 * ADSI SetPassword, ...) or an environment variable the child reads, never on the command line.
 *
 * Flagged: in the arguments of a native command (`x.exe`, a well-known native such as `sc`/`net`/`cmd`, or
 * `& $exe`) or in `Start-Process -ArgumentList`, a variable whose name matches /pass(word)?|secret|pwd|credential|
 * token/i (not the automatic `$PWD`), a member with such a name (`$cred.Password`), a variable assigned from a
 * string/array holding one, or any variable right after an argument such as `password=` or `/password:`.
 */
import type { Node } from 'web-tree-sitter';
import { assignmentsIn, commandInfo, isNativeCommand, param, unwrap, varName, walk } from './ast.ts';
import type { Rule, RuleContext, RuleHit } from './types.ts';

const SECRET = /pass(word)?|secret|pwd|credential|token/i;
const SECRET_FLAG = /(pass(word)?|pwd|secret|token)[=:]$/i;

function secretVariables(root: Node): Set<string> {
  const names = new Set<string>();
  const assignments = [root, ...root.descendantsOfType('function_statement')].flatMap(assignmentsIn);
  for (let round = 0; round < 3; round++) {
    for (const a of assignments) {
      if (!a.target || names.has(a.target)) continue;
      const v = unwrap(a.value);
      if (!['array_expression', 'array_literal_expression', 'string_literal', 'expandable_string_literal', 'expandable_here_string_literal'].includes(v.type)) continue;
      if (findSecret(v, names)) names.add(a.target);
    }
  }
  return names;
}

/** The first secret-looking variable or member in an argument. */
function findSecret(arg: Node, derived: Set<string>): Node | null {
  for (const n of walk(arg)) {
    if (n.type === 'variable') {
      const name = varName(n);
      if (name === 'pwd') continue;
      if (SECRET.test(name) || derived.has(name)) return n;
    }
    if (n.type === 'member_access') {
      const m = n.namedChildren.find((c) => c.type === 'member_name');
      if (m && SECRET.test(m.text)) return n;
    }
  }
  return null;
}

export const secretOnNativeCommandLine: Rule = {
  id: 'secret-on-native-command-line',
  summary: 'a secret passed as a native command argument lands in the process command line (event 4688)',
  check(ctx: RuleContext): RuleHit[] {
    const derived = secretVariables(ctx.root);
    const hits: RuleHit[] = [];
    for (const node of ctx.root.descendantsOfType('command')) {
      const cmd = commandInfo(node, new Set(['passthru', 'nonewwindow', 'wait', 'usenewenvironment', 'loaduserprofile', 'whatif', 'confirm']));
      let args: Node[] = [];
      if (/^(Start-Process|saps|start)$/i.test(cmd.name)) {
        const list = param(cmd, 'argumentlist', 2).value ?? param(cmd, 'args', 4).value ?? cmd.positionals[1] ?? null;
        if (list) args = [list];
      }
      else if (isNativeCommand(cmd, ctx.root)) args = cmd.elements;
      for (let i = 0; i < args.length; i++) {
        const arg = args[i] as Node;
        const prev = i > 0 ? (args[i - 1] as Node) : null;
        let found = findSecret(arg, derived);
        if (!found && prev && prev.type === 'generic_token' && SECRET_FLAG.test(prev.text.trim())) found = arg.descendantsOfType('variable')[0] ?? null;
        if (!found) continue;
        hits.push({
          node: found,
          message: `${found.text.trim()} is passed on ${cmd.name}'s command line: it is recorded with the process (event 4688, WMI, Task Manager) and Windows PowerShell 5.1's legacy argument quoting mangles '"' and a trailing '\\' in it; pass the secret through stdin, an API or an environment variable instead`,
        });
      }
    }
    return hits;
  },
};
