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
import { isTimedOut, parseFault } from './wsman/fault.ts';
import type { RequestContext, WsmanMessage } from './wsman/header.ts';
import { checkRelatesTo, parseEnvelope } from './wsman/parse.ts';
import type { Envelope, ReplyContext } from './wsman/parse.ts';
import { buildReceive, parseReceiveResponse } from './wsman/receive.ts';
import { buildSend, maxSendChunk, parseSendResponse } from './wsman/send.ts';
import { buildSignal, parseSignalResponse } from './wsman/signal.ts';

export interface WinrsShellOptions extends RequestContext {
  /** The inventory host name, for error messages. */
  host: string;
}

export class WinrsShell {
  private shellId: string | undefined;

  constructor(
    private readonly channel: SoapChannel,
    private readonly opts: WinrsShellOptions,
  ) {}

  get id(): string | undefined {
    return this.shellId;
  }

  async create(o: { codepage?: number; env?: Record<string, string>; workingDirectory?: string } = {}): Promise<string> {
    const msg = buildCreateShell(this.opts, o);
    const { shellId } = await this.call(msg, 'creating the shell', parseCreateShellResponse);
    this.shellId = shellId;
    return shellId;
  }

  /** Runs the whole line as rsp:Command with no Arguments; the host runs it under `cmd.exe /c`. */
  async command(commandLine: string): Promise<string> {
    const msg = buildCommand(this.opts, { shellId: this.requireShell(), command: commandLine });
    return (await this.call(msg, 'starting the command', parseCommandResponse)).commandId;
  }

  /** Writes stdin in as many Sends as it takes for each envelope to fit MaxEnvelopeSize. */
  async send(commandId: string, data: Buffer, end: boolean): Promise<void> {
    const shellId = this.requireShell();
    const chunk = maxSendChunk(this.opts, shellId, commandId);
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
