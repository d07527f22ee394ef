/**
 * Server role: read a client's WS-Man request the way Windows does (reference §3, §12 item 6). Lookups are by
 * namespace, mustUnderstand may come with or without a prefix, booleans in any case, the ShellId selector in any
 * case, and `To` is ignored.
 */
import type { FaultSpec, WsmanRequest } from './server-types.ts';
import { parseDurationMs } from './duration.ts';
import { ACTION, DEFAULT_MAX_ENVELOPE_SIZE, NS } from './namespaces.ts';
import { scanReply } from './reply-scanner.ts';
import { attrCI, child, childrenOf, parseXml, XmlSyntaxError } from './xml.ts';
import type { XmlElement } from './xml.ts';

/** A request Windows would answer with a fault; the caller adds messageId and machine and calls buildFault. */
export class WsmanRequestFault extends Error {
  readonly spec: Omit<FaultSpec, 'messageId' | 'machine'>;
  /** The request's MessageID when it could be read, for RelatesTo. */
  readonly messageId: string | undefined;

  constructor(spec: Omit<FaultSpec, 'messageId' | 'machine'>, messageId?: string) {
    super(`WS-Man request rejected: ${spec.kind}${spec.detail ? ` (${spec.detail})` : ''}`);
    this.name = 'WsmanRequestFault';
    this.spec = spec;
    this.messageId = messageId;
  }
}

const DEFAULT_OPERATION_TIMEOUT_MS = 60_000;

export function parseWsmanRequest(xml: string): WsmanRequest {
  let root: XmlElement;
  try {
    // The one-pass scanner first: it builds the tree the general parser would for the XML subset clients send, and
    // leaves anything else to it (so a request reads the same either way), but a 500 KB Send no longer costs a
    // validation pass and a copy of its Stream (issue 16: the server side of large envelopes).
    root = scanReply(xml) ?? parseXml(xml);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new WsmanRequestFault({ kind: 'invalid_parameter', detail: e.message });
    throw e;
  }
  const header = child(root, NS.s, 'Header');
  const body = child(root, NS.s, 'Body');
  if (root.ns !== NS.s || root.local !== 'Envelope' || !body) {
    throw new WsmanRequestFault({ kind: 'invalid_parameter', detail: 'not a SOAP 1.2 envelope' });
  }
  const messageId = child(header, NS.a, 'MessageID')?.text.trim();
  const actionUri = child(header, NS.a, 'Action')?.text.trim() ?? '';
  // Identify has no Action header, only wsmid:Identify in the body (reference §4.7).
  if (actionUri === '' && child(body, NS.wsmid, 'Identify')) return { action: 'identify', messageId };

  const common = {
    messageId: messageId ?? '',
    resourceUri: child(header, NS.w, 'ResourceURI')?.text.trim() ?? '',
    operationTimeoutMs: operationTimeout(child(header, NS.w, 'OperationTimeout'), messageId),
    maxEnvelopeSize: positiveInt(child(header, NS.w, 'MaxEnvelopeSize')?.text) ?? DEFAULT_MAX_ENVELOPE_SIZE,
    selectors: namedValues(child(header, NS.w, 'SelectorSet'), 'Selector'),
    options: namedValues(child(header, NS.w, 'OptionSet'), 'Option'),
  };
  const shellId = lookupCI(common.selectors, 'ShellId');
  switch (actionUri) {
    case ACTION.create:
      return { ...common, action: 'create', ...parseShell(child(body, NS.rsp, 'Shell'), common.options) };
    case ACTION.command: {
      const line = child(body, NS.rsp, 'CommandLine');
      return {
        ...common,
        action: 'command',
        shellId: shellId ?? '',
        commandId: line ? attrCI(line, 'CommandId') : undefined,
        command: child(line, NS.rsp, 'Command')?.text ?? '',
        arguments: childrenOf(line, NS.rsp, 'Arguments').map((a) => a.text),
        skipCmdShell: isTrue(lookupCI(common.options, 'WINRS_SKIP_CMD_SHELL')),
        // Absent means a pipe, as the spec's default; pywinrm sends TRUE, Ansible FALSE.
        consoleModeStdin: isTrue(lookupCI(common.options, 'WINRS_CONSOLEMODE_STDIN')),
      };
    }
    case ACTION.send:
      return {
        ...common,
        action: 'send',
        shellId: shellId ?? '',
        streams: childrenOf(child(body, NS.rsp, 'Send'), NS.rsp, 'Stream').map((s) => ({
          name: attrCI(s, 'Name') ?? '',
          commandId: attrCI(s, 'CommandId'),
          end: isTrue(attrCI(s, 'End')),
          data: Buffer.from(s.text.trim(), 'base64'),
        })),
      };
    case ACTION.receive: {
      const desired = child(child(body, NS.rsp, 'Receive'), NS.rsp, 'DesiredStream');
      return {
        ...common,
        action: 'receive',
        shellId: shellId ?? '',
        commandId: desired ? attrCI(desired, 'CommandId') : undefined,
        streams: (desired?.text ?? '').split(/\s+/).filter((s) => s !== ''),
      };
    }
    case ACTION.signal: {
      const signal = child(body, NS.rsp, 'Signal');
      return {
        ...common,
        action: 'signal',
        shellId: shellId ?? '',
        commandId: signal ? attrCI(signal, 'CommandId') : undefined,
        code: child(signal, NS.rsp, 'Code')?.text.trim() ?? '',
      };
    }
    case ACTION.delete:
      return { ...common, action: 'delete', shellId: shellId ?? '' };
    case ACTION.get:
      return { ...common, action: 'get', shellId };
    default:
      return { ...common, action: 'unknown', actionUri };
  }
}

function parseShell(shell: XmlElement | undefined, options: Record<string, string>) {
  const env: Record<string, string> = {};
  for (const v of childrenOf(child(shell, NS.rsp, 'Environment'), NS.rsp, 'Variable')) env[attrCI(v, 'Name') ?? ''] = v.text;
  const codepage = positiveInt(lookupCI(options, 'WINRS_CODEPAGE'));
  return {
    codepage,
    noProfile: isTrue(lookupCI(options, 'WINRS_NOPROFILE')),
    env,
    workingDirectory: child(shell, NS.rsp, 'WorkingDirectory')?.text,
    idleTimeout: child(shell, NS.rsp, 'IdleTimeOut')?.text.trim(),
    requestedShellId: shell ? attrCI(shell, 'ShellId') : undefined,
  };
}

function operationTimeout(el: XmlElement | undefined, messageId: string | undefined): number {
  if (!el) return DEFAULT_OPERATION_TIMEOUT_MS;
  const ms = parseDurationMs(el.text);
  // Windows answers PT-1S with 2150858767 "invalid timeout field in the SOAP header: PT-1S." (reference §3).
  if (ms === undefined) throw new WsmanRequestFault({ kind: 'invalid_timeout', detail: el.text.trim() }, messageId);
  return ms;
}

function namedValues(set: XmlElement | undefined, local: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of childrenOf(set, NS.w, local)) out[attrCI(el, 'Name') ?? ''] = el.text.trim();
  return out;
}

function lookupCI(values: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : values[key];
}

function isTrue(v: string | undefined): boolean {
  return v?.trim().toLowerCase() === 'true';
}

function positiveInt(v: string | undefined): number | undefined {
  const t = v?.trim();
  return t && /^\d+$/.test(t) ? Number(t) : undefined;
}
