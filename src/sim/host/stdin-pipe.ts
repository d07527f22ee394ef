/**
 * The stdin of a simulated process as a byte pipe: WinRS Sends arrive as chunks (push), a reader takes a line or
 * the rest as it comes, and waits while the pipe is empty but open — as a blocking read of a Windows pipe does.
 */
export class StdinPipe {
  private chunks: Buffer[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  push(data: Buffer, end: boolean): void {
    if (this.ended) return;
    if (data.length > 0) this.chunks.push(data);
    if (end) this.ended = true;
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Closes the pipe (the process was terminated): readers see the end of input. */
  close(): void {
    this.push(Buffer.alloc(0), true);
  }

  /** Bytes up to the next LF (without it), or null at the end of input with nothing read. */
  async readLine(): Promise<Buffer | null> {
    const taken: Buffer[] = [];
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk === undefined) {
        if (this.ended) return taken.length ? Buffer.concat(taken) : null;
        await this.next();
        continue;
      }
      const nl = chunk.indexOf(0x0a);
      if (nl < 0) {
        taken.push(chunk);
        continue;
      }
      taken.push(chunk.subarray(0, nl));
      if (nl + 1 < chunk.length) this.chunks.unshift(chunk.subarray(nl + 1));
      return Buffer.concat(taken);
    }
  }

  /** Every remaining chunk, as it arrives, until the end of input. */
  async *rest(): AsyncGenerator<Buffer> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk !== undefined) yield chunk;
      else if (this.ended) return;
      else await this.next();
    }
  }

  private next(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }
}
