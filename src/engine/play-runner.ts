/**
 * One play: pick and order its hosts, split them into serial batches, and for each batch gather facts (when
 * gather_facts is on), then run pre_tasks, tasks (roles first) and post_tasks with the linear strategy, flushing notified handlers after each section.
 */
import { InputError } from '../errors.ts';
import type { PlayDef, TaskDef } from '../playbook/types.ts';
import { batches, orderHosts } from './batches.ts';
import { runTaskOnHosts, runTasksLinear } from './linear-strategy.ts';
import { hostState } from './run-context.ts';
import type { HostState, RunContext } from './run-context.ts';
import { runHandlers } from './run-handlers.ts';

export interface PlayOutcome {
  /** Every host of the play failed or became unreachable (or a failure limit stopped it): the playbook stops. */
  allFailed: boolean;
}

const gone = (h: HostState): boolean => h.phase === 'failed' || h.phase === 'unreachable';

export async function runPlay(ctx: RunContext, play: PlayDef, limit: Set<string> | undefined): Promise<PlayOutcome> {
  const names = orderHosts(playHosts(ctx, play, limit), play.order);
  const hosts = names.map((n) => hostState(ctx, n));
  for (const h of hosts) {
    h.notified.clear();
    // meta: end_host / end_play last play: the host is back for this one.
    if (h.phase === 'ended') h.phase = 'active';
  }
  ctx.emit({ type: 'play.start', name: play.name, hosts: names, pos: play.pos });
  for (const batch of batches(names, play.serial)) {
    if (ctx.aborted() || ctx.playStopped) break;
    const bh = batch.map((n) => hostState(ctx, n));
    await runBatch(ctx, play, bh);
    // Ansible: a batch where every host failed ends the play; the later batches never start.
    if (bh.every(gone)) break;
  }
  ctx.emit({ type: 'play.end', name: play.name });
  return { allFailed: ctx.playStopped || (hosts.length > 0 && hosts.every(gone)) };
}

async function runBatch(ctx: RunContext, play: PlayDef, hosts: HostState[]): Promise<void> {
  if (play.gatherFacts) {
    await runTaskOnHosts(ctx, play, gatherTask(play), hosts, { handler: false, playHosts: hosts });
    if (ctx.aborted()) return;
  }
  for (const section of [play.preTasks ?? [], play.tasks, play.postTasks ?? []]) {
    if (section.length === 0 && section !== play.tasks) continue;
    await runTasksLinear(ctx, play, section, hosts);
    if (ctx.aborted()) return;
    await runHandlers(ctx, play, hosts);
  }
  for (const h of hosts) if (h.phase === 'ended') h.phase = 'active';
}

/**
 * Ansible's implicit first task of each batch when gather_facts is on: 'Gathering Facts', the setup module on every
 * host (one agent request each), counted ok, its facts in the fact cache (engine/task-vars.ts), with the play's
 * gather_subset / gather_timeout as setup arguments (ansible-core 2.14's PlayIterator). Tagged `always` unless the
 * play has tags (then the play's): --tags / --skip-tags select it as they select any task (playbook/select.ts
 * turns gather_facts off when it is not selected; `--skip-tags always` skips it, as in Ansible). Its id is the
 * play's position: no task of the play can start there.
 */
function gatherTask(play: PlayDef): TaskDef {
  return {
    id: `${play.pos.file}:${play.pos.line}:${play.pos.col}`,
    name: 'Gathering Facts',
    module: 'setup',
    moduleAs: 'gather_facts',
    args: {
      ...(play.gatherSubset ? { gather_subset: play.gatherSubset } : {}),
      ...(play.gatherTimeout === undefined ? {} : { gather_timeout: play.gatherTimeout }),
    },
    when: [],
    notify: [],
    ignoreErrors: false,
    vars: {},
    noLog: false,
    tags: play.tags?.length ? play.tags : ['always'],
    pos: play.pos,
    argPos: {},
  };
}

/** The play's pattern ∩ --limit, minus hosts that failed or were unreachable in an earlier play (as Ansible). */
function playHosts(ctx: RunContext, play: PlayDef, limit: Set<string> | undefined): string[] {
  let matched: string[];
  try {
    matched = ctx.deps.selectHosts(ctx.inv, play.hosts);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    ctx.emit({ type: 'warning', message: `Could not match supplied host pattern, ignoring: ${play.hosts}` });
    matched = [];
  }
  return matched.filter((h) => (!limit || limit.has(h)) && !gone(hostState(ctx, h)) && ctx.hosts.get(h)?.phase !== 'stopped');
}
