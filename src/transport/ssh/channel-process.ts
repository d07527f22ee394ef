/**
 * One exec channel as a RemoteProcess: output is buffered as it arrives and handed out by read(), which waits
 * (like a WinRM Receive long-poll) until there is output or the process ended. Done is reported on the channel's
 * close, after ssh2 has delivered every data packet and the exit status.
 */
import type { ClientChannel } from 'ssh2';
import { ConnectionError } from '../../errors.ts';
import type { ProcessOutput, RemoteProcess } from '../types.ts';

const CLOSE_GRACE_MS = 2000;

export class ChannelProcess implements RemoteProcess {
  private stdout: Buffer[] = [];
  private stderr: Buffer[] = [];
  private closed = false;
  private rc: number | undefined;
  private failure: Error | undefined;
  private waiters: Array<() => void> = [];

  constructor(private readonly stream: ClientChannel) {
    stream.on('data', (d: Buffer) => this.push(this.stdout, d));
    stream.stderr.on('data', (d: Buffer) => this.push(this.stderr, d));
    stream.on('exit', (code: number | null, signal?: string) => {
      // Windows reports a 32-bit exit code (0xC000013A after a terminate); WinRM shows it signed, so do we.
      this.rc = code === null ? signalCode(signal) : code | 0;
    });
    stream.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  /** The connection died under the channel: pending and later reads fail with this error. */
  fail(e: Error): void {
    this.failure ??= e;
    this.wake();
  }

  write(data: string | Buffer, end = false): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      if (end) this.stream.end(buf, () => resolve());
      else if (this.stream.write(buf)) resolve();
      else this.stream.once('drain', () => resolve());
    });
  }

  async read(): Promise<ProcessOutput> {
    while (!this.hasPending()) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const out: ProcessOutput = { stdout: Buffer.concat(this.stdout), stderr: Buffer.concat(this.stderr), done: this.closed };
    this.stdout = [];
    this.stderr = [];
    if (this.closed) out.rc = this.rc ?? -1;
    return out;
  }

  /**
   * Windows OpenSSH ignores SSH signal requests, so terminate closes the channel, which ends the process there;
   * ctrl_c is sent as SIGINT for servers that honour it.
   */
  async signal(kind: 'ctrl_c' | 'terminate'): Promise<void> {
    if (this.closed) return;
    if (kind === 'ctrl_c') {
      this.stream.signal('INT');
      return;
    }
    this.stream.signal('KILL');
    this.stream.close();
    // A server that never confirms the close must not hang the caller: give up on the channel after a grace period.
    setTimeout(() => {
      if (this.closed) return;
      this.closed = true;
      this.wake();
    }, CLOSE_GRACE_MS).unref();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private hasPending(): boolean {
    return this.closed || this.stdout.length > 0 || this.stderr.length > 0;
  }

  private push(list: Buffer[], d: Buffer): void {
    list.push(d);
    this.wake();
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }
}

/** A POSIX server reports a signal instead of a code; shells show 128 + the signal number. */
function signalCode(signal: string | undefined): number {
  const numbers: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, TERM: 15 };
  return 128 + (numbers[signal ?? ''] ?? 0);
}

export function channelLost(host: string): ConnectionError {
  return new ConnectionError('SSH_CONNECTION_LOST', 'the SSH connection closed while a command was running', {
    host,
    hint: 'the host may have rebooted or dropped the connection; check its sshd log, then rerun',
  });
}
