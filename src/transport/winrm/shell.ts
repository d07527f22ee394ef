/**
 * One WinRS shell on one host, over a SoapChannel: Create, Command, Send, Receive, Signal, Delete (reference §4).
 * Each method is one WS-Man operation (Receive loops only on w:TimedOut); faults become WsmanFaultError with the
 * host and what was being done, and every reply's RelatesTo is checked against the request's MessageID.
 */
import { RemoteError } from '../../errors.ts';
import type { ProcessOutput } from '../types.ts';
import type { PostOptions, SoapChannel } from './channel.ts';
import { buildCommand, parseCommandResponse } from './wsman/command.ts';
import { buildCreateShell, parseCreateShellResponse } from './wsman/create-shell.ts';
import { buildDeleteShell, parseDeleteResponse } from './wsman/delete-shell.ts';
import { WsmanFaultError, isTimedOut, parseFault } from './wsman/fault.ts';
import { buildGetConfig, parseHostConfig } from './wsman/get-config.ts';
import type { RequestContext, WsmanMessage } from './wsman/header.ts';
import { checkRelatesTo, parseEnvelope } from './wsman/parse.ts';
import type { Envelope, ReplyContext } from './wsman/parse.ts';
import { buildReceive, parseReceiveResponse } from './wsman/receive.ts';
import { buildSend, maxSendChunk, parseSendResponse } from './wsman/send.ts';
import { buildSignal, parseSignalResponse } from './wsman/signal.ts';
import { DEFAULT_MAX_ENVELOPE_SIZE } from './wsman/namespaces.ts';

export interface WinrsShellOptions extends RequestContext {
  /** The inventory host name, for error messages. */
  host: string;
}

/**
 * The largest envelope winbook uses even when a host allows more: each Send is built, sealed and held in memory
 * whole, so this bounds the memory one upload costs per host.
 */
export const MAX_USED_ENVELOPE_SIZE = 8 * 1024 * 1024;

export class WinrsShell {
  private shellId: string | undefined;
  private readonly opts: WinrsShellOptions;
  private envelopeRead: Promise<number> | undefined;
  /**
   * Commands started since this shell was created: each holds one of the user's MaxConcurrentOperationsPerUser on
   * Windows until the shell is deleted, Signal terminate or not ([MS-WSMV] note <118>; shell-pool.ts).
   */
  commandsStarted = 0;
  /** MaxConcurrentOperationsPerUser as the host's configuration said, when readMaxEnvelopeSize() could read it. */
  configuredOperationsQuota: number | undefined;
  /** The last Send chunk size and what it was sized for: the agent writes every request to the same command. */
  private sendChunk: { shellId: string; commandId: string; maxEnvelopeSize: number; chunk: number } | undefined;

  constructor(
    private readonly channel: SoapChannel,
    opts: WinrsShellOptions,
  ) {
    // A copy: readMaxEnvelopeSize() raises maxEnvelopeSize for this shell only.
    this.opts = { ...opts };
  }

  /** The MaxEnvelopeSize requests are built for now (bytes). */
  get maxEnvelopeSize(): number {
    return this.opts.maxEnvelopeSize ?? DEFAULT_MAX_ENVELOPE_SIZE;
  }

  /**
   * Reads the host's MaxEnvelopeSizekb (get-config.ts) once and uses it, up to MAX_USED_ENVELOPE_SIZE, for every
   * later request: Sends then carry as much as the host accepts (Windows' default is 500 KB; the WS-Man default
   * of 150 KB assumed until then is what WinRM 2.0 hosts allow). A host that refuses the Get (a user who may not
   * read the configuration) keeps the assumed size; any other failure is thrown.
   */
  readMaxEnvelopeSize(): Promise<number> {
    this.envelopeRead ??= this.call(buildGetConfig(this.opts), 'reading the WS-Man configuration', parseHostConfig, { idempotent: true }).then(
      (config) => {
        this.configuredOperationsQuota = config.maxConcurrentOperationsPerUser;
        return this.useEnvelopeSize(config.maxEnvelopeSize);
      },
      (e: unknown) => {
        this.envelopeRead = undefined;
        if (e instanceof WsmanFaultError) return this.maxEnvelopeSize;
        throw e;
      },
    );
    return this.envelopeRead;
  }

  /** Builds later requests for `size` bytes as readMaxEnvelopeSize() does (another shell of the host read it). */
  useEnvelopeSize(size: number | undefined): number {
    if (size !== undefined) this.opts.maxEnvelopeSize = Math.min(size, MAX_USED_ENVELOPE_SIZE);
    return this.maxEnvelopeSize;
  }

  get id(): string | undefined {
    return this.shellId;
  }

