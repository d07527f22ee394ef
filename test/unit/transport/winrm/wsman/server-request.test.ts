import { describe, expect, it } from 'vitest';
import { NS } from '../../../../../src/transport/winrm/wsman/namespaces.ts';
import { parseWsmanRequest, WsmanRequestFault } from '../../../../../src/transport/winrm/wsman/server.ts';
import { actionOf, loadRecorded, recordedNames } from '../../../../helpers/recorded.ts';

const ACTIONS: Record<string, string> = {
  Create: 'create', Command: 'command', Send: 'send', Receive: 'receive', Signal: 'signal', Delete: 'delete', Get: 'get',
};

describe.each(recordedNames())('parseWsmanRequest on recorded %s', (name) => {
  it('reads every request: action, MessageID, timeout, envelope size, ShellId', () => {
    for (const m of loadRecorded(name)) {
      const { action, messageId } = actionOf(m.request);
      const r = parseWsmanRequest(m.request);
      expect(r.action).toBe(ACTIONS[action]);
      if (r.action === 'identify') continue;
      expect(r.messageId).toBe(messageId);
      expect([10_000, 20_000]).toContain(r.operationTimeoutMs);
      expect(r.maxEnvelopeSize).toBe(153600);
      if (r.action !== 'create' && r.action !== 'get' && r.action !== 'unknown') expect(r.shellId).toMatch(/^[0-9A-F-]{36}$/);
    }
  });
});

describe('parseWsmanRequest: recorded details', () => {
  it('reads Command and Arguments, and WINRS_SKIP_CMD_SHELL', () => {
    const r = parseWsmanRequest(loadRecorded('test_winrs_no_cmd_shell')[1]!.request);
    expect(r).toMatchObject({ action: 'command', command: 'powershell.exe', arguments: ['Write-Host', 'hi'], skipCmdShell: true });
  });

  it('reads stdin chunks with End in any case', () => {
    const [, , first, second] = loadRecorded('test_winrs_send');
    const a = parseWsmanRequest(first!.request);
    const b = parseWsmanRequest(second!.request);
    if (a.action !== 'send' || b.action !== 'send') throw new Error('expected Send');
    expect(a.streams[0]).toMatchObject({ name: 'stdin', end: false, commandId: 'B0973E54-434E-4D99-B4BE-ADE584CE3BFB' });
    expect(a.streams[0]!.data.toString()).toBe('Write-Host "output 1";');
    expect(b.streams[0]!.end).toBe(true);
  });

  it('reads Create options, environment, working directory and idle timeout', () => {
    const env = parseWsmanRequest(loadRecorded('test_winrs_environment')[0]!.request);
    expect(env).toMatchObject({ action: 'create', env: { env1: 'var1', '1234': '5678' } });
    const extra = parseWsmanRequest(loadRecorded('test_winrs_extra_opts')[0]!.request);
    expect(extra).toMatchObject({ workingDirectory: 'C:\\Windows', idleTimeout: 'PT60S', noProfile: false });
    expect(parseWsmanRequest(loadRecorded('test_winrs_noprofile')[0]!.request)).toMatchObject({ noProfile: true });
    expect(parseWsmanRequest(loadRecorded('test_winrs_unicode')[0]!.request)).toMatchObject({ codepage: 65001 });
  });

  it('parses a Receive without CommandId with commandId undefined', () => {
    const r = parseWsmanRequest(loadRecorded('test_winrs_fail_poll_process')[1]!.request);
    expect(r).toMatchObject({ action: 'receive', commandId: undefined, streams: ['stdout', 'stderr'] });
  });

  it('reads the Signal code and the Get resource', () => {
    expect(parseWsmanRequest(loadRecorded('test_winrs_standard')[3]!.request)).toMatchObject({
      action: 'signal',
      code: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/ctrl_c',
    });
    expect(parseWsmanRequest(loadRecorded('test_wsman_update_envelope_size_500')[0]!.request)).toMatchObject({
      action: 'get',
      resourceUri: 'http://schemas.microsoft.com/wbem/wsman/1/config',
      shellId: undefined,
    });
  });
});

