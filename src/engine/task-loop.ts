/**
 * A task's loop (Ansible's TaskExecutor._run_loop): items one after another on a host, bound to `loop_var` (item
 * unless loop_control says otherwise) with `index_var`, shown by `label`, `pause` seconds apart. Each item gets its
 * own host.result event; the aggregate result follows from the caller.
 */
import type { ModuleResult } from '../modules/types.ts';
import type { TaskDef } from '../playbook/types.ts';
import { itemLabel } from './item-label.ts';
import { dirname } from 'node:path';
import { TemplateError } from '../errors.ts';
import { firstFoundLoop, nestedLoop, plainText } from '../template/index.ts';
import type { HostState, RunContext } from './run-context.ts';
import { aggregateLoop, statusOf } from './task-result.ts';
import type { Outcome } from './task-result.ts';
import type { TaskScope } from './task-vars.ts';

export type RunItem = (vars: Record<string, unknown>) => Promise<ModuleResult>;
export type EmitItem = (o: Outcome, started: number, label: string) => void;

export function loopList(ctx: RunContext, task: TaskDef, vars: Record<string, unknown>): unknown[] {
  if (task.loopWith?.lookup === 'first_found') return firstFoundItems(ctx, task, task.loopWith.subdir, vars);
  if (task.loopWith?.lookup === 'nested') return nestedItems(ctx, task, vars);
  // Loop items are plain str in ansible-core 2.14, NativeJinjaText or not (checked with type_debug); a float stays one.
  const list = plainText(ctx.deps.renderValue(task.loop, vars, { task: task.name, pos: task.pos }));
  if (!Array.isArray(list)) {
    throw new Error(`Invalid data passed to 'loop', it requires a list, got this instead: ${JSON.stringify(list)}`);
  }
  return list;
}

/**
 * with_first_found (TaskExecutor._get_loop_items): the terms templated with fail_on_undefined off
 * (listify_lookup_plugin_terms), each term still holding a template — one whose variable is undefined — left out,
 * then the lookup run with the task's `_subdir`. A failing lookup fails the task with its message.
 */
function firstFoundItems(ctx: RunContext, task: TaskDef, subdir: string, vars: Record<string, unknown>): unknown[] {
  const where = { task: task.name, pos: task.pos };
  const undefinedDropped = (term: unknown): unknown => {
    try {
      return plainText(ctx.deps.renderValue(typeof term === 'string' ? term.trim() : term, vars, where));
    } catch (e) {
      if (e instanceof TemplateError && e.code === 'TEMPLATE_UNDEFINED') return DROPPED;
      throw e;
    }
  };
  const raw = task.loop;
  let terms: unknown[];
  if (Array.isArray(raw)) terms = raw.map(undefinedDropped);
  else {
    const all = undefinedDropped(raw);
    terms = Array.isArray(all) ? all : [all];
  }
  return firstFoundLoop(terms.filter((t) => t !== DROPPED), vars, subdir, dirname(task.pos.file));
}

const DROPPED = Symbol('undefined term');

/**
 * with_nested (the nested lookup through TaskExecutor._get_loop_items): the terms templated (listify_lookup_plugin_terms,
 * undefined variables failing), a template that renders to a list of lists giving the lists, then every combination.
 */
function nestedItems(ctx: RunContext, task: TaskDef, vars: Record<string, unknown>): unknown[] {
  const terms = plainText(ctx.deps.renderValue(task.loop, vars, { task: task.name, pos: task.pos }));
  return nestedLoop(Array.isArray(terms) ? terms : [terms]);
}

function labelOf(ctx: RunContext, task: TaskDef, itemVars: Record<string, unknown>, item: unknown): string {
  if (task.noLog) return 'None';
  // TaskExecutor's default label is the template `{{ item }}`: a plain text item that reads as a list, dict or
  // boolean (ansible_eval_concat's literal_eval of '["a", "b"]') is labelled as that value, `['a', 'b']`.
  const label = task.loopControl?.label ?? (typeof item === 'string' && (/^[[{]/.test(item) || item === 'True' || item === 'False') ? `{{ ${task.loopControl?.loopVar ?? 'item'} }}` : undefined);
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
