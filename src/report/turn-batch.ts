/**
 * Coalesces the writes to one stream within one turn of the event loop into one system call. The line reporter
 * writes a line per host result, and with stdout a pipe (CI, `| tee`) Node writes each synchronously: one write(2)
 * per `ok: [host]` line was the largest single item of the controller's CPU per task-host after the WinRM message
 * path (docs/benchmarks.md, "Sixth pass"). Results of many hosts arrive in the same turn (one poll of the sockets),
 * so holding the stream corked until setImmediate lets Node write them with one writev.
 *
 * Order is kept because nothing is reordered inside the stream (every writer of the stream, the reporter or not,
 * goes into the same corked buffer), and everything that may write elsewhere first releases it: `guardProcess`
 * makes every write to process.stderr (warnings, the Ctrl-C notice, an error report, Node's own warnings), an
 * uncaught exception (before Node prints it) and the process's exit write the held lines out first.
 */

/** The part of a Writable the batch needs (a fake stream without cork() is written through unbatched). */
type Corkable = NodeJS.WritableStream & { cork?: () => void; uncork?: () => void };

export class TurnBatch {
  private held = false;

  constructor(private readonly out: Corkable) {}

  /** Holds the stream until the end of this turn (setImmediate), once per turn. */
  hold(): void {
    if (this.held || typeof this.out.cork !== 'function') return;
    this.held = true;
    this.out.cork();
    setImmediate(this.release);
  }

  /** Writes what is held now. Safe to call at any time, any number of times. */
  readonly release = (): void => {
    if (!this.held) return;
    this.held = false;
    this.out.uncork?.();
  };
}

/**
 * Releases `batch` before anything reaches `stderr`, and when the process crashes or exits. Returns the undo; a
 * stream whose write was replaced since (the broken-pipe silencer) keeps the replacement.
 */
export function guardProcess(batch: TurnBatch, stderr: NodeJS.WriteStream = process.stderr): () => void {
  const own = stderr.write;
  const guarded = function (this: NodeJS.WriteStream, ...args: unknown[]): boolean {
    batch.release();
    return (own as (...a: unknown[]) => boolean).apply(this, args);
  } as NodeJS.WriteStream['write'];
  stderr.write = guarded;
  // 'exit' covers process.exit() with lines still held, and an uncaught exception or unhandled rejection: Node
  // emits 'exit' before it prints the error. uncaughtExceptionMonitor comes earlier still, before any
  // 'uncaughtException' handler that prints.
  process.on('uncaughtExceptionMonitor', batch.release);
  process.on('exit', batch.release);
  return () => {
    batch.release();
    if (stderr.write === guarded) stderr.write = own;
    process.off('uncaughtExceptionMonitor', batch.release);
    process.off('exit', batch.release);
  };
}
