/** Signal a command: rsp:Signal ([MS-WSMV] 3.1.4.12, 2.2.4.38; reference §4.5). */
import { buildEnvelope } from './header.ts';
import type { RequestContext, WsmanMessage } from './header.ts';
import { ACTION, NS, RESOURCE_URI, SIGNAL } from './namespaces.ts';
import { bodyElement, parseEnvelope } from './parse.ts';
import type { Envelope, ReplyContext } from './parse.ts';
import { escapeAttr } from './xml.ts';

export type SignalKind = keyof typeof SIGNAL;

export interface SignalOptions {
  shellId: string;
  commandId: string;
  /** `terminate` frees the command on the host (the spec says MUST before the next command); `ctrl_c` stops it. */
  code: SignalKind;
}

export function buildSignal(ctx: RequestContext, o: SignalOptions): WsmanMessage {
  return buildEnvelope(ctx, {
    action: ACTION.signal,
    resourceUri: RESOURCE_URI.cmd,
    shellId: o.shellId,
    body: `<rsp:Signal CommandId="${escapeAttr(o.commandId)}"><rsp:Code>${SIGNAL[o.code]}</rsp:Code></rsp:Signal>`,
  });
}

export function parseSignalResponse(xml: string | Envelope, ctx: ReplyContext = {}): void {
  bodyElement(parseEnvelope(xml, ctx), NS.rsp, 'SignalResponse', ctx);
}
