/**
 * Read the listener's WS-Man configuration: transfer/Get on the config resource, as `winrm get winrm/config` and
 * pypsrp's WSMan.update_max_payload_size do ([MS-WSMV] 3.1.4.8, 2.2.4.5 cfg:Config). Two settings are used:
 * MaxEnvelopeSizekb caps every request the host accepts (a larger one is HTTP 413 or w:EncodingLimit), and
 * Service/MaxConcurrentOperationsPerUser bounds the Commands one user's shells may start (shell-pool.ts).
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
  return parseHostConfig(xml, ctx).maxEnvelopeSize;
}

export interface HostConfig {
  /** MaxEnvelopeSizekb in bytes. */
  maxEnvelopeSize?: number;
  /** Service/MaxConcurrentOperationsPerUser. */
  maxConcurrentOperationsPerUser?: number;
}

/** The settings winbook uses from a config GetResponse; each undefined when absent or not a positive integer. */
export function parseHostConfig(xml: string | Envelope, ctx: ReplyContext = {}): HostConfig {
  const config = bodyElement(parseEnvelope(xml, ctx), NS.cfg, 'Config', ctx);
  const kb = positive(child(config, NS.cfg, 'MaxEnvelopeSizekb')?.text);
  const ops = positive(child(child(config, NS.cfg, 'Service'), NS.cfg, 'MaxConcurrentOperationsPerUser')?.text);
  return { maxEnvelopeSize: kb === undefined ? undefined : kb * 1024, maxConcurrentOperationsPerUser: ops };
}

function positive(raw: string | undefined): number | undefined {
  const text = raw?.trim() ?? '';
  return /^[0-9]{1,10}$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}
