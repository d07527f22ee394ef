/**
 * include_tasks (dynamic): the include's `when` is decided per host; the hosts where it holds get an `included`
 * result (counted ok, as Ansible does) and run the file's tasks in lockstep. meta: flush_handlers, noop, end_play,
 * end_host, clear_host_errors.
 */
import type { IncludeDef, MetaDef } from '../playbook/types.ts';
import type { NodeScope } from './linear-strategy.ts';
import { runNodes } from './linear-strategy.ts';
import type { HostState, RunContext } from './run-context.ts';
import { runHandlers } from './run-handlers.ts';
import { buildHostvars, varsFor } from './task-vars.ts';
import type { TaskDef } from '../playbook/types.ts';

/** A stand-in task so include and meta entries get the same events and variables as tasks. */
function asTask(node: IncludeDef | MetaDef, module: string): TaskDef {
  return {
    id: node.id, name: node.name, module, moduleAs: module, args: {}, when: node.when, notify: [], ignoreErrors: false,
    vars: node.kind === 'include' ? node.vars : {}, noLog: false, pos: node.pos, argPos: {},
  };
}

/** Hosts where every `when` holds; the others get a skipped result. A condition that cannot be evaluated fails the host. */
function decide(ctx: RunContext, s: NodeScope, task: TaskDef, hosts: HostState[]): HostState[] {
  const scope = { play: s.play, task, handler: false, playHosts: s.batch.filter((h) => h.phase === 'active').map((h) => h.name), hostvars: buildHostvars(ctx), rescuable: s.rescuable };
  ctx.emit({ type: 'task.start', name: task.name, taskId: task.id, module: task.module, handler: false, hosts: hosts.map((h) => h.name), pos: task.pos });
  const chosen: HostState[] = [];
  for (const h of hosts) {
    let status: 'ok' | 'skipped' | 'failed' = 'ok';
    let msg: string | undefined;
    try {
      const vars = varsFor(ctx, scope, h);
      if (task.when.some((c) => !ctx.deps.evaluateCondition(c, vars, { task: task.name, pos: task.pos }))) status = 'skipped';
    } catch (e) {
      status = 'failed';
      msg = e instanceof Error ? e.message : String(e);
    }
    const result = status === 'skipped' ? { changed: false, skipped: true } : status === 'failed' ? { changed: false, failed: true, msg } : { changed: false };
    ctx.emit({ type: 'host.result', host: h.name, task: task.name, taskId: task.id, module: task.module, handler: false, status, result, durationMs: 0 });
    if (task.module === 'include_tasks' || status !== 'ok') recordStat(ctx, s, h, status);
    if (status === 'ok') chosen.push(h);
  }
  ctx.emit({ type: 'task.end', name: task.name });
  return chosen;
}

function recordStat(ctx: RunContext, s: NodeScope, h: HostState, status: 'ok' | 'skipped' | 'failed'): void {
  if (status === 'failed' && s.rescuable) ctx.stats.recordRescued(h.name);
  else ctx.stats.record(h.name, status, false);
  if (status === 'failed') h.phase = 'failed';
}

export async function runInclude(ctx: RunContext, s: NodeScope, inc: IncludeDef, hosts: HostState[]): Promise<void> {
  const chosen = decide(ctx, s, asTask(inc, 'include_tasks'), hosts);
  if (chosen.length) await runNodes(ctx, s, inc.tasks, chosen);
}

export async function runMeta(ctx: RunContext, s: NodeScope, meta: MetaDef, hosts: HostState[]): Promise<void> {
  if (meta.action === 'noop') return;
  if (meta.action === 'flush_handlers') {
    await runHandlers(ctx, s.play, s.batch);
    return;
  }
  if (meta.action === 'clear_host_errors') {
    for (const h of s.batch) if (h.phase === 'failed') h.phase = 'active';
    return;
  }
  const chosen = meta.when.length ? decide(ctx, s, asTask(meta, 'meta'), hosts) : hosts;
  if (meta.action === 'end_host') for (const h of chosen) h.phase = 'ended';
  if (meta.action === 'end_play' && chosen.length) for (const h of s.batch) if (h.phase === 'active') h.phase = 'ended';
}
