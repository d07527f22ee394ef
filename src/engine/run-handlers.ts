/**
 * Runs a play's notified handlers (at the end of a section or at meta: flush_handlers): each once per host, in
 * definition order. A host that failed keeps its notifications but runs no handler, unless force_handlers is set.
 */
import type { PlayDef } from '../playbook/types.ts';
import { hostsForHandler } from './handlers.ts';
import { runTaskOnHosts } from './linear-strategy.ts';
import type { HostState, RunContext } from './run-context.ts';

export async function runHandlers(ctx: RunContext, play: PlayDef, hosts: HostState[]): Promise<void> {
  const force = play.forceHandlers ?? ctx.opts.forceHandlers ?? false;
  // force_handlers: failed hosts run their notified handlers too, and stay failed afterwards.
  const revived = force ? hosts.filter((h) => h.phase === 'failed' && h.notified.size > 0) : [];
  for (const h of revived) h.phase = 'active';
  try {
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
  } finally {
    for (const h of revived) if (h.phase === 'active') h.phase = 'failed';
  }
}
