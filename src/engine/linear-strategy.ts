/**
 * The linear strategy (Ansible's default): tasks in lockstep. Task N runs on every active host, at most `forks`
 * at a time, before task N+1 starts on any; a host that fails or becomes unreachable drops out, the others go on.
 * Blocks, dynamic includes and meta tasks are walked here; after each task the play's failure limits
 * (any_errors_fatal, max_fail_percentage) are checked.
 */
import type { HandlerDef, PlayDef, TaskDef, TaskNode } from '../playbook/types.ts';
import { runBlock } from './block-runner.ts';
import { checkFailLimits } from './fail-limits.ts';
import { runWithLimit } from './forks.ts';
import { runInclude, runMeta } from './include-runner.ts';
import type { HostState, RunContext } from './run-context.ts';
import { admits } from './resume-gate.ts';
import { executeTask } from './task-executor.ts';
import { buildHostvars } from './task-vars.ts';
import { displayName } from './display-name.ts';

/** The hosts of the current batch (serial) and whether a failure now would be rescued by an enclosing block. */
export interface NodeScope {
  play: PlayDef;
  batch: HostState[];
  rescuable: boolean;
}

export async function runTasksLinear(ctx: RunContext, play: PlayDef, tasks: TaskNode[], hosts: HostState[]): Promise<void> {
  await runNodes(ctx, { play, batch: hosts, rescuable: false }, tasks, hosts);
}

export async function runNodes(ctx: RunContext, s: NodeScope, nodes: TaskNode[], hosts: HostState[]): Promise<void> {
  for (const node of nodes) {
    if (ctx.aborted()) return;
    const active = hosts.filter((h) => h.phase === 'active');
    if (active.length === 0) return;
    if (node.kind === 'block') await runBlock(ctx, s, node, active);
    else if (node.kind === 'include') await runInclude(ctx, s, node, active);
    else if (node.kind === 'meta') await runMeta(ctx, s, node, active);
    else await runTask(ctx, s, node, active);
  }
}

async function runTask(ctx: RunContext, s: NodeScope, task: TaskDef, active: HostState[]): Promise<void> {
  // --resume: hosts before their resume point sit this task out (resume-gate.ts).
  const admitted = active.filter((h) => admits(ctx, s.play, task, h));
  if (admitted.length === 0) return;
  const playHosts = s.batch.filter((h) => h.phase === 'active');
  await runTaskOnHosts(ctx, s.play, task, admitted, { handler: false, playHosts, rescuable: s.rescuable });
  checkFailLimits(ctx, s);
}

export interface TaskRunOptions {
  handler: boolean;
  /** The play's active hosts (for `ansible_play_hosts`), a superset of the hosts a handler runs on. */
  playHosts: HostState[];
  /** A failure here is caught by an enclosing block's rescue: counted as rescued, not failed. */
  rescuable?: boolean;
}

export async function runTaskOnHosts(ctx: RunContext, play: PlayDef, task: TaskDef | HandlerDef, hosts: HostState[], o: TaskRunOptions): Promise<void> {
  // run_once: the first host runs it, the others get its result (Ansible's behaviour).
  const runners = task.runOnce ? hosts.slice(0, 1) : hosts;
  const scope = {
    play, task, handler: o.handler, playHosts: o.playHosts.map((h) => h.name), hostvars: buildHostvars(ctx), rescuable: o.rescuable ?? false,
    ...(task.runOnce ? { shareWith: hosts.slice(1) } : {}),
  };
  ctx.emit({ type: 'task.start', name: displayName(ctx, scope, runners[0]), taskId: task.id, module: task.module, handler: o.handler, hosts: runners.map((h) => h.name), pos: task.pos });
  const limit = task.throttle ? Math.min(task.throttle, ctx.opts.forks) : ctx.opts.forks;
  await runWithLimit(runners, limit, async (h) => {
    // An interrupt lets running hosts finish but starts no new ones.
    if (ctx.aborted()) return;
    await executeTask(ctx, scope, h);
  });
  ctx.emit({ type: 'task.end', name: task.name });
}
