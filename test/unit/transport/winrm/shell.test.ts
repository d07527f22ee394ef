import { describe, expect, it } from 'vitest';
import type { PostOptions, SoapChannel, SoapReply } from '../../../../src/transport/winrm/channel.ts';
import { WinrsShell } from '../../../../src/transport/winrm/shell.ts';
import { WsmanFaultError } from '../../../../src/transport/winrm/wsman/fault.ts';
import { WsmanReplyError } from '../../../../src/transport/winrm/wsman/parse.ts';
import {
  buildCommandResponse,
  buildCreateResponse,
  buildFault,
  buildGetConfigResponse,
  buildSendResponse,
  parseWsmanRequest,
} from '../../../../src/transport/winrm/wsman/server.ts';
import type { WsmanRequest } from '../../../../src/transport/winrm/wsman/server.ts';
import { loadRecorded, recordedIds, ReplayChannel } from '../../../helpers/recorded.ts';

const TO = 'http://192.168.56.11:5985/wsman';

function replayShell(name: string): { shell: WinrsShell; channel: ReplayChannel } {
  const messages = loadRecorded(name);
  const channel = new ReplayChannel(messages);
  const shell = new WinrsShell(channel, { host: 'web1', to: TO, operationTimeoutSec: 20, newId: recordedIds(messages) });
  return { shell, channel };
}

/** A channel answering through a handler, for behaviour no recording covers (chunking). */
class ScriptedChannel implements SoapChannel {
  readonly requestsSeen: WsmanRequest[] = [];
  readonly sizes: number[] = [];
  constructor(private readonly answer: (r: WsmanRequest) => SoapReply) {}
  get requests(): number {
    return this.requestsSeen.length;
  }
  async post(envelope: string, _opts: PostOptions): Promise<SoapReply> {
    const r = parseWsmanRequest(envelope);
    this.requestsSeen.push(r);
    this.sizes.push(Buffer.byteLength(envelope));
    return this.answer(r);
  }
  async close(): Promise<void> {}
}

describe('WinrsShell against recorded exchanges', () => {
  it('runs the standard lifecycle: create, command, receive, signal, delete', async () => {
    const { shell, channel } = replayShell('test_winrs_standard');
    expect(await shell.create()).toBe('4283CBDC-3706-415B-88BD-B385F3E51A53');
    const id = await shell.command('cmd.exe /c echo hi');
    expect(id).toBe('CF84C20A-0A35-43FA-AF78-0B4711DA5F30');
    const out = await shell.receive(id);
    expect(out).toMatchObject({ done: true, rc: 0 });
    expect(out.stdout.toString()).toBe('hi\r\n');
    await shell.signal(id, 'ctrl_c');
    await shell.delete();
    expect(channel.remaining).toBe(0);
  });

  it('polls again after w:TimedOut faults and returns when output arrives', async () => {
    const { shell, channel } = replayShell('test_winrs_operation_timeout');
    await shell.create();
    const id = await shell.command('powershell.exe Write-Host hi; Start-Sleep 30; Write-Host hi again');
    const first = await shell.receive(id);
    expect(first).toMatchObject({ done: false, rc: undefined });
    expect(first.stdout.toString()).toBe('hi\n');
    const second = await shell.receive(id); // two TimedOut faults, then Done: one call
    expect(second).toMatchObject({ done: true, rc: 0 });
    expect(second.stdout.toString()).toBe('hi again\n');
    expect(channel.requests).toBe(6);
  });

  it('sends stdin in two Sends, End only on the last', async () => {
    const { shell, channel } = replayShell('test_winrs_send');
    await shell.create();
    const id = await shell.command('powershell.exe -');
    await shell.send(id, Buffer.from('Write-Host "output 1";'), false);
    await shell.send(id, Buffer.from('Write-Host "output 2";'), true);
    const out = await shell.receive(id);
    expect(out.stdout.toString()).toBe('output 1\noutput 2\n');
    const sends = channel.sent.slice(2, 4).map(parseWsmanRequest);
    expect(sends.map((r) => (r.action === 'send' ? r.streams[0]!.end : undefined))).toEqual([false, true]);
  });

  it('throws a WsmanFaultError with host, operation and hint for an unknown CommandId', async () => {
    const { shell } = replayShell('test_winrs_bad_cmd_id');
    await shell.create();
    await shell.command('cmd.exe /c echo hi');
    const err = await shell.receive('87E77BEB-6761-4C48-9D70-A00266B8459A').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WsmanFaultError);
    expect(err).toMatchObject({ wsmanCode: 2150858843, host: 'web1', operation: 'receiving output', code: 'WINRM_FAULT' });
    expect((err as WsmanFaultError).hint).toMatch(/command already finished/);
  });

  it('throws the host\'s fault when the program cannot be found', async () => {
    const { shell } = replayShell('test_winrs_no_cmd_shell');
    await shell.create();
    await expect(shell.command('powershell.exe Write-Host hi')).rejects.toMatchObject({ wsmanCode: 2147942402, operation: 'starting the command' });
  });

  it('rejects a reply whose RelatesTo is not our MessageID', async () => {
    const messages = loadRecorded('test_winrs_standard');
    const shell = new WinrsShell(new ReplayChannel(messages), { host: 'web1', to: TO, operationTimeoutSec: 20 });
    const err = await shell.create().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WsmanReplyError);
    expect(err).toMatchObject({ code: 'WINRM_RELATES_TO_MISMATCH', host: 'web1' });
  });

  it('reports a non-SOAP HTTP error with the status', async () => {
    const shell = new WinrsShell(new ScriptedChannel(() => ({ status: 413, body: '' })), { host: 'web1', to: TO, operationTimeoutSec: 20 });
    await expect(shell.create()).rejects.toMatchObject({ code: 'WINRM_HTTP_STATUS', hint: expect.stringMatching(/MaxEnvelopeSizekb/) });
  });
});

