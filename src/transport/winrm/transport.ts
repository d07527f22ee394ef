/**
 * The WinRM Transport: one WinRS shell per host, opened once and reused by every task (design.md §4). Commands
 * run as Command, optional Send, Receive until Done, then Signal terminate, which the spec says the client MUST
 * send before the next command ([MS-WSMV] 3.1.4.12).
 */
import { RemoteError } from '../../errors.ts';
import type { ConnectionSettings, ExecOptions, ExecResult, RemoteProcess, Transport, TransportStats } from '../types.ts';
import type { SoapChannel } from './channel.ts';
import { decodeClixml } from './clixml.ts';
import { WinrmHttpChannel } from './http/connection.ts';
import { WinrsShell } from './shell.ts';

export interface WinrmTransportDeps {
  channel?: SoapChannel;
  /** MessageID generator, for tests. */
  newId?: () => string;
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
  private readonly channel: SoapChannel;
  private readonly shell: WinrsShell;

  constructor(settings: ConnectionSettings, deps: WinrmTransportDeps = {}) {
    this.host = settings.host;
    this.channel =
      deps.channel ??
      new WinrmHttpChannel({
        host: settings.host,
        address: settings.address,
        port: settings.port,
        scheme: settings.scheme as 'http',
        username: settings.user,
        password: settings.password,
        encryption: settings.messageEncryption !== 'never',
        readTimeoutMs: settings.readTimeoutSec * 1000,
      });
    this.shell = new WinrsShell(this.channel, {
      host: settings.host,
      to: endpointUrl(settings),
      operationTimeoutSec: settings.operationTimeoutSec,
      newId: deps.newId,
    });
  }

  async open(): Promise<void> {
    await this.shell.create({ codepage: 65001 });
  }

  async exec(commandLine: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const commandId = await this.shell.command(commandLine);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const abort = new AbortController();
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => abort.abort(), opts.timeoutMs);
    let rc = 0;
    try {
      if (opts.stdin !== undefined) await this.shell.send(commandId, toBuffer(opts.stdin), true);
      for (;;) {
        const out = await this.shell.receive(commandId, abort.signal);
        stdout.push(out.stdout);
        stderr.push(out.stderr);
        if (out.done) {
          rc = out.rc ?? 0;
          break;
        }
      }
    } catch (e) {
      await this.terminate(commandId);
      if (abort.signal.aborted && opts.timeoutMs !== undefined) {
        throw new CommandTimeoutError(this.host, opts.timeoutMs, text(stdout), decodeClixml(text(stderr)));
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
    await this.terminate(commandId);
    // Decode only after joining every chunk: chunks can split a multi-byte character (reference §10).
    return { rc, stdout: text(stdout), stderr: decodeClixml(text(stderr)) };
  }

  async spawn(commandLine: string): Promise<RemoteProcess> {
    const commandId = await this.shell.command(commandLine);
    const shell = this.shell;
    return {
      write: (data, end = false) => shell.send(commandId, toBuffer(data), end),
      read: () => shell.receive(commandId),
      signal: (kind) => shell.signal(commandId, kind),
    };
  }

  async close(): Promise<void> {
    try {
      await this.shell.delete();
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

  /** Frees the command on the host; a failure here must not hide the command's own result or error. */
  private async terminate(commandId: string): Promise<void> {
    try {
      await this.shell.signal(commandId, 'terminate');
    } catch {
      // Already freed or the shell is gone; the host frees it with the shell anyway.
    }
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
