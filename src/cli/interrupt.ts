/**
 * Ctrl-C: the first SIGINT aborts the run (the engine stops scheduling and the run ends with exit 99); a second
 * one exits at once. SIGINT exists on Windows consoles too (Node emulates it), so this works on every workstation.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(99);
    process.stderr.write('\nInterrupted: finishing running tasks, then stopping (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
