/** Delete a shell: transfer/Delete with the ShellId selector and an empty body ([MS-WSMV] 3.1.4.6; reference §4.6). */
import { buildEnvelope } from './header.ts';
import type { RequestContext, WsmanMessage } from './header.ts';
import { ACTION, RESOURCE_URI } from './namespaces.ts';
import { parseEnvelope } from './parse.ts';
import type { Envelope, ReplyContext } from './parse.ts';

export function buildDeleteShell(ctx: RequestContext, o: { shellId: string }): WsmanMessage {
  return buildEnvelope(ctx, { action: ACTION.delete, resourceUri: RESOURCE_URI.cmd, shellId: o.shellId, body: '' });
}

/** DeleteResponse has an empty body; a fault is thrown by parseEnvelope. */
export function parseDeleteResponse(xml: string | Envelope, ctx: ReplyContext = {}): void {
  parseEnvelope(xml, ctx);
}
