/** Start a command in a shell: rsp:CommandLine ([MS-WSMV] 3.1.4.11, 2.2.4.7; reference §4.2). */
import { buildEnvelope, wsBool } from './header.ts';
import type { RequestContext, WsmanMessage } from './header.ts';
import { ACTION, NS, RESOURCE_URI } from './namespaces.ts';
import { bodyElement, parseEnvelope, requireText } from './parse.ts';
import type { Envelope, ReplyContext } from './parse.ts';
import { child, escapeAttr, escapeText } from './xml.ts';

export interface CommandOptions {
  shellId: string;
  /** The program, or the whole command line (the host joins Command and Arguments with spaces anyway). */
  command: string;
  arguments?: string[];
  /** Client-chosen CommandId (Ruby sends one); the host echoes it. */
  commandId?: string;
  /** WINRS_CONSOLEMODE_STDIN: TRUE treats stdin as a console (pywinrm's default). */
  consoleModeStdin?: boolean;
  /** WINRS_SKIP_CMD_SHELL: FALSE runs the line under `cmd.exe /c`. */
  skipCmdShell?: boolean;
}

export function buildCommand(ctx: RequestContext, o: CommandOptions): WsmanMessage {
  const id = o.commandId === undefined ? '' : ` CommandId="${escapeAttr(o.commandId)}"`;
  const args = (o.arguments ?? []).map((a) => `<rsp:Arguments>${escapeText(a)}</rsp:Arguments>`).join('');
  return buildEnvelope(ctx, {
    action: ACTION.command,
    resourceUri: RESOURCE_URI.cmd,
    shellId: o.shellId,
    options: [
      { name: 'WINRS_CONSOLEMODE_STDIN', value: wsBool(o.consoleModeStdin ?? true) },
      { name: 'WINRS_SKIP_CMD_SHELL', value: wsBool(o.skipCmdShell ?? false) },
    ],
    body: `<rsp:CommandLine${id}><rsp:Command>${escapeText(o.command)}</rsp:Command>${args}</rsp:CommandLine>`,
  });
}

export function parseCommandResponse(xml: string | Envelope, ctx: ReplyContext = {}): { commandId: string } {
  const env = parseEnvelope(xml, ctx);
  const resp = bodyElement(env, NS.rsp, 'CommandResponse', ctx);
  return { commandId: requireText(child(resp, NS.rsp, 'CommandId'), 'CommandId', ctx) };
}