/** A pywinrm-style request: `env:` prefix, unprefixed mustUnderstand, TRUE, a `ShellID` selector, Windows' timeout. */
function pywinrmStyle(timeout: string, body = '<rsp:Receive><rsp:DesiredStream CommandId="C1">stdout stderr</rsp:DesiredStream></rsp:Receive>'): string {
  return (
    `<env:Envelope xmlns:env="${NS.s}" xmlns:a="${NS.a}" xmlns:w="${NS.w}" xmlns:rsp="${NS.rsp}"><env:Header>` +
    `<a:To>http://windows-host:5985/wsman</a:To><a:MessageID>uuid:abcdef01-2345-6789-abcd-ef0123456789</a:MessageID>` +
    `<w:OperationTimeout>${timeout}</w:OperationTimeout>` +
    `<w:ResourceURI mustUnderstand="true">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI>` +
    `<a:Action mustUnderstand="true">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive</a:Action>` +
    `<w:SelectorSet><w:Selector Name="ShellID">S1</w:Selector></w:SelectorSet>` +
    `<w:OptionSet><w:Option Name="WINRS_CONSOLEMODE_STDIN">TRUE</w:Option></w:OptionSet>` +
    `</env:Header><env:Body>${body}</env:Body></env:Envelope>`
  );
}

describe('parseWsmanRequest: tolerance and faults', () => {
  it('accepts other prefixes, unprefixed mustUnderstand and a ShellID selector, and keeps the MessageID verbatim', () => {
    const r = parseWsmanRequest(pywinrmStyle('PT60.000S'));
    expect(r).toMatchObject({ action: 'receive', shellId: 'S1', commandId: 'C1', operationTimeoutMs: 60_000 });
    expect(r.messageId).toBe('uuid:abcdef01-2345-6789-abcd-ef0123456789');
    if (r.action === 'receive') expect(r.selectors).toEqual({ ShellID: 'S1' });
  });

  it('defaults OperationTimeout to 60 s and MaxEnvelopeSize to 153600 when absent', () => {
    const xml = pywinrmStyle('PT1S').replace('<w:OperationTimeout>PT1S</w:OperationTimeout>', '');
    expect(parseWsmanRequest(xml)).toMatchObject({ operationTimeoutMs: 60_000, maxEnvelopeSize: 153600 });
  });

  it.each(['PT-1S', '-PT1S', 'PT', 'twenty', 'P1DT'])('rejects OperationTimeout %s as invalid_timeout', (bad) => {
    let fault: unknown;
    try {
      parseWsmanRequest(pywinrmStyle(bad));
    } catch (e) {
      fault = e;
    }
    expect(fault).toBeInstanceOf(WsmanRequestFault);
    expect((fault as WsmanRequestFault).spec).toEqual({ kind: 'invalid_timeout', detail: bad });
    expect((fault as WsmanRequestFault).messageId).toBe('uuid:abcdef01-2345-6789-abcd-ef0123456789');
  });

  it('reads booleans in any case', () => {
    const body = '<rsp:CommandLine><rsp:Command>dir</rsp:Command></rsp:CommandLine>';
    const xml = pywinrmStyle('PT20S', body).replace('/shell/Receive<', '/shell/Command<');
    expect(parseWsmanRequest(xml)).toMatchObject({ action: 'command', consoleModeStdin: true, skipCmdShell: false, command: 'dir' });
  });

  it('recognises Identify by its body', () => {
    const xml = `<s:Envelope xmlns:s="${NS.s}" xmlns:wsmid="${NS.wsmid}"><s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>`;
    expect(parseWsmanRequest(xml)).toEqual({ action: 'identify', messageId: undefined });
  });

  it('reports an unknown Action with its URI', () => {
    const xml = pywinrmStyle('PT20S').replace('windows/shell/Receive<', 'windows/shell/Frobnicate<');
    expect(parseWsmanRequest(xml)).toMatchObject({ action: 'unknown', actionUri: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Frobnicate' });
  });

  it('turns malformed XML into a WsmanRequestFault', () => {
    expect(() => parseWsmanRequest('<s:Envelope><oops>')).toThrow(WsmanRequestFault);
  });
});