describe('WinrsShell.send chunking', () => {
  it('splits stdin so every envelope fits MaxEnvelopeSize, End on the last chunk only', async () => {
    const channel = new ScriptedChannel((r) => {
      if (r.action === 'create') {
        return { status: 200, body: buildCreateResponse({ messageId: r.messageId ?? '', shellId: 'S', address: TO, owner: 'u', clientIp: 'c' }) };
      }
      if (r.action === 'command') return { status: 200, body: buildCommandResponse({ messageId: r.messageId ?? '', commandId: 'C' }) };
      return { status: 200, body: buildSendResponse({ messageId: r.messageId ?? '' }) };
    });
    const shell = new WinrsShell(channel, { host: 'h', to: TO, operationTimeoutSec: 20, maxEnvelopeSize: 8192 });
    await shell.create();
    const id = await shell.command('more');
    const data = Buffer.from(Array.from({ length: 20_000 }, (_, i) => i % 251));
    await shell.send(id, data, true);
    const sends = channel.requestsSeen.filter((r) => r.action === 'send');
    expect(sends.length).toBeGreaterThan(2);
    expect(Buffer.concat(sends.map((r) => r.streams[0]!.data))).toEqual(data);
    expect(sends.map((r) => r.streams[0]!.end)).toEqual([...Array<boolean>(sends.length - 1).fill(false), true]);
    expect(Math.max(...channel.sizes.slice(2))).toBeLessThanOrEqual(8192);
  });

  it('sends an empty last chunk to close stdin', async () => {
    const channel = new ScriptedChannel((r) => ({ status: 200, body: r.action === 'create'
      ? buildCreateResponse({ messageId: r.messageId ?? '', shellId: 'S', address: TO, owner: 'u', clientIp: 'c' })
      : buildSendResponse({ messageId: r.messageId ?? '' }) }));
    const shell = new WinrsShell(channel, { host: 'h', to: TO, operationTimeoutSec: 20 });
    await shell.create();
    await shell.send('C', Buffer.alloc(0), true);
    expect(channel.requestsSeen[1]).toMatchObject({ action: 'send', streams: [{ end: true, data: Buffer.alloc(0) }] });
  });
});

