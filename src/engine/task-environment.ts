/**
 * `environment:` for one task on one host: the play's mapping under the task's (blocks' and roles' were merged
 * into the task by the loader), each templated with the host's variables. Agent modules get it as process
 * environment for their run only; controller modules and raw ignore it, as in Ansible.
 */
import type { PlayDef, TaskDef } from '../playbook/types.ts';
import type { EngineDeps, TemplateWhere } from './deps.ts';
import { plainText } from '../template/index.ts';

/** Python's str() of a scalar, which is what Ansible puts in the environment (`True`, `8080`). */
function envText(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return '';
  // A whole-valued float (template/py-float.ts) is `1.0`, its String(), as Python's str().
  if (v instanceof Number) return String(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function rendered(deps: EngineDeps, env: unknown, vars: Record<string, unknown>, where: TemplateWhere): Record<string, string> {
  const v = plainText(deps.renderValue(env, vars, where));
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    // Ansible's words for the same mistake.
    throw new Error(`environment must be a dictionary, received ${envText(v)} (${Array.isArray(v) ? 'list' : typeof v})`);
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, envText(x)]));
}

/** The variables to set, or undefined when neither the play nor the task has `environment:`. */
export function taskEnvironment(deps: EngineDeps, play: PlayDef, task: TaskDef, vars: Record<string, unknown>): Record<string, string> | undefined {
  if (play.environment === undefined && task.environment === undefined) return undefined;
  const where = { task: task.name, pos: task.pos };
  return {
    ...(play.environment === undefined ? {} : rendered(deps, play.environment, vars, where)),
    ...(task.environment === undefined ? {} : rendered(deps, task.environment, vars, where)),
  };
}
