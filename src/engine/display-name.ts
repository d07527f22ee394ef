/**
 * The name a task's banner shows. As ansible-playbook 2.14's linear strategy does, the name is templated with the
 * variables of the first host that runs the task (fail_on_undefined off: a name that cannot be rendered yet, a loop
 * variable or a fact set later, is shown as written) and kept only when the result is text:
 * `to_text(templar.template(task.name), nonstring='empty')` turns a number, boolean, list, dict or None into '',
 * and Task.get_name() then falls back to the action (`name: "{{ port }}"` with port: 8080 → `TASK [debug]`, where
 * `"{{ port + 1 }}"` renders to the text '8081'). Only the banner changes: results and handler notifications keep
 * the name as written. The rendered name goes through the run's redactor like every result, since a name can
 * template a secret. A role's task is prefixed with the role's name, as Task.get_name() does.
 */
import type { HostState, RunContext } from './run-context.ts';
import type { TaskScope } from './task-vars.ts';
import { varsFor } from './task-vars.ts';
import { defaultTaskName } from '../playbook/task-name.ts';
import { isNativeText } from '../template/index.ts';

export function displayName(ctx: RunContext, scope: TaskScope, first: HostState | undefined): string {
  const shown = bareName(ctx, scope, first);
  // Task.get_name(): a role's task (imported, included or a dependency) is `role : name` (or `role : action`).
  return scope.task.role ? `${scope.task.role.name} : ${shown}` : shown;
}

function bareName(ctx: RunContext, scope: TaskScope, first: HostState | undefined): string {
  const { task } = scope;
  const name = task.name;
  if (task.nameNotText) return defaultTaskName(task.moduleAs);
  if (!first || !name.includes('{{')) return name;
  let rendered: unknown;
  try {
    rendered = ctx.deps.renderValue(name, varsFor(ctx, scope, first));
  } catch {
    return name;
  }
  if (typeof rendered !== 'string' && !isNativeText(rendered)) return defaultTaskName(task.moduleAs);
  const text = String(rendered);
  return text === '' ? defaultTaskName(task.moduleAs) : ctx.redactor.text(text);
}
