/**
 * A task's loop (Ansible's TaskExecutor._run_loop): items one after another on a host, bound to `loop_var` (item
 * unless loop_control says otherwise) with `index_var`, shown by `label`, `pause` seconds apart. Each item gets its
 * own host.result event; the aggregate result follows from the caller.
 */
import type { ModuleResult } from '../modules/types.ts';
import type { TaskDef } from '../playbook/types.ts';
import { itemLabel } from './item-label.ts';
import { plainText } from '../template/index.ts';
import type { HostState, RunContext } from './run-context.ts';
import { aggregateLoop, statusOf } from './task-result.ts';
import type { Outcome } from './task-result.ts';
import type { TaskScope } from './task-vars.ts';

export type RunItem = (vars: Record<string, unknown>) => Promise<ModuleResult>;
export type EmitItem = (o: Outcome, started: number, label: string) => void;

export function loopList(ctx: RunContext, task: TaskDef, vars: Record<string, unknown>): unknown[] {
  // Loop items are plain str in ansible-core 2.14, NativeJinjaText or not (checked with type_debug); a float stays one.
  const list = plainText(ctx.deps.renderValue(task.loop, vars, { task: task.name, pos: task.pos }));
  if (!Array.isArray(list)) {
    throw new Error(`Invalid data passed to 'loop', it requires a list, got this instead: ${JSON.stringify(list)}`);
  }
  return list;
}

function labelOf(ctx: RunContext, task: TaskDef, itemVars: Record<string, unknown>, item: unknown): string {
  if (task.noLog) return 'None';
  const label = task.loopControl?.label;
  if (label === undefined) return ctx.redactor.text(itemLabel(item));
  try {
    return ctx.redactor.text(itemLabel(ctx.deps.renderValue(label, itemVars, { task: task.name, pos: task.pos })));
  } catch {
    return ctx.redactor.text(label);
  }
}

export async function runLoop(ctx: RunContext, scope: TaskScope, host: HostState, vars: Record<string, unknown>, run: RunItem, emit: EmitItem): Promise<Outcome> {
  const { task } = scope;
  const list = loopList(ctx, task, vars);
  const loopVar = task.loopControl?.loopVar ?? 'item';
  const results: ModuleResult[] = [];
  for (const [index, item] of list.entries()) {
    if (index > 0 && task.loopControl?.pause) await ctx.sleep(task.loopControl.pause * 1000);
    const itemVars: Record<string, unknown> = { ...vars, [loopVar]: item, ansible_loop_var: loopVar };
    if (task.loopControl?.indexVar) itemVars[task.loopControl.indexVar] = index;
    const started = ctx.now();
    const r: ModuleResult = { ...(await run(itemVars)), [loopVar]: item, ansible_loop_var: loopVar };
    if (task.loopControl?.indexVar) r.ansible_index_var = task.loopControl.indexVar;
    results.push(r);
    emit({ status: statusOf(r, task.ignoreErrors), result: r }, started, labelOf(ctx, task, itemVars, item));
  }
  const result = aggregateLoop(results);
  return { status: statusOf(result, task.ignoreErrors), result };
}
