import { describe, expect, it } from 'vitest';
import { buildCommand } from '../../../../../src/transport/winrm/wsman/command.ts';
import { buildCreateShell } from '../../../../../src/transport/winrm/wsman/create-shell.ts';
import { buildEnvelope } from '../../../../../src/transport/winrm/wsman/header.ts';
import { NS } from '../../../../../src/transport/winrm/wsman/namespaces.ts';
import { buildReceive } from '../../../../../src/transport/winrm/wsman/receive.ts';
import { buildSend, maxSendChunk } from '../../../../../src/transport/winrm/wsman/send.ts';
import { parseWsmanRequest } from '../../../../../src/transport/winrm/wsman/server.ts';
import { buildSignal } from '../../../../../src/transport/winrm/wsman/signal.ts';
import { child, parseXml } from '../../../../../src/transport/winrm/wsman/xml.ts';

const ctx = { to: 'http://10.0.0.5:5985/wsman', operationTimeoutSec: 20, newId: () => 'a0b1c2d3-0000-4000-8000-0123456789ab' };

describe('buildEnvelope', () => {
  const msg = buildEnvelope(ctx, { action: 'urn:act', resourceUri: 'urn:res', shellId: 'S1', options: [{ name: 'O', value: 'v', mustComply: true }], body: '' });
  const header = child(parseXml(msg.xml), NS.s, 'Header')!;
  const h = (ns: string, local: string) => child(header, ns, local);

  it('writes the common header', () => {
    expect(msg.messageId).toBe('uuid:A0B1C2D3-0000-4000-8000-0123456789AB');
    expect(h(NS.a, 'MessageID')?.text).toBe(msg.messageId);
    expect(h(NS.a, 'To')?.text).toBe('http://10.0.0.5:5985/wsman');
    expect(child(h(NS.a, 'ReplyTo'), NS.a, 'Address')).toMatchObject({
      text: 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous',
      attrs: { mustUnderstand: 'true' },
    });
    expect(h(NS.w, 'MaxEnvelopeSize')).toMatchObject({ text: '153600', attrs: { mustUnderstand: 'true' } });
    expect(h(NS.w, 'Locale')?.attrs).toEqual({ lang: 'en-US', mustUnderstand: 'false' });
    expect(h(NS.p, 'DataLocale')?.attrs).toEqual({ lang: 'en-US', mustUnderstand: 'false' });
    expect(h(NS.w, 'OperationTimeout')?.text).toBe('PT20S');
    expect(h(NS.w, 'ResourceURI')?.text).toBe('urn:res');
    expect(h(NS.a, 'Action')).toMatchObject({ text: 'urn:act', attrs: { mustUnderstand: 'true' } });
    expect(child(h(NS.w, 'SelectorSet'), NS.w, 'Selector')).toMatchObject({ text: 'S1', attrs: { Name: 'ShellId' } });
    expect(child(h(NS.w, 'OptionSet'), NS.w, 'Option')).toMatchObject({ text: 'v', attrs: { Name: 'O', MustComply: 'true' } });
  });

  it('generates a fresh upper-case uuid MessageID by default', () => {
    const a = buildEnvelope({ to: 'x', operationTimeoutSec: 1 }, { action: 'a', resourceUri: 'r', body: '' });
    const b = buildEnvelope({ to: 'x', operationTimeoutSec: 1 }, { action: 'a', resourceUri: 'r', body: '' });
    expect(a.messageId).toMatch(/^uuid:[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(a.messageId).not.toBe(b.messageId);
  });
});

describe('action builders', () => {
  it('Create asks for UTF-8, loads the profile, and carries env and working directory', () => {
    const r = parseWsmanRequest(buildCreateShell(ctx, { env: { A: 'x & "y"' }, workingDirectory: 'C:\\Temp', idleTimeout: 'PT600S' }).xml);
    expect(r).toMatchObject({
      action: 'create', codepage: 65001, noProfile: false, env: { A: 'x & "y"' }, workingDirectory: 'C:\\Temp', idleTimeout: 'PT600S',
      options: { WINRS_NOPROFILE: 'FALSE', WINRS_CODEPAGE: '65001' },
    });
  });

  it('Command sends the whole line as Command, console stdin, under cmd.exe', () => {
    const r = parseWsmanRequest(buildCommand(ctx, { shellId: 'S', command: 'echo a <b> & c' }).xml);
    expect(r).toMatchObject({ action: 'command', shellId: 'S', command: 'echo a <b> & c', arguments: [], consoleModeStdin: true, skipCmdShell: false });
  });

  it('Send, Receive and Signal address the command', () => {
    const send = parseWsmanRequest(buildSend(ctx, { shellId: 'S', commandId: 'C', data: Buffer.from([0, 255, 10]), end: true }).xml);
    expect(send).toMatchObject({ action: 'send', streams: [{ name: 'stdin', commandId: 'C', end: true, data: Buffer.from([0, 255, 10]) }] });
    expect(parseWsmanRequest(buildReceive(ctx, { shellId: 'S', commandId: 'C' }).xml)).toMatchObject({ action: 'receive', commandId: 'C', streams: ['stdout', 'stderr'] });
    expect(parseWsmanRequest(buildSignal(ctx, { shellId: 'S', commandId: 'C', code: 'terminate' }).xml)).toMatchObject({
      code: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate',
    });
  });

  it('maxSendChunk fills MaxEnvelopeSize the way pypsrp computes it', () => {
    const empty = buildSend({ ...ctx, maxEnvelopeSize: 153600 }, { shellId: 'S', commandId: 'C', data: Buffer.alloc(0), end: true }).xml;
    const chunk = maxSendChunk({ ...ctx, maxEnvelopeSize: 153600 }, 'S', 'C');
    expect(chunk).toBe(Math.floor((153600 - (Buffer.byteLength(empty) + 256)) / 4) * 3);
    const full = buildSend({ ...ctx, maxEnvelopeSize: 153600 }, { shellId: 'S', commandId: 'C', data: Buffer.alloc(chunk), end: false }).xml;
    expect(Buffer.byteLength(full)).toBeLessThanOrEqual(153600);
  });
});
