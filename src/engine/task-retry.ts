/**
 * `until` / `retries` / `delay`: run the module again until the conditions hold (with the result under the
 * register name), at most retries+1 times, `delay` seconds apart. The result carries `attempts`, as in Ansible, and
 * fails when the conditions never held.
 */
import type { ModuleResult } from '../modules/types.ts';
import type { HostState, RunContext } from './run-context.ts';
import type { TaskScope } from './task-vars.ts';
import { withResultFacts } from './task-result.ts';

export async function withRetries(
  ctx: RunContext, scope: TaskScope, host: HostState, vars: Record<string, unknown>, once: () => Promise<ModuleResult>,
): Promise<ModuleResult> {
  const { task } = scope;
  const retry = task.retry;
  // Ansible 2.14 retries only with an `until`.
  if (!retry || retry.until.length === 0) return once();
  const attempts = retry.retries + 1;
  let result: ModuleResult = {};
  for (let attempt = 1; attempt <= attempts; attempt++) {
    result = await once();
    if (result.skipped) return result;
    // As Ansible: the conditions see the facts the module just returned and the result under its register name.
    const facts = withResultFacts(vars, task.module, result);
    const scoped = task.register ? { ...facts, [task.register]: result } : facts;
    const holds = retry.until.every((c) => ctx.deps.evaluateCondition(c, scoped, { task: task.name, pos: task.pos }));
    result = { ...result, attempts: attempt };
    if (holds) return result;
    if (attempt < attempts) {
      ctx.emit({ type: 'host.retry', host: host.name, task: task.name, taskId: task.id, attempt, retries: retry.retries });
      await ctx.sleep(retry.delay * 1000);
    }
  }
  return { ...result, failed: true, msg: result.msg ?? 'Task failed as maximum retries was reached' };
}