  async create(o: { codepage?: number; env?: Record<string, string>; workingDirectory?: string } = {}): Promise<string> {
    const msg = buildCreateShell(this.opts, o);
    const { shellId } = await this.call(msg, 'creating the shell', parseCreateShellResponse);
    this.shellId = shellId;
    this.commandsStarted = 0;
    return shellId;
  }

  /** Runs the whole line as rsp:Command with no Arguments; the host runs it under `cmd.exe /c`. */
  async command(commandLine: string): Promise<string> {
    const msg = buildCommand(this.opts, { shellId: this.requireShell(), command: commandLine });
    const { commandId } = await this.call(msg, 'starting the command', parseCommandResponse);
    this.commandsStarted++;
    return commandId;
  }

  /** Writes stdin in as many Sends as it takes for each envelope to fit MaxEnvelopeSize. */
  async send(commandId: string, data: Buffer, end: boolean): Promise<void> {
    const shellId = this.requireShell();
    const chunk = this.sendChunkFor(shellId, commandId);
    let offset = 0;
    do {
      const part = data.subarray(offset, offset + chunk);
      offset += part.length;
      const last = offset >= data.length;
      const msg = buildSend(this.opts, { shellId, commandId, data: part, end: end && last });
      await this.call(msg, 'sending input', parseSendResponse);
    } while (offset < data.length);
  }

  /**
   * One Receive: output so far, as raw bytes. A w:TimedOut fault only means nothing happened within the operation
   * timeout, so it polls again ([MS-WSMV] 3.1.4.14.2).
   */
  async receive(commandId: string, signal?: AbortSignal): Promise<ProcessOutput> {
    const msg = (): WsmanMessage => buildReceive(this.opts, { shellId: this.requireShell(), commandId });
    for (;;) {
      signal?.throwIfAborted();
      try {
        const r = await this.call(msg(), 'receiving output', parseReceiveResponse, { signal, longPoll: true, idempotent: true });
        return { stdout: r.stdout, stderr: r.stderr, done: r.done, rc: r.done ? (r.exitCode ?? 0) : undefined };
      } catch (e) {
        if (!isTimedOut(e)) throw e;
      }
    }
  }

  /**
   * maxSendChunk builds an empty Send envelope to measure it: once per command and envelope size, not per Send (a
   * build per task-host on the agent path).
   */
  private sendChunkFor(shellId: string, commandId: string): number {
    const maxEnvelopeSize = this.maxEnvelopeSize;
    const known = this.sendChunk;
    if (known?.shellId === shellId && known.commandId === commandId && known.maxEnvelopeSize === maxEnvelopeSize) return known.chunk;
    const chunk = maxSendChunk(this.opts, shellId, commandId);
    this.sendChunk = { shellId, commandId, maxEnvelopeSize, chunk };
    return chunk;
  }

  async signal(commandId: string, kind: 'terminate' | 'ctrl_c'): Promise<void> {
    const msg = buildSignal(this.opts, { shellId: this.requireShell(), commandId, code: kind });
    await this.call(msg, `signalling ${kind}`, parseSignalResponse, { idempotent: true });
  }

  async delete(): Promise<void> {
    if (this.shellId === undefined) return;
    const msg = buildDeleteShell(this.opts, { shellId: this.shellId });
    this.shellId = undefined;
    await this.call(msg, 'deleting the shell', parseDeleteResponse, { idempotent: true });
  }

  private requireShell(): string {
    if (this.shellId === undefined) {
      throw new RemoteError('WINRM_NO_SHELL', 'no remote shell is open', { host: this.opts.host, hint: 'open() the transport first' });
    }
    return this.shellId;
  }

  private async call<T>(
    msg: WsmanMessage,
    operation: string,
    parse: (reply: Envelope, ctx: ReplyContext) => T,
    post: Omit<PostOptions, 'operation'> = {},
  ): Promise<T> {
    const ctx: ReplyContext = { host: this.opts.host, operation };
    const reply = await this.channel.post(msg.xml, { ...post, operation });
    const sealed = { sealed: reply.sealed === true };
    if (reply.status !== 200) {
      const fault = parseFault(reply.body, ctx, sealed);
      if (fault) throw fault;
      throw httpStatusError(reply.status, ctx);
    }
    // Parsed once: the RelatesTo check and the action's parser read the same tree.
    const env = parseEnvelope(reply.body, ctx, sealed);
    checkRelatesTo(env, msg.messageId, ctx);
    return parse(env, ctx);
  }
}

function httpStatusError(status: number, ctx: ReplyContext): RemoteError {
  const hint =
    status === 413
      ? 'the request exceeded the host\'s MaxEnvelopeSizekb; raise it with winrm set winrm/config @{MaxEnvelopeSizekb="500"}'
      : undefined;
  return new RemoteError('WINRM_HTTP_STATUS', `${ctx.operation}: the WinRM service answered HTTP ${status}`, {
    host: ctx.host,
    hint,
  });
}
