/**
 * `async:` + `poll:` (Ansible's async tasks) for agent modules. The module's script runs in a runspace of its own
 * in the agent (modules/async_status/async_job.ps1), under a time limit of `async` seconds:
 * - `poll > 0`: one request that waits for the job (the agent is persistent, so there is nothing to poll over the
 *   wire), failing with Ansible's "async task did not complete within the requested time - Ns" past the limit;
 * - `poll: 0`: fire and forget; the result carries `ansible_job_id`, `started: 1`, `finished: 0`, and a later
 *   `async_status: jid=…` asks the agent for the job.
 * Controller and raw modules refuse async with Ansible's words, as Ansible's action plugins do, and in check mode
 * every other async task fails as ActionBase.run fails it (before connecting).
 */
import { asyncJob, newJobId } from '../modules/async_status/job.ts';
import type { ModuleDef, ModuleResult } from '../modules/types.ts';
import type { InvokeContext } from './module-invoke.ts';

export interface AsyncSpec {
  /** `async:` seconds (> 0). */
  limit: number;
  /** `poll:` seconds; 0 is fire and forget. */
  poll: number;
}

export const ASYNC_UNSUPPORTED = 'async is not supported for this task.';
/** ActionBase.run (ansible-core 2.14) refuses any async task in check mode, once the action supports async. */
export const ASYNC_IN_CHECK_MODE = 'check mode and async cannot be used on same task.';

export async function invokeAsync(def: ModuleDef, args: unknown, ctx: InvokeContext, spec: AsyncSpec, jid: () => string = () => newJobId()): Promise<ModuleResult> {
  // Modules with a controller-side step (win_copy, win_template) stage bytes first: not a job the agent can own.
  if (def.kind !== 'agent' || def.prepare || def.script === undefined) return { failed: true, changed: false, msg: ASYNC_UNSUPPORTED };
  // ActionBase.run's next test: the normal action plugin supports check mode, so no module is skipped, it fails here.
  if (ctx.check) return { failed: true, changed: false, msg: ASYNC_IN_CHECK_MODE };
  // A controller-side loop after the agent's answer (win_updates with reboot) is the action plugin's, which refuses async.
  if (def.followThrough?.applies(args)) return { failed: true, changed: false, msg: def.followThrough.asyncMsg };
  const agent = await ctx.host.conn.getAgent(ctx.vars);
  const jobArgs = {
    mode: spec.poll > 0 ? 'wait' : 'start',
    jid: jid(),
    limit: spec.limit,
    module: def.name,
    script: Buffer.from(def.script, 'utf8').toString('base64'),
    args,
  };
  const env = ctx.environment ? { environment: ctx.environment } : {};
  return agent.invoke(asyncJob as ModuleDef, jobArgs, { check: ctx.check, diff: ctx.diff, ...env });
}

