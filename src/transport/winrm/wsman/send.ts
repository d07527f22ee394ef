/** Write to a command's stdin: rsp:Send ([MS-WSMV] 3.1.4.13, 2.2.4.32; reference §4.3). */
import { buildEnvelope } from './header.ts';
import type { RequestContext, WsmanMessage } from './header.ts';
import { ACTION, DEFAULT_MAX_ENVELOPE_SIZE, NS, RESOURCE_URI } from './namespaces.ts';
import { bodyElement, parseEnvelope } from './parse.ts';
import type { Envelope, ReplyContext } from './parse.ts';
import { escapeAttr } from './xml.ts';

export interface SendOptions {
  shellId: string;
  commandId: string;
  data: Buffer;
  /** End="true" closes stdin after this chunk. */
  end: boolean;
}

export function buildSend(ctx: RequestContext, o: SendOptions): WsmanMessage {
  // End is optional (default false); written both ways as pypsrp does.
  const end = ` End="${o.end ? 'true' : 'false'}"`;
  return buildEnvelope(ctx, {
    action: ACTION.send,
    resourceUri: RESOURCE_URI.cmd,
    shellId: o.shellId,
    body:
      `<rsp:Send><rsp:Stream Name="stdin" CommandId="${escapeAttr(o.commandId)}"${end}>` +
      `${o.data.toString('base64')}</rsp:Stream></rsp:Send>`,
  });
}

export function parseSendResponse(xml: string | Envelope, ctx: ReplyContext = {}): void {
  bodyElement(parseEnvelope(xml, ctx), NS.rsp, 'SendResponse', ctx);
}

/**
 * The most stdin bytes one Send can carry within MaxEnvelopeSize, computed as pypsrp does: the room left after
 * an empty Send envelope plus 256 bytes of slack, as base64 (4 characters per 3 bytes).
 */
export function maxSendChunk(ctx: RequestContext, shellId: string, commandId: string): number {
  // A fixed id of the real length, so sizing the envelope does not use up an id from ctx.newId.
  const sizing = { ...ctx, newId: () => '00000000-0000-0000-0000-000000000000' };
  const empty = buildSend(sizing, { shellId, commandId, data: Buffer.alloc(0), end: true }).xml;
  const envelope = ctx.maxEnvelopeSize ?? DEFAULT_MAX_ENVELOPE_SIZE;
  const room = envelope - (Buffer.byteLength(empty) + 256);
  return Math.max(3, Math.floor(room / 4) * 3);
}
