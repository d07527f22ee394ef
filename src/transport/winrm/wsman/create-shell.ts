/** Create a WinRS shell: transfer/Create on the cmd resource ([MS-WSMV] 3.1.4.5, rsp:Shell 2.2.4.37; reference §4.1). */
import { buildEnvelope, wsBool } from './header.ts';
import type { RequestContext, WsmanMessage, WsmanOption } from './header.ts';
import { ACTION, NS, RESOURCE_URI } from './namespaces.ts';
import { bodyElement, parseEnvelope, WsmanReplyError } from './parse.ts';
import type { Envelope, ReplyContext } from './parse.ts';
import { attrCI, child, descendants, escapeAttr, escapeText } from './xml.ts';

export interface CreateShellOptions {
  /** WINRS_CODEPAGE: 65001 (UTF-8) unless told otherwise, so output decodes without guessing (reference §10). */
  codepage?: number;
  /** WINRS_NOPROFILE; false loads the user profile like pywinrm and Ruby. */
  noProfile?: boolean;
  env?: Record<string, string>;
  workingDirectory?: string;
  /** rsp:IdleTimeOut as an xs:duration, e.g. `PT7200S`. */
  idleTimeout?: string;
}

export function buildCreateShell(ctx: RequestContext, o: CreateShellOptions = {}): WsmanMessage {
  const options: WsmanOption[] = [
    { name: 'WINRS_NOPROFILE', value: wsBool(o.noProfile ?? false) },
    { name: 'WINRS_CODEPAGE', value: String(o.codepage ?? 65001) },
  ];
  // Element order as pypsrp sends it; Windows accepts any order.
  const parts = ['<rsp:InputStreams>stdin</rsp:InputStreams>', '<rsp:OutputStreams>stdout stderr</rsp:OutputStreams>'];
  if (o.idleTimeout !== undefined) parts.push(`<rsp:IdleTimeOut>${escapeText(o.idleTimeout)}</rsp:IdleTimeOut>`);
  if (o.workingDirectory !== undefined) {
    parts.push(`<rsp:WorkingDirectory>${escapeText(o.workingDirectory)}</rsp:WorkingDirectory>`);
  }
  const env = Object.entries(o.env ?? {});
  if (env.length > 0) {
    const vars = env.map(([k, v]) => `<rsp:Variable Name="${escapeAttr(k)}">${escapeText(v)}</rsp:Variable>`);
    parts.push(`<rsp:Environment>${vars.join('')}</rsp:Environment>`);
  }
  return buildEnvelope(ctx, {
    action: ACTION.create,
    resourceUri: RESOURCE_URI.cmd,
    options,
    body: `<rsp:Shell>${parts.join('')}</rsp:Shell>`,
  });
}

export interface CreateShellResult {
  shellId: string;
  owner?: string;
  clientIp?: string;
  idleTimeout?: string;
}

/**
 * The ShellId comes from the ResourceCreated selector (what pywinrm and Ruby read), else rsp:Shell/rsp:ShellId.
 * It is kept verbatim: WinRM 1.1 prefixed it with `uuid:` and expects it back that way.
 */
export function parseCreateShellResponse(xml: string | Envelope, ctx: ReplyContext = {}): CreateShellResult {
  const env = parseEnvelope(xml, ctx);
  const created = bodyElement(env, NS.x, 'ResourceCreated', ctx);
  const selector = descendants(created, NS.w, 'Selector').find((s) => attrCI(s, 'Name')?.toLowerCase() === 'shellid');
  const shell = child(env.body, NS.rsp, 'Shell');
  const shellId = (selector?.text ?? child(shell, NS.rsp, 'ShellId')?.text ?? '').trim();
  if (!shellId) {
    throw new WsmanReplyError('WINRM_BAD_REPLY', 'CreateResponse has no ShellId', { host: ctx.host });
  }
  const text = (local: string): string | undefined => child(shell, NS.rsp, local)?.text.trim() || undefined;
  return { shellId, owner: text('Owner'), clientIp: text('ClientIP'), idleTimeout: text('IdleTimeOut') };
}
