/** Runs a play's notified handlers at the end of its tasks: each once per host, in definition order. */
import type { PlayDef } from '../playbook/types.ts';
import { hostsForHandler } from './handlers.ts';
import { runTaskOnHosts } from './linear-strategy.ts';
import type { HostState, RunContext } from './run-context.ts';

export async function runHandlers(ctx: RunContext, play: PlayDef, hosts: HostState[]): Promise<void> {
  // A handler may notify another; a later one runs in the same pass, an earlier one in the next pass.
  for (let pass = 0; pass <= play.handlers.length; pass++) {
    let ran = false;
    for (const handler of play.handlers) {
      if (ctx.aborted()) return;
      const targets = hostsForHandler(handler, hosts);
      if (targets.length === 0) continue;
      for (const t of targets) t.notified.delete(handler.name);
      const playHosts = hosts.filter((h) => h.phase === 'active');
      await runTaskOnHosts(ctx, play, handler, targets, { handler: true, playHosts });
      ran = true;
    }
    if (!ran) return;
  }
}
