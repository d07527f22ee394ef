/**
 * `winbook runs list | head -1`: once the reader goes away, writes to stdout (or stderr) fail with EPIPE, which
 * Node raises as an unhandled 'error' event: a stack trace and exit 1. As other CLIs do, winbook then stops
 * writing to that stream and carries on quietly: a listing ends with its usual exit code, a run finishes (and
 * journals) as it would have, with nothing more shown on the closed stream. Other stream errors are not touched.
 */
type Stream = NodeJS.WriteStream;

function silence(stream: Stream): void {
  // Everything written after the reader left is dropped; callers that wait for the callback still get it.
  stream.write = ((_chunk: unknown, enc?: unknown, cb?: unknown) => {
    const done = typeof enc === 'function' ? enc : cb;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  }) as Stream['write'];
}

export function endQuietlyOnBrokenPipe(streams: Stream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    if ((stream as { winbookEpipe?: boolean }).winbookEpipe) continue;
    (stream as { winbookEpipe?: boolean }).winbookEpipe = true;
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return silence(stream);
      throw e;
    });
  }
}
