/**
 * The SSH Transport: one ssh2 connection per host, opened once; every command, the agent and each
 * upload is a channel on it. Command lines go unchanged to the server's default shell (cmd.exe on Windows
 * OpenSSH unless DefaultShell says otherwise; ansible_shell_type names it), as Ansible's `raw` does.
 */
import type { Client, ClientChannel } from 'ssh2';
import { ConnectionError, RemoteError, errorMessage } from '../../errors.ts';
import type { ConnectionSettings, ExecOptions, ExecResult, RemoteProcess, Transport, TransportStats } from '../types.ts';
import { ChannelProcess, channelLost } from './channel-process.ts';
import { openConnection } from './connect.ts';
import { SshCommandTimeoutError } from './errors.ts';
import type { SshSettings } from './settings.ts';
import { sftpPath, uploadFile } from './upload.ts';

export class SshTransport implements Transport {
  readonly host: string;
  readonly rawShell: 'ssh-cmd' | 'ssh-powershell';
  private client: Client | undefined;
  private readonly running = new Set<ChannelProcess>();
  private requests = 0;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly ssh: SshSettings,
  ) {
    this.host = settings.host;
    this.rawShell = settings.shellType === 'powershell' ? 'ssh-powershell' : 'ssh-cmd';
  }

  async open(): Promise<void> {
    this.requests++;
    const client = await openConnection(this.settings, this.ssh);
    // Each command is a few small request/reply packets: Nagle's delay would cost tens of ms on each.
    client.setNoDelay(true);
    client.on('error', (e) => this.lost(e));
    client.on('close', () => this.lost());
    this.client = client;
  }

  async exec(commandLine: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const proc = await this.start(commandLine);
    if (opts.stdin !== undefined) await proc.write(opts.stdin, true);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      void proc.signal('terminate');
    }, opts.timeoutMs);
    const onInterrupt = () => void proc.signal('ctrl_c').then(() => proc.signal('terminate')).catch(() => undefined);
    if (opts.signal?.aborted) onInterrupt();
    opts.signal?.addEventListener('abort', onInterrupt, { once: true });
    try {
      for (;;) {
        const out = await proc.read();
        stdout.push(out.stdout);
        stderr.push(out.stderr);
        if (out.done) {
          if (opts.signal?.aborted) {
            throw new RemoteError('SSH_INTERRUPTED', `interrupted while running a command on ${this.host}`, { host: this.host, hint: 'the run was interrupted (Ctrl-C); `winbook run … --resume` continues from this task' });
          }
          if (timedOut && opts.timeoutMs !== undefined) throw new SshCommandTimeoutError(this.host, opts.timeoutMs, text(stdout), text(stderr));
          return { rc: out.rc ?? -1, stdout: text(stdout), stderr: text(stderr) };
        }
      }
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onInterrupt);
    }
  }

  spawn(commandLine: string): Promise<RemoteProcess> {
    return this.start(commandLine);
  }

  /** Writes a file on the host over SFTP (Windows paths such as C:\dir\file are accepted). */
  async upload(remotePath: string, data: string | Buffer): Promise<void> {
    const client = this.connected();
    this.requests++;
    await uploadFile(client, sftpPath(remotePath), typeof data === 'string' ? Buffer.from(data, 'utf8') : data, this.host);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      client.removeAllListeners('close');
      await new Promise<void>((resolve) => {
        client.once('close', () => resolve());
        client.end();
        setTimeout(resolve, 1000).unref();
      });
    } catch {
      // close() never throws (Transport contract).
    }
  }

  stats(): TransportStats {
    return { requests: this.requests };
  }

  private connected(): Client {
    if (!this.client) throw new ConnectionError('SSH_NOT_CONNECTED', 'the SSH connection is not open', { host: this.host, hint: 'open() the transport first, or rerun: the connection was lost' });
    return this.client;
  }

  private async start(commandLine: string): Promise<ChannelProcess> {
    const client = this.connected();
    this.requests++;
    // The listeners must be attached inside the callback: the exit status can arrive in the same packet as the
    // exec reply, and would be emitted before an awaiting caller resumed.
    return new Promise<ChannelProcess>((resolve, reject) => {
      client.exec(commandLine, (err, stream: ClientChannel) => {
        if (err) return reject(this.channelError(err));
        const proc = new ChannelProcess(stream);
        this.running.add(proc);
        stream.once('close', () => this.running.delete(proc));
        resolve(proc);
      });
    });
  }

  private channelError(e: Error): RemoteError {
    return new RemoteError('SSH_CHANNEL_REFUSED', `the SSH server refused a command channel: ${errorMessage(e)}`, {
      host: this.host,
      hint: 'the server may limit sessions per connection (sshd MaxSessions); close other sessions or raise the limit',
    });
  }

  private lost(e?: Error): void {
    this.client = undefined;
    const err = channelLost(this.host);
    if (e) (err as { cause?: unknown }).cause = e;
    for (const p of this.running) p.fail(err);
  }
}

function text(chunks: Buffer[]): string {
  // Decode only after joining every chunk: a chunk can split a multi-byte character.
  return Buffer.concat(chunks).toString('utf8');
}
