/**
 * The linear strategy (Ansible's default): tasks in lockstep. Task N runs on every active host, at most `forks`
 * at a time, before task N+1 starts on any; a host that fails or becomes unreachable drops out, the others go on.
 */
import type { PlayDef, TaskDef } from '../playbook/types.ts';
import { runWithLimit } from './forks.ts';
import type { HostState, RunContext } from './run-context.ts';
import { executeTask } from './task-executor.ts';
import { buildHostvars } from './task-vars.ts';

export async function runTasksLinear(ctx: RunContext, play: PlayDef, tasks: TaskDef[], hosts: HostState[]): Promise<void> {
  for (const task of tasks) {
    if (ctx.aborted()) return;
    const active = hosts.filter((h) => h.phase === 'active');
    if (active.length === 0) return;
    await runTaskOnHosts(ctx, play, task, active, { handler: false, playHosts: active });
  }
}

export interface TaskRunOptions {
  handler: boolean;
  /** The play's active hosts (for `ansible_play_hosts`), a superset of the hosts a handler runs on. */
  playHosts: HostState[];
}

export async function runTaskOnHosts(ctx: RunContext, play: PlayDef, task: TaskDef, hosts: HostState[], o: TaskRunOptions): Promise<void> {
  const names = hosts.map((h) => h.name);
  const scope = { play, task, handler: o.handler, playHosts: o.playHosts.map((h) => h.name), hostvars: buildHostvars(ctx) };
  ctx.emit({ type: 'task.start', name: task.name, module: task.module, handler: o.handler, hosts: names, pos: task.pos });
  await runWithLimit(hosts, ctx.opts.forks, async (h) => {
    // An interrupt lets running hosts finish but starts no new ones.
    if (ctx.aborted()) return;
    await executeTask(ctx, scope, h);
  });
  ctx.emit({ type: 'task.end', name: task.name });
}
