/**
 * Ctrl-C: the first SIGINT aborts the run — the engine stops scheduling, tells running agents ctrl_c then
 * terminate, deletes the shells, and the run ends with the recap and exit 99. A second SIGINT exits at once, after
 * `onForceExit` (the journal marks the run killed; every earlier record is already fsynced). SIGINT exists on
 * Windows consoles too (Node emulates it), so this works on every workstation.
 */
import { setMaxListeners } from 'node:events';

export interface InterruptOptions {
  /** Synchronous last words before a forced exit. */
  onForceExit?: () => void;
  /** The live display states the interrupt itself: a line on stderr would land inside its redrawn region. */
  quiet?: boolean;
}

export function interruptSignal(opts: InterruptOptions = {}): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  // Every running host's request listens to this signal: -f 50 means 50 listeners, not a leak (Node warns past 10).
  setMaxListeners(0, controller.signal);
  const onSigint = () => {
    if (controller.signal.aborted) {
      try {
        opts.onForceExit?.();
      } finally {
        process.exit(99);
      }
    }
    if (!opts.quiet) process.stderr.write('\nInterrupted: stopping running tasks and closing connections (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
