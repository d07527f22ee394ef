/**
 * Read the listener's WS-Man configuration: transfer/Get on the config resource, as `winrm get winrm/config` and
 * pypsrp's WSMan.update_max_payload_size do ([MS-WSMV] 3.1.4.8, 2.2.4.5 cfg:Config). Only MaxEnvelopeSizekb is
 * used: it caps every request the host accepts (a larger one is HTTP 413 or w:EncodingLimit).
 */
import { buildEnvelope } from './header.ts';
import type { RequestContext, WsmanMessage } from './header.ts';
import { ACTION, NS, RESOURCE_URI } from './namespaces.ts';
import { bodyElement, parseEnvelope } from './parse.ts';
import type { Envelope, ReplyContext } from './parse.ts';
import { child } from './xml.ts';

export function buildGetConfig(ctx: RequestContext): WsmanMessage {
  return buildEnvelope(ctx, { action: ACTION.get, resourceUri: RESOURCE_URI.config, body: '' });
}

/** cfg:MaxEnvelopeSizekb from a GetResponse, in bytes; undefined when absent or not a positive integer. */
export function parseMaxEnvelopeSize(xml: string | Envelope, ctx: ReplyContext = {}): number | undefined {
  const config = bodyElement(parseEnvelope(xml, ctx), NS.cfg, 'Config', ctx);
  const text = child(config, NS.cfg, 'MaxEnvelopeSizekb')?.text.trim() ?? '';
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) === 0) return undefined;
  return Number(text) * 1024;
}
