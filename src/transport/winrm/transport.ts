/**
 * The WinRM Transport: a WinRS shell per host, opened once and reused by every task, with a second one for raw
 * commands and uploads while the agent holds the first, each recycled before the host's operations quota
 * (shell-pool.ts). Commands run as Command, optional Send, Receive until Done, then Signal terminate, which the
 * spec says the client MUST send before the next command ([MS-WSMV] 3.1.4.12). Two connections per host
 * (channel-pool.ts); what goes on the wire (sealing, Basic, certificate checks) is decided by security-policy.ts.
 */
import { RemoteError } from '../../errors.ts';
import type { ConnectionSettings, ExecOptions, ExecResult, KerberosSettings, RemoteProcess, Transport, TransportStats } from '../types.ts';
import type { SoapChannel } from './channel.ts';
import { ChannelPool } from './channel-pool.ts';
import { wirePolicy } from './security-policy.ts';
import type { WirePolicy } from './security-policy.ts';
import { decodeClixml } from './clixml.ts';
import { WinrmHttpChannel } from './http/connection.ts';
import type { TicketCache } from './kerberos/ticket-cache.ts';
import type { WinrmHttpOptions } from './http/connection.ts';
import { WinrsShell } from './shell.ts';
import { ShellPool } from './shell-pool.ts';
import type { StartedCommand } from './shell-pool.ts';
import { uploadCommandLine, uploadThrough } from './upload.ts';
import type { UploadTarget } from './upload.ts';

export interface WinrmTransportDeps {
  channel?: SoapChannel;
  /** MessageID generator, for tests. */
  newId?: () => string;
  /** Told once per host what the user should know (certificate checks off, Basic over HTTP); never secrets. */
  onWarning?: (message: string) => void;
  /** Kerberos tickets shared with the run's other hosts (one AS exchange per principal per run). */
  tickets?: TicketCache;
}

/** exec() hit its timeoutMs: the command was told to terminate; the output so far is kept. */
export class CommandTimeoutError extends RemoteError {
  constructor(
    host: string,
    timeoutMs: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super('WINRM_COMMAND_TIMEOUT', `command did not finish within ${timeoutMs} ms and was terminated`, {
      host,
      hint: 'raise the task timeout, or run long work with async',
    });
  }
}

export class WinrmTransport implements Transport {
  readonly host: string;
  readonly rawShell = 'powershell' as const;
  private readonly channel: SoapChannel;
  private readonly shells: ShellPool;
  /** The host's configuration, read once per transport before the first upload (MaxEnvelopeSizekb, the quota). */
  private configRead: Promise<void> | undefined;
  /** The policy, or why the settings cannot be honoured (thrown by open(), so the constructor never throws). */
  private readonly policy: WirePolicy | Error;
  private warned = false;

  constructor(settings: ConnectionSettings, private readonly deps: WinrmTransportDeps = {}) {
    this.host = settings.host;
    this.policy = policyOrError(settings);
    const policy = this.policy instanceof Error ? { encryption: true, warnings: [] } : this.policy;
    const connection = (): WinrmHttpChannel =>
      new WinrmHttpChannel({
        host: settings.host,
        address: settings.address,
        port: settings.port,
        scheme: settings.scheme,
        auth: settings.winrmTransport === 'kerberos' ? (settings.ntlmFallback ? 'kerberos-or-ntlm' : 'kerberos') : settings.winrmTransport,
        sendCbt: settings.sendCbt,
        kerberos: settings.kerberos && lazyKerberos(settings, settings.kerberos, deps.tickets),
        tls: policy.tls,
        username: settings.user,
        password: settings.password,
        encryption: policy.encryption,
        readTimeoutMs: settings.readTimeoutSec * 1000,
      });
    this.channel = deps.channel ?? new ChannelPool(connection(), connection());
    const shell = (): WinrsShell =>
      new WinrsShell(this.channel, {
        host: settings.host,
        to: endpointUrl(settings),
        operationTimeoutSec: settings.operationTimeoutSec,
        newId: deps.newId,
      });
    this.shells = new ShellPool(shell(), shell, settings.host, settings.user);
  }

  async open(): Promise<void> {
    if (this.policy instanceof Error) throw this.policy;
    // Once per host, however often open() is retried.
    if (!this.warned) for (const w of this.policy.warnings) this.deps.onWarning?.(w);
    this.warned = true;
    await this.shells.open();
  }

