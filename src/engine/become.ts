/**
 * `become` on one host, decided when the task runs, as ansible-core 2.14 decides it for a Windows host (PowerShell
 * or cmd shell). The connection variables `ansible_become`, `ansible_become_method`, `ansible_become_user` win over
 * the keywords, as Ansible's PlayContext lets them.
 *
 * - A controller module (debug, set_fact, assert, …) never runs on the host: become changes nothing. Ansible says
 *   nothing; winbook warns (printed once per run), so a play's `become: true` is never silently dropped.
 * - runas (executor/powershell/module_manifest.py wraps the module in become_wrapper whenever become_method is runas):
 *   the module would run as become_user with an interactive logon. winbook cannot do that yet: the task fails.
 * - sudo or su: ActionBase._low_level_execute_command applies become only when become_user differs from the remote
 *   user (BECOME_ALLOW_SAME_USER is off); then the plugin cannot build a command for the PowerShell shell and the task
 *   fails with plugins/become/__init__.py's text. When the users are the same, Ansible skips become: winbook runs the
 *   module as it is and warns (once per run).
 */
import { plainValue } from '../template/index.ts';
import type { ModuleDef } from '../modules/types.ts';
import { methodName } from '../playbook/become.ts';
import type { TaskDef } from '../playbook/types.ts';
import type { EngineDeps } from './deps.ts';

export interface BecomeDecision {
  /** The task fails with this message. */
  fail?: string;
  /** The task runs as it is; say this once. */
  warn?: string;
}

/** Users sudo and su become when become_user is not set (their plugins' default). */
const DEFAULT_USER: Record<string, string> = { sudo: 'root', su: 'root', runas: '' };
const TRUE_WORDS = ['yes', 'true', 'on', 'y', '1', 't'];

export function decideBecome(deps: EngineDeps, task: TaskDef, def: ModuleDef, vars: Record<string, unknown>): BecomeDecision | undefined {
  const b = task.become;
  const where = { task: task.name, pos: b?.pos ?? task.pos };
  const pick = (varName: string, keyword: unknown): unknown =>
    plainValue(vars[varName] !== undefined ? vars[varName] : keyword === undefined ? undefined : deps.renderValue(keyword, vars, where));
  const on = pick('ansible_become', b?.become);
  if (!(on === true || (typeof on === 'string' && TRUE_WORDS.includes(on.trim().toLowerCase())))) return undefined;
  if (def.kind === 'controller') {
    return { warn: `become: ${def.name} runs on the controller, so become changes nothing for it (ansible-playbook ignores it too)` };
  }
  const methodValue = pick('ansible_become_method', b?.method);
  const method = methodValue === undefined ? 'sudo' : methodName(methodValue);
  if (method === 'runas') {
    return { fail: 'become_method: runas (running the module as another Windows user) is not supported by winbook yet: connect as that user (ansible_user) or remove become' };
  }
  const userValue = pick('ansible_become_user', b?.user);
  const user = userValue === undefined || userValue === null ? (DEFAULT_USER[method] ?? '') : String(userValue);
  const remote = vars.ansible_user === undefined || vars.ansible_user === null ? '' : String(vars.ansible_user);
  if (user !== remote || (!user && !remote)) {
    const family = String(vars.ansible_shell_type ?? '') === 'cmd' ? 'cmd' : 'powershell';
    return { fail: `The ${family} shell family is incompatible with the ${method} become plugin` };
  }
  return { warn: `become: ${method} to ${user}, the user winbook connects as, changes nothing; ignored (ansible-playbook skips become for the same user)` };
}
