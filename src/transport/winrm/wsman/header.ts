/**
 * The SOAP envelope and header every client request shares ([MS-WSMV] 2.2.4 and 3.1.4.1; reference §3). Each
 * action's builder (create-shell.ts, command.ts, ...) supplies the Action, selectors, options and body.
 */
import { randomUUID } from 'node:crypto';
import { formatSeconds } from './duration.ts';
import { ANONYMOUS, DEFAULT_MAX_ENVELOPE_SIZE, NS } from './namespaces.ts';
import { escapeAttr, escapeText } from './xml.ts';

/** What stays the same for every request to one endpoint. */
export interface RequestContext {
  /** The listener URL (`http://host:5985/wsman`). Windows ignores it, but it is a required addressing header. */
  to: string;
  /** w:OperationTimeout; Receive long-polls this long before the host answers w:TimedOut. */
  operationTimeoutSec: number;
  maxEnvelopeSize?: number;
  locale?: string;
  /** Id generator, injectable so tests get stable MessageIDs. Defaults to crypto.randomUUID. */
  newId?: () => string;
}

export interface WsmanOption {
  name: string;
  value: string;
  mustComply?: boolean;
}

export interface EnvelopeParts {
  action: string;
  resourceUri: string;
  shellId?: string;
  options?: WsmanOption[];
  /** Body content (already serialised), empty for Delete. */
  body: string;
}

/** A built request and the MessageID its reply must echo in RelatesTo. */
export interface WsmanMessage {
  xml: string;
  messageId: string;
}

export function newMessageId(ctx: RequestContext): string {
  return `uuid:${(ctx.newId ?? randomUUID)().toUpperCase()}`;
}

export function buildEnvelope(ctx: RequestContext, parts: EnvelopeParts): WsmanMessage {
  const messageId = newMessageId(ctx);
  const locale = escapeAttr(ctx.locale ?? 'en-US');
  const header = [
    `<a:To>${escapeText(ctx.to)}</a:To>`,
    `<a:ReplyTo><a:Address s:mustUnderstand="true">${ANONYMOUS}</a:Address></a:ReplyTo>`,
    `<w:MaxEnvelopeSize s:mustUnderstand="true">${ctx.maxEnvelopeSize ?? DEFAULT_MAX_ENVELOPE_SIZE}</w:MaxEnvelopeSize>`,
    `<a:MessageID>${messageId}</a:MessageID>`,
    `<w:Locale xml:lang="${locale}" s:mustUnderstand="false"/>`,
    `<p:DataLocale xml:lang="${locale}" s:mustUnderstand="false"/>`,
    `<w:OperationTimeout>${formatSeconds(ctx.operationTimeoutSec)}</w:OperationTimeout>`,
    `<w:ResourceURI s:mustUnderstand="true">${escapeText(parts.resourceUri)}</w:ResourceURI>`,
    `<a:Action s:mustUnderstand="true">${escapeText(parts.action)}</a:Action>`,
    parts.shellId === undefined ? '' : selectorSet(parts.shellId),
    parts.options?.length ? optionSet(parts.options) : '',
  ].join('');
  const xml =
    `<s:Envelope xmlns:s="${NS.s}" xmlns:a="${NS.a}" xmlns:w="${NS.w}" xmlns:p="${NS.p}" xmlns:rsp="${NS.rsp}">` +
    `<s:Header>${header}</s:Header>` +
    (parts.body === '' ? '<s:Body/>' : `<s:Body>${parts.body}</s:Body>`) +
    '</s:Envelope>';
  return { xml, messageId };
}

function selectorSet(shellId: string): string {
  return `<w:SelectorSet><w:Selector Name="ShellId">${escapeText(shellId)}</w:Selector></w:SelectorSet>`;
}

// [MS-WSMV] 2.2.4.23 OptionSet; MustComply only where the caller insists (pypsrp's WINRS_NOPROFILE).
function optionSet(options: WsmanOption[]): string {
  const items = options.map((o) => {
    const comply = o.mustComply ? ' MustComply="true"' : '';
    return `<w:Option Name="${escapeAttr(o.name)}"${comply}>${escapeText(o.value)}</w:Option>`;
  });
  return `<w:OptionSet>${items.join('')}</w:OptionSet>`;
}

/** Boolean option text as pywinrm and Ruby write it. */
export function wsBool(b: boolean): string {
  return b ? 'TRUE' : 'FALSE';
}
