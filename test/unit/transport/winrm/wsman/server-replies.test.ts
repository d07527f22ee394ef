/**
 * Our server-role replies against the replies of real Windows hosts: built from the recorded values, they must
 * have the recorded structure (ids blanked) and parse with our client parsers. Differences allowed: Windows splits
 * output into chunks at its own boundaries, so consecutive data Streams are compared joined per stream; the
 * recorded Get of the config URI has no server builder here (the simulator owns cfg:Config).
 */
import { describe, expect, it } from 'vitest';
import { parseCommandResponse } from '../../../../../src/transport/winrm/wsman/command.ts';
import { parseCreateShellResponse } from '../../../../../src/transport/winrm/wsman/create-shell.ts';
import { parseDeleteResponse } from '../../../../../src/transport/winrm/wsman/delete-shell.ts';
import { parseFault } from '../../../../../src/transport/winrm/wsman/fault.ts';
import { NS } from '../../../../../src/transport/winrm/wsman/namespaces.ts';
import { parseReceiveResponse } from '../../../../../src/transport/winrm/wsman/receive.ts';
import { parseSendResponse } from '../../../../../src/transport/winrm/wsman/send.ts';
import {
  buildCommandResponse,
  buildCreateResponse,
  buildDeleteResponse,
  buildFault,
  buildReceiveResponse,
  buildSendResponse,
  buildSignalResponse,
  parseWsmanRequest,
} from '../../../../../src/transport/winrm/wsman/server.ts';
import type { WsmanFaultKind } from '../../../../../src/transport/winrm/wsman/server.ts';
import { parseSignalResponse } from '../../../../../src/transport/winrm/wsman/signal.ts';
import { attrCI, child, childrenOf, descendants, parseXml } from '../../../../../src/transport/winrm/wsman/xml.ts';
import { actionOf, loadRecorded, recordedNames, replyShape } from '../../../../helpers/recorded.ts';
import type { RecordedMessage, Shape } from '../../../../helpers/recorded.ts';

function faultKind(m: RecordedMessage): WsmanFaultKind {
  const f = parseFault(m.response)!;
  if (f.wsmanCode === 2150858793) return 'timed_out';
  if (f.wsmanCode === 87) return 'invalid_parameter';
  if (f.wsmanCode === 2147942402) return 'file_not_found';
  if (f.wsmanCode === 2150858843) return /command identifier/.test(f.reason) ? 'command_not_found' : 'shell_not_found';
  throw new Error(`no fault kind for ${f.wsmanCode}`);
}

/** Our reply for the same request and outcome as a recorded one, plus the client parser that must accept it. */
function ours(m: RecordedMessage): { xml: string; parse: (xml: string) => unknown } | undefined {
  const req = parseWsmanRequest(m.request);
  const messageId = actionOf(m.request).messageId;
  if (m.status !== 200) {
    const f = parseFault(m.response)!;
    return { xml: buildFault({ messageId, machine: f.machine!, kind: faultKind(m), shellId: 'S' }), parse: (x) => parseFault(x) };
  }
  const body = child(parseXml(m.response), NS.s, 'Body');
  switch (req.action) {
    case 'create': {
      const created = parseCreateShellResponse(m.response);
      const echoed: Record<string, string> = {};
      for (const v of descendants(body, NS.rsp, 'Variable')) echoed[attrCI(v, 'Name')!] = v.text;
      const xml = buildCreateResponse({
        messageId,
        shellId: created.shellId,
        address: descendants(body, NS.a, 'Address')[0]!.text,
        owner: created.owner!,
        clientIp: created.clientIp!,
        idleTimeout: req.idleTimeout,
        env: Object.keys(echoed).length ? echoed : undefined,
        workingDirectory: req.workingDirectory,
      });
      return { xml, parse: parseCreateShellResponse };
    }
    case 'command':
      return { xml: buildCommandResponse({ messageId, commandId: parseCommandResponse(m.response).commandId }), parse: parseCommandResponse };
    case 'send':
      return { xml: buildSendResponse({ messageId }), parse: parseSendResponse };
    case 'receive': {
      const r = parseReceiveResponse(m.response);
      const xml = buildReceiveResponse({ messageId, commandId: req.commandId!, stdout: r.stdout, stderr: r.stderr, done: r.done, exitCode: r.exitCode });
      return { xml, parse: parseReceiveResponse };
    }
    case 'signal':
      return { xml: buildSignalResponse({ messageId }), parse: parseSignalResponse };
    case 'delete':
      return { xml: buildDeleteResponse({ messageId }), parse: parseDeleteResponse };
    default:
      return undefined;
  }
}

/** Joins consecutive data Streams per stream name and sorts echoed environment variables (see file comment). */
function normalise(shape: Shape): Shape {
  const children = shape.children.map(normalise);
  if (shape.name === 'rsp:Environment') children.sort((a, b) => (a.attrs.Name ?? '').localeCompare(b.attrs.Name ?? ''));
  if (shape.name !== 'rsp:ReceiveResponse') return { ...shape, children };
  const data = new Map<string, Buffer[]>();
  const rest: Shape[] = [];
  for (const c of children) {
    const name = c.attrs.Name ?? '';
    if (c.name === 'rsp:Stream' && c.attrs.End === undefined) data.set(name, [...(data.get(name) ?? []), Buffer.from(c.text, 'base64')]);
    else rest.push(c);
  }
  const joined = [...data].map(([name, parts]) => ({ name: 'rsp:Stream', attrs: { CommandId: '*', Name: name }, text: Buffer.concat(parts).toString('base64'), children: [] }));
  return { ...shape, children: [...joined, ...rest] };
}

