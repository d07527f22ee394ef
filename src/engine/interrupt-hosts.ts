/**
 * First Ctrl-C (EngineOptions.signal aborted): besides scheduling nothing new, tell every host's running remote
 * work to stop — the agent process gets ctrl_c, then terminate (HostConnection.interrupt) — so the run ends in
 * seconds rather than when the slowest module finishes. Shells are deleted by the runner's usual close.
 */
import type { RunContext } from './run-context.ts';

export function interruptHostsOnAbort(ctx: RunContext): () => void {
  const signal = ctx.opts.signal;
  if (!signal) return () => undefined;
  const onAbort = () => {
    for (const h of ctx.hosts.values()) void h.conn.interrupt();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** A task cut short by the interrupt did not fail: it is left unrecorded so --resume starts the host there. */
export function cutShortByInterrupt(ctx: RunContext, status: string): boolean {
  return ctx.aborted() && (status === 'failed' || status === 'unreachable');
}