  async exec(commandLine: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const { shell, commandId, done } = await this.shells.startShort(commandLine, 'a command');
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    // Only a command with a timeout or an interrupt signal needs an abort of its own: without either (raw), no
    // controller, timer or listener per command, and the Receives carry no signal.
    const abort = opts.timeoutMs === undefined && opts.signal === undefined ? undefined : new AbortController();
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => abort?.abort(), opts.timeoutMs);
    const onInterrupt = () => abort?.abort();
    if (opts.signal?.aborted) onInterrupt();
    opts.signal?.addEventListener('abort', onInterrupt, { once: true });
    let rc = 0;
    try {
      if (opts.stdin !== undefined) await shell.send(commandId, toBuffer(opts.stdin), true);
      for (;;) {
        const out = await shell.receive(commandId, abort?.signal);
        stdout.push(out.stdout);
        stderr.push(out.stderr);
        if (out.done) {
          rc = out.rc ?? 0;
          break;
        }
      }
    } catch (e) {
      if (opts.signal?.aborted) {
        // As a console's Ctrl-C: give the command its chance to stop cleanly, then end it.
        await shell.signal(commandId, 'ctrl_c').catch(() => undefined);
        await terminate(shell, commandId, done);
        throw new RemoteError('WINRM_INTERRUPTED', `interrupted while running a command on ${this.host}`, { host: this.host, hint: 'the run was interrupted (Ctrl-C); `winbook run … --resume` continues from this task', cause: e });
      }
      await terminate(shell, commandId, done);
      if (abort?.signal.aborted && opts.timeoutMs !== undefined) {
        throw new CommandTimeoutError(this.host, opts.timeoutMs, text(stdout), decodeClixml(text(stderr)));
      }
      throw e;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onInterrupt);
    }
    // The Signal terminate a finished command still needs ([MS-WSMV] 2.2.4.38: before the next command; docs/winrm.md,
    // "Signal terminate after Done") is posted now, on the control connection, but its reply is not waited for: the
    // result is known, and the next Command on that connection goes out only after the SignalResponse (one exchange
    // at a time), so the host still sees Terminate first. One round trip less per raw task; never throws.
    void terminate(shell, commandId, done);
    // Decode only after joining every chunk: chunks can split a multi-byte character (reference §10).
    const err = text(stderr);
    return { rc, stdout: text(stdout), stderr: opts.keepClixml ? err : decodeClixml(err) };
  }

  /** A long-lived process (the agent): its shell is never recycled under it (shell-pool.ts). */
  async spawn(commandLine: string): Promise<RemoteProcess> {
    return processOf(await this.shells.startLong(commandLine, 'the winbook agent'));
  }

  /** Writes `data` to `remotePath` on the host (upload.ts); the file is replaced, its folder must exist. */
  upload(remotePath: string, data: string | Buffer): Promise<void> {
    return this.uploadTo(remotePath, toBuffer(data));
  }

  /** The agent's staged-upload file for `key`, written by the same script (upload.ts, `STAGE KEY`). */
  stageUpload(key: string, data: Buffer, sha256?: string): Promise<void> {
    return this.uploadTo({ stagedKey: key }, data, sha256);
  }

  private async uploadTo(target: UploadTarget, data: Buffer, sha256?: string): Promise<void> {
    // Content is the one thing that fills envelopes: learn how large the host allows them first (once per host).
    await this.readConfig();
    const proc = processOf(await this.shells.startShort(uploadCommandLine(), 'an upload'));
    try {
      await uploadThrough(proc, this.host, target, data, sha256);
    } finally {
      await proc.signal('terminate').catch(() => {
        // Already exited and freed, or the shell is gone; the host frees it with the shell anyway.
      });
    }
  }

  async close(): Promise<void> {
    try {
      await this.shells.close();
    } catch {
      // Best effort: the shell may already be gone (idle timeout) and the host expires it anyway.
    }
    try {
      await this.channel.close();
    } catch {
      // close() never throws (Transport contract).
    }
  }

  stats(): TransportStats {
    return { requests: this.channel.requests };
  }

  /** MaxEnvelopeSizekb for every shell of the host, and the operations quota for the pool; once per transport. */
  private readConfig(): Promise<void> {
    this.configRead ??= (async () => {
      const primary = this.shells.primary;
      const size = await primary.readMaxEnvelopeSize();
      for (const s of this.shells.shells) s.useEnvelopeSize(size);
      this.shells.learnQuota(primary.configuredOperationsQuota);
    })().catch((e: unknown) => {
      this.configRead = undefined;
      throw e;
    });
    return this.configRead;
  }

  /** The shells open on the host now (1, or 2 while the agent holds the first and raw commands ran). */
  get shellCount(): number {
    return this.shells.shells.length;
  }
}

/**
 * Frees the command on the host; a failure here must not hide the command's own result or error. The command has
 * ended for the pool once the Signal is posted, before its reply: whatever the pool sends next on that shell (a
 * Delete to recycle it) goes out on the same connection after the SignalResponse, one exchange at a time.
 */
async function terminate(shell: WinrsShell, commandId: string, done: () => void): Promise<void> {
  const signalled = shell.signal(commandId, 'terminate');
  done();
  try {
    await signalled;
  } catch {
    // Already freed or the shell is gone; the host frees it with the shell anyway.
  }
}

/** A started command as a RemoteProcess; it has ended for the pool once it reported Done or was terminated. */
function processOf(c: StartedCommand): RemoteProcess {
  const { shell, commandId, done } = c;
  return {
    write: (data, end = false) => shell.send(commandId, toBuffer(data), end),
    read: async () => {
      const out = await shell.receive(commandId);
      if (out.done) done();
      return out;
    },
    signal: async (kind) => {
      try {
        await shell.signal(commandId, kind);
      } finally {
        if (kind === 'terminate') done();
      }
    },
  };
}

function policyOrError(settings: ConnectionSettings): WirePolicy | Error {
  try {
    return wirePolicy(settings);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

function toBuffer(data: string | Buffer): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

function text(chunks: Buffer[]): string {
  return Buffer.concat(chunks).toString('utf8');
}

/** The listener URL for the a:To header; IPv6 literals need brackets. */
export function endpointUrl(s: Pick<ConnectionSettings, 'scheme' | 'address' | 'port'>): string {
  const host = s.address.includes(':') && !s.address.startsWith('[') ? `[${s.address}]` : s.address;
  return `${s.scheme}://${host}:${s.port}/wsman`;
}

/**
 * The Kerberos handshake of kerberos-handshake.ts, its code (kerberos/: the KDC client, ticket and AES/RC4 crypto,
 * 30-odd modules) loaded when a connection first authenticates with Kerberos, so NTLM and Basic runs never load it.
 */
function lazyKerberos(s: ConnectionSettings, k: KerberosSettings, tickets: TicketCache | undefined): NonNullable<WinrmHttpOptions['kerberos']> {
  return async (cb, ntlmFallback) => (await import('./kerberos-handshake.ts')).kerberosHandshake(s, k, tickets)(cb, ntlmFallback);
}
