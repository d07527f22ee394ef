/**
 * Read a command's output: rsp:Receive, a long poll ([MS-WSMV] 3.1.4.14, 2.2.4.26/2.2.4.27; reference §4.4). The
 * host answers when there is output, when the command ends, or with w:TimedOut after OperationTimeout.
 */
import { buildEnvelope } from './header.ts';
import type { RequestContext, WsmanMessage } from './header.ts';
import { ACTION, COMMAND_STATE, NS, RESOURCE_URI } from './namespaces.ts';
import { bodyElement, parseEnvelope, WsmanReplyError } from './parse.ts';
import type { Envelope, ReplyContext } from './parse.ts';
import { attrCI, child, childrenOf, escapeAttr } from './xml.ts';

export interface ReceiveOptions {
  shellId: string;
  commandId: string;
  streams?: string[];
}

export function buildReceive(ctx: RequestContext, o: ReceiveOptions): WsmanMessage {
  const streams = (o.streams ?? ['stdout', 'stderr']).join(' ');
  return buildEnvelope(ctx, {
    action: ACTION.receive,
    resourceUri: RESOURCE_URI.cmd,
    shellId: o.shellId,
    body: `<rsp:Receive><rsp:DesiredStream CommandId="${escapeAttr(o.commandId)}">${streams}</rsp:DesiredStream></rsp:Receive>`,
  });
}

export interface StreamChunk {
  name: string;
  commandId?: string;
  end: boolean;
  data: Buffer;
}

export interface ReceiveResult {
  /** Every Stream element in document order, empty End markers included. */
  chunks: StreamChunk[];
  /** Concatenated raw bytes per stream; decode text only after joining all replies (chunks split characters). */
  stdout: Buffer;
  stderr: Buffer;
  /** Last segment of the CommandState URI: `Running`, `Done` or `Pending`; undefined when the reply had none. */
  state?: string;
  done: boolean;
  exitCode?: number;
}

export function parseReceiveResponse(xml: string | Envelope, ctx: ReplyContext = {}): ReceiveResult {
  const resp = bodyElement(parseEnvelope(xml, ctx), NS.rsp, 'ReceiveResponse', ctx);
  const chunks: StreamChunk[] = childrenOf(resp, NS.rsp, 'Stream').map((s) => ({
    name: attrCI(s, 'Name') ?? '',
    commandId: attrCI(s, 'CommandId'),
    end: (attrCI(s, 'End') ?? '').toLowerCase() === 'true',
    data: Buffer.from(s.text.trim(), 'base64'),
  }));
  const join = (name: string): Buffer => {
    const parts = chunks.filter((c) => c.name === name && c.data.length > 0).map((c) => c.data);
    // One chunk with data (the usual reply) is its stream's bytes: no copy.
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  };
  const stateEl = child(resp, NS.rsp, 'CommandState');
  const stateUri = stateEl ? attrCI(stateEl, 'State') : undefined;
  const done = stateUri !== undefined && (stateUri === COMMAND_STATE.done || /\/CommandState\/Done$/i.test(stateUri));
  const exitText = child(stateEl, NS.rsp, 'ExitCode')?.text.trim();
  let exitCode: number | undefined;
  if (exitText) {
    exitCode = Number(exitText);
    if (!Number.isInteger(exitCode)) {
      throw new WsmanReplyError('WINRM_BAD_REPLY', `ExitCode "${exitText}" is not an integer`, { host: ctx.host });
    }
  }
  return {
    chunks,
    stdout: join('stdout'),
    stderr: join('stderr'),
    state: stateUri?.slice(stateUri.lastIndexOf('/') + 1),
    done,
    exitCode,
  };
}
