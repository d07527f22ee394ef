/**
 * Envelope-level reply parsing shared by every action's parser: find Header and Body by namespace, turn a SOAP
 * fault into a WsmanFaultError, and check that the reply's RelatesTo echoes our MessageID (pypsrp does the same on
 * every reply; a mismatch means a reply to another request reached us, reference §3).
 */
import { RemoteError } from '../../../errors.ts';
import { faultFromTree } from './fault.ts';
import { NS } from './namespaces.ts';
import { readReply } from './reply-scanner.ts';
import type { ReadReplyOptions } from './reply-scanner.ts';
import { child, XmlSyntaxError } from './xml.ts';
import type { XmlElement } from './xml.ts';

/** Who and what a reply belongs to, for error messages. */
export interface ReplyContext {
  host?: string;
  /** "creating the shell", "receiving output", ... */
  operation?: string;
}

/** The host answered something that is not the WS-Man reply we expected. */
export class WsmanReplyError extends RemoteError {}

export interface Envelope {
  header: XmlElement;
  body: XmlElement;
}

function replyError(message: string, ctx: ReplyContext, cause?: unknown): WsmanReplyError {
  const what = ctx.operation ? `${ctx.operation}: ` : '';
  return new WsmanReplyError('WINRM_BAD_REPLY', `${what}${message}`, {
    host: ctx.host,
    cause,
    hint: 'the endpoint may not be a WinRM listener (check the port and scheme), or a proxy altered the reply',
  });
}

/**
 * Parses a reply envelope; a SOAP fault is thrown as WsmanFaultError. An Envelope is returned as it is, so a reply
 * parsed once (to check its RelatesTo) is not parsed again by the action's parser.
 */
export function parseEnvelope(reply: string | Envelope, ctx: ReplyContext = {}, opts: ReadReplyOptions = {}): Envelope {
  if (typeof reply !== 'string') return reply;
  let root: XmlElement;
  try {
    root = readReply(reply, opts);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw replyError(`unreadable SOAP reply (${e.message})`, ctx, e);
    throw e;
  }
  if (root.ns !== NS.s || root.local !== 'Envelope') throw replyError(`expected a SOAP 1.2 Envelope, got <${root.local}>`, ctx);
  const header = child(root, NS.s, 'Header') ?? { ns: NS.s, local: 'Header', attrs: {}, children: [], text: '' };
  const body = child(root, NS.s, 'Body');
  if (!body) throw replyError('SOAP reply has no Body', ctx);
  if (child(body, NS.s, 'Fault')) throw faultFromTree(root, ctx) ?? replyError('unreadable SOAP fault', ctx);
  return { header, body };
}

/** The one element a reply body must hold, e.g. rsp:CommandResponse. */
export function bodyElement(env: Envelope, ns: string, local: string, ctx: ReplyContext = {}): XmlElement {
  const el = child(env.body, ns, local);
  if (!el) throw replyError(`reply body has no ${local}`, ctx);
  return el;
}

/** [MS-WSMV] 3.1.4.1 / WS-Addressing: the reply's RelatesTo must equal the request's MessageID. */
export function checkRelatesTo(env: Envelope, sentMessageId: string, ctx: ReplyContext = {}): void {
  const relatesTo = child(env.header, NS.a, 'RelatesTo')?.text.trim();
  if (relatesTo !== sentMessageId) {
    throw new WsmanReplyError(
      'WINRM_RELATES_TO_MISMATCH',
      `${ctx.operation ? `${ctx.operation}: ` : ''}reply RelatesTo ${relatesTo ?? '(none)'} does not match the request's MessageID ${sentMessageId}`,
      { host: ctx.host, hint: 'a proxy or load balancer mixed up replies; connect to the host directly' },
    );
  }
}

export function requireText(el: XmlElement | undefined, what: string, ctx: ReplyContext = {}): string {
  const t = el?.text.trim();
  if (!t) throw replyError(`reply has no ${what}`, ctx);
  return t;
}
