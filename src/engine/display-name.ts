/**
 * The name a task's banner shows. As ansible-playbook does, a templated name (`Restart {{ svc }}`) is rendered with
 * the variables of the first host that runs the task; when that fails (a loop variable, a fact set later) the name
 * is shown as written. Only the banner changes: results and handler notifications keep the name as written. The
 * rendered name goes through the run's redactor like every result, since a name can template a secret.
 */
import type { HostState, RunContext } from './run-context.ts';
import type { TaskScope } from './task-vars.ts';
import { varsFor } from './task-vars.ts';
import { plainValue } from '../template/index.ts';

export function displayName(ctx: RunContext, scope: TaskScope, first: HostState | undefined): string {
  const name = scope.task.name;
  if (!first || !name.includes('{{')) return name;
  try {
    const rendered = plainValue(ctx.deps.renderValue(name, varsFor(ctx, scope, first)));
    return ctx.redactor.text(typeof rendered === 'string' ? rendered : JSON.stringify(rendered));
  } catch {
    return name;
  }
}
