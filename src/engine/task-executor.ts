/**
 * One task on one host (Ansible's TaskExecutor): `when`, loop items, templated and validated arguments, the
 * module call, result interpretation, `register`, facts, `notify`, redaction, and the host's events and stats.
 */
import { ConnectionError } from '../errors.ts';
import type { ModuleResult } from '../modules/types.ts';
import type { HostStatus } from './events.ts';
import { notifyHandlers } from './handlers.ts';
import { itemLabel } from './item-label.ts';
import { prepareArgs } from './module-args.ts';
import { invokeModule } from './module-invoke.ts';
import { censor } from './redact.ts';
import type { HostState, RunContext } from './run-context.ts';
import { aggregateLoop, applyConditions, fromError, normalize, skippedByWhen, statusOf } from './task-result.ts';
import type { Outcome } from './task-result.ts';
import { varsFor } from './task-vars.ts';
import type { TaskScope } from './task-vars.ts';

export async function executeTask(ctx: RunContext, scope: TaskScope, host: HostState): Promise<HostStatus> {
  const started = ctx.now();
  ctx.emit({ type: 'host.start', host: host.name, task: scope.task.name });
  let outcome: Outcome;
  try {
    const vars = varsFor(ctx, scope, host);
    outcome = scope.task.loop === undefined ? await runSingle(ctx, scope, host, vars) : await runLoop(ctx, scope, host, vars);
  } catch (e) {
    outcome = fromError(e, scope.task);
  }
  return finish(ctx, scope, host, outcome, started);
}

async function runSingle(ctx: RunContext, scope: TaskScope, host: HostState, vars: Record<string, unknown>): Promise<Outcome> {
  const result = await runOnce(ctx, scope, host, vars);
  return { status: statusOf(result, scope.task.ignoreErrors), result };
}

/** Items run one after another on a host, as in Ansible; each gets its own event, then the aggregate follows. */
async function runLoop(ctx: RunContext, scope: TaskScope, host: HostState, vars: Record<string, unknown>): Promise<Outcome> {
  const { task } = scope;
  const list = ctx.deps.renderValue(task.loop, vars, { task: task.name, pos: task.pos });
  if (!Array.isArray(list)) {
    throw new Error(`Invalid data passed to 'loop', it requires a list, got this instead: ${JSON.stringify(list)}`);
  }
  const results: ModuleResult[] = [];
  for (const item of list) {
    const started = ctx.now();
    const r = { ...(await runOnce(ctx, scope, host, { ...vars, item })), item, ansible_loop_var: 'item' };
    results.push(r);
    const label = task.noLog ? 'None' : ctx.redactor.text(itemLabel(item));
    emitResult(ctx, scope, host, { status: statusOf(r, task.ignoreErrors), result: r }, started, label);
  }
  const result = aggregateLoop(results);
  return { status: statusOf(result, task.ignoreErrors), result };
}

/**
 * One module call: `when` first, then arguments, then the module. Errors other than connection errors become this
 * call's failed result, so one bad loop item does not lose the others.
 */
async function runOnce(ctx: RunContext, scope: TaskScope, host: HostState, vars: Record<string, unknown>): Promise<ModuleResult> {
  const { task } = scope;
  try {
    const where = { task: task.name, pos: task.pos };
    const falseCondition = task.when.find((c) => !ctx.deps.evaluateCondition(c, vars, where));
    if (falseCondition !== undefined) return skippedByWhen(falseCondition);
    const def = ctx.deps.findModule(task.module);
    if (!def) return { changed: false, failed: true, msg: `couldn't resolve module/action '${task.moduleAs}'` };
    const args = prepareArgs(ctx.deps, def, task, vars, ctx.redactor);
    const raw = await invokeModule(def, args, { host, check: ctx.opts.check, diff: ctx.opts.diff, vars });
    const result = applyConditions(ctx.deps, task, normalize(raw), vars);
    mergeFacts(host, result);
    return result;
  } catch (e) {
    if (e instanceof ConnectionError) throw e;
    return fromError(e, task).result;
  }
}

/** set_fact and fact-returning modules: `ansible_facts` become host variables for the rest of the run. */
function mergeFacts(host: HostState, result: ModuleResult): void {
  const facts = result.ansible_facts;
  if (facts && typeof facts === 'object' && !Array.isArray(facts) && !result.failed) Object.assign(host.facts, facts);
}

function finish(ctx: RunContext, scope: TaskScope, host: HostState, outcome: Outcome, started: number): HostStatus {
  let { status, result } = outcome;
  if (status === 'changed' && scope.task.notify.length) {
    const unknown = notifyHandlers(scope.play, host, scope.task.notify);
    if (unknown) {
      result = { ...result, failed: true, msg: unknown };
      status = statusOf(result, scope.task.ignoreErrors);
    }
  }
  if (scope.task.register && status !== 'unreachable') host.facts[scope.task.register] = result;
  emitResult(ctx, scope, host, { status, result }, started);
  ctx.stats.record(host.name, status, Boolean(result.changed));
  if (status === 'failed') host.phase = 'failed';
  if (status === 'unreachable') host.phase = 'unreachable';
  return status;
}

function emitResult(ctx: RunContext, scope: TaskScope, host: HostState, o: Outcome, started: number, item?: string): void {
  const shown = scope.task.noLog ? censor(o.result) : ctx.redactor.value(o.result);
  ctx.emit({
    type: 'host.result',
    host: host.name,
    task: scope.task.name,
    module: scope.task.module,
    handler: scope.handler,
    status: o.status,
    result: shown,
    ...(item === undefined ? {} : { item }),
    durationMs: ctx.now() - started,
  });
}
