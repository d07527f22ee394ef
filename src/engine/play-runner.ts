/** One play: pick its hosts, run its tasks with the linear strategy, then its notified handlers. */
import { InputError } from '../errors.ts';
import type { PlayDef } from '../playbook/types.ts';
import { runTasksLinear } from './linear-strategy.ts';
import { hostState } from './run-context.ts';
import type { RunContext } from './run-context.ts';
import { runHandlers } from './run-handlers.ts';

export interface PlayOutcome {
  /** Every host of the play failed or became unreachable: Ansible stops the playbook there. */
  allFailed: boolean;
}

export async function runPlay(ctx: RunContext, play: PlayDef, limit: Set<string> | undefined): Promise<PlayOutcome> {
  const names = playHosts(ctx, play, limit);
  const hosts = names.map((n) => hostState(ctx, n));
  for (const h of hosts) h.notified.clear();
  ctx.emit({ type: 'play.start', name: play.name, hosts: names, pos: play.pos });
  await runTasksLinear(ctx, play, play.tasks, hosts);
  await runHandlers(ctx, play, hosts);
  ctx.emit({ type: 'play.end', name: play.name });
  return { allFailed: hosts.length > 0 && hosts.every((h) => h.phase !== 'active') };
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
  return matched.filter((h) => (!limit || limit.has(h)) && (ctx.hosts.get(h)?.phase ?? 'active') === 'active');
}