describe('WinrsShell: the lean reply path', () => {
  /** A SendResponse with a comment (outside the scanner's subset) and a repeated attribute (the validator's error). */
  function oddSendResponse(messageId: string): string {
    return buildSendResponse({ messageId }).replace('<rsp:SendResponse/>', '<!-- odd --><rsp:SendResponse x="1" x="2"/>');
  }

  it('skips the validation pass only for sealed (signature-checked) replies', async () => {
    for (const sealed of [true, false]) {
      const channel = new ScriptedChannel((r) => r.action === 'create'
        ? { status: 200, body: buildCreateResponse({ messageId: r.messageId ?? '', shellId: 'S', address: TO, owner: 'u', clientIp: 'c' }) }
        : { status: 200, body: oddSendResponse(r.messageId ?? ''), sealed });
      const shell = new WinrsShell(channel, { host: 'h', to: TO, operationTimeoutSec: 20 });
      await shell.create();
      const sent = shell.send('C', Buffer.from('x'), true);
      if (sealed) await expect(sent).resolves.toBeUndefined();
      else await expect(sent).rejects.toMatchObject({ code: 'WINRM_BAD_REPLY' });
    }
  });
});

describe('WinrsShell.readMaxEnvelopeSize', () => {
  it.each([
    ['test_wsman_update_envelope_size_150', 150],
    ['test_wsman_update_envelope_size_500', 500],
    ['test_wsman_update_envelope_size_4096', 4096],
  ])('reads MaxEnvelopeSizekb from a real host\'s config reply (%s) once, and builds later requests for it', async (name, kb) => {
    const { shell, channel } = replayShell(name);
    expect(shell.maxEnvelopeSize).toBe(153600);
    expect(await shell.readMaxEnvelopeSize()).toBe(kb * 1024);
    expect(await shell.readMaxEnvelopeSize()).toBe(kb * 1024);
    expect(channel.requests).toBe(1);
    expect(channel.remaining).toBe(0);
    expect(shell.maxEnvelopeSize).toBe(kb * 1024);
  });

  it('fills Sends up to the size read, and keeps the WS-Man default when the host refuses the Get', async () => {
    for (const [kb, refused] of [[500, false], [1024, true]] as const) {
      const channel = new ScriptedChannel((r) => {
        const id = r.messageId ?? '';
        if (r.action === 'get') {
          return refused
            ? { status: 500, body: buildFault({ messageId: id, machine: 'h', kind: 'access_denied' }) }
            : { status: 200, body: buildGetConfigResponse({ messageId: id, maxEnvelopeKb: kb, allowUnencrypted: false, basic: false }) };
        }
        if (r.action === 'create') return { status: 200, body: buildCreateResponse({ messageId: id, shellId: 'S', address: TO, owner: 'u', clientIp: 'c' }) };
        if (r.action === 'command') return { status: 200, body: buildCommandResponse({ messageId: id, commandId: 'C' }) };
        return { status: 200, body: buildSendResponse({ messageId: id }) };
      });
      const shell = new WinrsShell(channel, { host: 'h', to: TO, operationTimeoutSec: 20 });
      await shell.create();
      const size = refused ? 153600 : kb * 1024;
      expect(await shell.readMaxEnvelopeSize()).toBe(size);
      const id = await shell.command('more');
      const data = Buffer.alloc(2 * 1024 * 1024, 7);
      await shell.send(id, data, true);
      const sends = channel.requestsSeen.flatMap((r, i) => (r.action === 'send' ? [{ r, bytes: channel.sizes[i]! }] : []));
      expect(Buffer.concat(sends.map(({ r }) => r.streams[0]!.data)).equals(data)).toBe(true);
      expect(Math.max(...sends.map(({ bytes }) => bytes))).toBeLessThanOrEqual(size);
      // Full envelopes: all but the last Send within 1% of the limit, so 2 MiB takes as few Sends as fit.
      for (const { bytes } of sends.slice(0, -1)) expect(bytes).toBeGreaterThan(size * 0.99);
      expect(sends.every(({ r }) => r.maxEnvelopeSize === size)).toBe(true);
    }
  });
});
