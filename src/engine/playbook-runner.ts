/** Runs every play of a playbook and sums the run up (stats, exit code), with injectable neighbours. */
import type { Inventory } from '../inventory/types.ts';
import type { Playbook } from '../playbook/types.ts';
import { setLookupVault } from '../template/lookups.ts';
import type { EngineDeps } from './deps.ts';
import type { EventBus } from './events.ts';
import { exitCodeFor } from './exit-code.ts';
import type { EngineOptions, RunSummary } from './options.ts';
import { interruptHostsOnAbort } from './interrupt-hosts.ts';
import { runPlay } from './play-runner.ts';
import { createRunContext } from './run-context.ts';
import type { RunContext } from './run-context.ts';

/** runPlaybook with explicit neighbours (inventory, templating, modules, agent): tests pass fakes. */
export async function runPlaybookWith(pb: Playbook, inv: Inventory, opts: EngineOptions, bus: EventBus, deps: EngineDeps): Promise<RunSummary> {
  const ctx = createRunContext(pb, inv, opts, bus, deps);
  const stopInterrupts = interruptHostsOnAbort(ctx);
  // A --limit that matches nothing is bad input: it throws before any event, as Ansible refuses to start.
  const limit = opts.limit ? new Set(deps.selectHosts(inv, opts.limit)) : undefined;
  const started = ctx.now();
  ctx.emit({ type: 'run.start', playbook: pb.file, check: opts.check, forks: opts.forks });
  // lookup('file') and lookup('template') decrypt a vault-encrypted file with the run's vault, as Ansible's do.
  const outerVault = setLookupVault(opts.decryptFile);
  try {
    for (const play of pb.plays) {
      if (ctx.aborted()) break;
      const { allFailed } = await runPlay(ctx, play, limit);
      if (allFailed || ctx.playStopped) break;
    }
  } finally {
    setLookupVault(outerVault);
    stopInterrupts();
    await Promise.all([...ctx.hosts.values()].map((h) => h.conn.close()));
  }
  return summarize(ctx, started);
}

function summarize(ctx: RunContext, started: number): RunSummary {
  const stats = ctx.stats.snapshot();
  const exitCode = exitCodeFor(stats, ctx.aborted());
  const hosts = [...ctx.hosts.values()];
  ctx.emit({ type: 'run.end', stats, exitCode, durationMs: ctx.now() - started });
  return {
    stats,
    exitCode,
    unreachable: hosts.filter((h) => h.phase === 'unreachable').map((h) => h.name),
    failed: hosts.filter((h) => h.phase === 'failed').map((h) => h.name),
  };
}