describe.each(recordedNames())('server replies against recorded %s', (name) => {
  it('have the recorded structure and parse with the client parsers', () => {
    for (const m of loadRecorded(name)) {
      const built = ours(m);
      if (!built) continue;
      expect(normalise(replyShape(built.xml))).toEqual(normalise(replyShape(m.response)));
      if (m.status === 200) expect(() => built.parse(built.xml)).not.toThrow();
      else expect(built.parse(built.xml)).toMatchObject(parseFault(m.response)!);
    }
  });
});

describe('server replies: details', () => {
  it('echo the request MessageID verbatim in RelatesTo and use upper-case uuid MessageIDs', () => {
    const xml = buildSignalResponse({ messageId: 'uuid:abcdef01-lower-case' });
    const header = child(parseXml(xml), NS.s, 'Header');
    expect(child(header, NS.a, 'RelatesTo')?.text).toBe('uuid:abcdef01-lower-case');
    expect(child(header, NS.a, 'MessageID')?.text).toMatch(/^uuid:[0-9A-F-]{36}$/);
    expect(child(header, NS.a, 'To')?.text).toBe('http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous');
  });

  it('split output into several chunks and, while running, send no ExitCode', () => {
    const xml = buildReceiveResponse({ messageId: 'uuid:X', commandId: 'C', stdout: Buffer.from('abcdefghij'), stderr: Buffer.alloc(0), done: false, maxChunk: 4 });
    const resp = child(child(parseXml(xml), NS.s, 'Body'), NS.rsp, 'ReceiveResponse');
    expect(childrenOf(resp, NS.rsp, 'Stream').map((s) => Buffer.from(s.text, 'base64').toString())).toEqual(['abcd', 'efgh', 'ij']);
    expect(parseReceiveResponse(xml)).toMatchObject({ state: 'Running', done: false, exitCode: undefined });
  });

  it('echo IdleTimeOut the way Windows does', () => {
    const base = { messageId: 'uuid:X', shellId: 'S', address: 'http://h:5985/wsman', owner: 'u', clientIp: '127.0.0.1' };
    const idle = (xml: string): string | undefined => parseCreateShellResponse(xml).idleTimeout;
    expect(idle(buildCreateResponse(base))).toBe('PT7200.000S');
    expect(idle(buildCreateResponse({ ...base, idleTimeout: 'PT60S' }))).toBe('PT60.000S');
  });
});

describe('buildFault', () => {
  const reasonOf = (xml: string): string => descendants(parseXml(xml), NS.s, 'Text')[0]!.text;
  const actionOfFault = (xml: string): string => child(child(parseXml(xml), NS.s, 'Header'), NS.a, 'Action')!.text;

  it('writes the TimedOut text with two trailing spaces', () => {
    const xml = buildFault({ messageId: 'uuid:M', machine: '10.0.0.5', kind: 'timed_out' });
    expect(reasonOf(xml)).toBe('The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  ');
    expect(parseFault(xml)).toMatchObject({ wsmanCode: 2150858793, subcode: 'TimedOut', machine: '10.0.0.5' });
  });

  it('names the ShellId in the shell-not-found text', () => {
    const f = parseFault(buildFault({ messageId: 'uuid:M', machine: 'h', kind: 'shell_not_found', shellId: 'ABC-123' }))!;
    expect(f).toMatchObject({ wsmanCode: 2150858843, subcode: 'InvalidSelectors' });
    expect(f.reason).toBe(
      'The request for the Windows Remote Shell with ShellId ABC-123 failed because the shell was not found on the server. Possible causes are: the specified ShellId is incorrect or the shell no longer exists on the server. Provide the correct ShellId or create a new shell and retry the operation.',
    );
    expect(f.hint).toMatch(/shell expired/);
  });

  it('writes the invalid timeout fault with the addressing fault Action', () => {
    const xml = buildFault({ messageId: 'uuid:M', machine: 'h', kind: 'invalid_timeout', detail: 'PT-1S' });
    expect(actionOfFault(xml)).toBe('http://schemas.xmlsoap.org/ws/2004/08/addressing/fault');
    expect(parseFault(xml)).toMatchObject({
      wsmanCode: 2150858767,
      subcode: 'InvalidMessageInformationHeader',
      reason: 'The WS-Management service cannot process the request. The XML contains an invalid timeout field in the SOAP header: PT-1S.',
    });
  });

  it('puts the limit in the quota texts and hints at the setting to raise', () => {
    const shells = parseFault(buildFault({ messageId: 'uuid:M', machine: 'h', kind: 'max_shells', limit: 5 }))!;
    expect(shells.wsmanCode).toBe(2150859173);
    expect(shells.reason).toContain('maximum number of 5 concurrent shells');
    expect(shells.hint).toContain('winrm set winrm/config/winrs @{MaxShellsPerUser="..."}');
    const ops = parseFault(buildFault({ messageId: 'uuid:M', machine: 'h', kind: 'max_operations', limit: 1500 }))!;
    expect(ops.wsmanCode).toBe(2150859174);
    expect(ops.reason).toContain('maximum number of 1500 concurrent operations');
    expect(ops.hint).toContain('MaxConcurrentOperationsPerUser');
  });

  it.each([
    ['access_denied', 2147942405, 'InternalError', /Remote Management Users/],
    ['filename_too_long', 2147942606, 'InternalError', /8191/],
    ['command_not_found', 2150858843, 'InvalidSelectors', /command already finished/],
    ['action_not_supported', 2150858771, 'ActionNotSupported', undefined],
  ] as const)('writes %s with code %d', (kind, code, subcode, hint) => {
    const f = parseFault(buildFault({ messageId: 'uuid:M', machine: 'h', kind }))!;
    expect(f).toMatchObject({ wsmanCode: code, subcode, machine: 'h' });
    if (hint) expect(f.hint).toMatch(hint);
  });
});
