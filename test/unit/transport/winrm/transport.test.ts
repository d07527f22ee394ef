import { describe, expect, it } from 'vitest';
import type { ConnectionSettings } from '../../../../src/transport/types.ts';
import type { PostOptions, SoapChannel, SoapReply } from '../../../../src/transport/winrm/channel.ts';
import { CommandTimeoutError, WinrmTransport } from '../../../../src/transport/winrm/index.ts';
import {
  buildCommandResponse,
  buildCreateResponse,
  buildDeleteResponse,
  buildReceiveResponse,
  buildSendResponse,
  buildSignalResponse,
  parseWsmanRequest,
} from '../../../../src/transport/winrm/wsman/server.ts';
import type { WsmanRequest } from '../../../../src/transport/winrm/wsman/server.ts';
import { endpointUrl } from '../../../../src/transport/winrm/transport.ts';
import { loadRecorded, recordedIds, ReplayChannel } from '../../../helpers/recorded.ts';

const SETTINGS: ConnectionSettings = {
  host: 'web1', address: '192.168.56.11', port: 5985, user: 'vagrant', password: 'vagrant', connection: 'winrm',
  winrmTransport: 'ntlm', scheme: 'http', serverCertValidation: 'validate', messageEncryption: 'auto',
  operationTimeoutSec: 20, readTimeoutSec: 30, shellType: 'cmd',
};

function replay(name: string): { transport: WinrmTransport; channel: ReplayChannel } {
  const messages = loadRecorded(name);
  const channel = new ReplayChannel(messages);
  return { transport: new WinrmTransport(SETTINGS, { channel, newId: recordedIds(messages) }), channel };
}

type Output = { stdout?: string | Buffer; stderr?: string | Buffer; done: boolean; exitCode?: number };

/** A fake host built from the server-role codecs: Receive answers come from a queue (or hang until aborted). */
class FakeHost implements SoapChannel {
  readonly seen: WsmanRequest[] = [];
  closed = false;
  constructor(private readonly outputs: Output[]) {}
  get requests(): number {
    return this.seen.length;
  }
  async post(envelope: string, opts: PostOptions): Promise<SoapReply> {
    const r = parseWsmanRequest(envelope);
    this.seen.push(r);
    const messageId = r.messageId ?? '';
    const ok = (body: string): SoapReply => ({ status: 200, body });
    switch (r.action) {
      case 'create':
        return ok(buildCreateResponse({ messageId, shellId: 'S1', address: 'http://h:5985/wsman', owner: 'u', clientIp: '10.0.0.1' }));
      case 'command':
        return ok(buildCommandResponse({ messageId, commandId: 'C1' }));
      case 'send':
        return ok(buildSendResponse({ messageId }));
      case 'signal':
        return ok(buildSignalResponse({ messageId }));
      case 'delete':
        return ok(buildDeleteResponse({ messageId }));
      case 'receive': {
        const o = this.outputs.shift();
        if (!o) {
          return new Promise((_resolve, reject) =>
            opts.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
          );
        }
        const buf = (v: string | Buffer | undefined): Buffer => (typeof v === 'string' ? Buffer.from(v) : (v ?? Buffer.alloc(0)));
        return ok(buildReceiveResponse({ messageId, commandId: 'C1', stdout: buf(o.stdout), stderr: buf(o.stderr), done: o.done, exitCode: o.exitCode }));
      }
      default:
        throw new Error(`unexpected ${r.action}`);
    }
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('WinrmTransport against recorded exchanges', () => {
  it('opens a shell, runs a command to completion, terminates it and deletes the shell', async () => {
    const { transport, channel } = replay('test_winrs_standard');
    await transport.open();
    expect(await transport.exec('cmd.exe /c echo hi')).toEqual({ rc: 0, stdout: 'hi\r\n', stderr: '' });
    await transport.close();
    expect(channel.remaining).toBe(0);
    expect(channel.closed).toBe(true);
    expect(transport.stats()).toEqual({ requests: 5 });
    const signal = parseWsmanRequest(channel.sent[3]!);
    expect(signal).toMatchObject({ action: 'signal', code: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate' });
  });

  it('asks for code page 65001 when opening the shell', async () => {
    const { transport, channel } = replay('test_winrs_standard');
    await transport.open();
    expect(parseWsmanRequest(channel.sent[0]!)).toMatchObject({ action: 'create', codepage: 65001 });
  });

  it('keeps polling through w:TimedOut faults', async () => {
    const { transport } = replay('test_winrs_operation_timeout');
    await transport.open();
    expect(await transport.exec('powershell.exe Write-Host hi; Start-Sleep 30; Write-Host hi again')).toEqual({
      rc: 0, stdout: 'hi\nhi again\n', stderr: '',
    });
  });

  it('returns stderr and a non-zero exit code as data', async () => {
    const { transport } = replay('test_winrs_stderr_rc');
    await transport.open();
    expect(await transport.exec('cmd.exe /c echo out && echo err>&2 && exit 1')).toEqual({ rc: 1, stdout: 'out \r\n', stderr: 'err \r\n' });
  });

  it('decodes UTF-8 output, and close() does not throw on a bad Delete reply', async () => {
    const { transport } = replay('test_winrs_unicode');
    await transport.open();
    expect((await transport.exec('powershell.exe Write-Host こんにちは')).stdout).toBe('こんにちは\n');
    await expect(transport.close()).resolves.toBeUndefined();
  });

  it('spawns a process that takes stdin as it comes and reads its output', async () => {
    const { transport, channel } = replay('test_winrs_send');
    await transport.open();
    const proc = await transport.spawn('powershell.exe -');
    await proc.write('Write-Host "output 1";');
    await proc.write('Write-Host "output 2";', true);
    const out = await proc.read();
    expect(out).toMatchObject({ done: true, rc: 0 });
    expect(out.stdout.toString()).toBe('output 1\noutput 2\n');
    await proc.signal('ctrl_c');
    await transport.close();
    expect(channel.remaining).toBe(0);
  });
});

describe('WinrmTransport behaviour', () => {
  it('writes stdin with End before receiving', async () => {
    const host = new FakeHost([{ stdout: 'read it', done: true, exitCode: 0 }]);
    const t = new WinrmTransport(SETTINGS, { channel: host });
    await t.open();
    expect(await t.exec('more', { stdin: 'hello' })).toEqual({ rc: 0, stdout: 'read it', stderr: '' });
    const send = host.seen.find((r) => r.action === 'send');
    expect(send).toMatchObject({ streams: [{ name: 'stdin', commandId: 'C1', end: true, data: Buffer.from('hello') }] });
  });

  it('decodes text only after joining chunks, so split characters survive', async () => {
    const bytes = Buffer.from('ünï', 'utf8');
    const host = new FakeHost([{ stdout: bytes.subarray(0, 1), done: false }, { stdout: bytes.subarray(1), done: true, exitCode: 0 }]);
    const t = new WinrmTransport(SETTINGS, { channel: host });
    await t.open();
    expect((await t.exec('x')).stdout).toBe('ünï');
  });

  it('cleans CLIXML stderr down to the error lines', async () => {
    const clixml = '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">boom_x000D__x000A_</S></Objs>';
    const host = new FakeHost([{ stderr: clixml, done: true, exitCode: 1 }]);
    const t = new WinrmTransport(SETTINGS, { channel: host });
    await t.open();
    expect(await t.exec('powershell -EncodedCommand x')).toEqual({ rc: 1, stdout: '', stderr: 'boom\r\n' });
  });

  it('posts Signal terminate before exec returns but does not wait for its reply; the next Command queues behind it', async () => {
    const host = new FakeHost([{ stdout: 'one', done: true, exitCode: 0 }, { stdout: 'two', done: true, exitCode: 0 }]);
    // The SignalResponse is held back until released, as a slow host would.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const post = host.post.bind(host);
    let signalAnswered = false;
    host.post = async (envelope, opts) => {
      const reply = await post(envelope, opts);
      if (host.seen.at(-1)?.action === 'signal') {
        await held;
        signalAnswered = true;
      }
      return reply;
    };
    const t = new WinrmTransport(SETTINGS, { channel: host });
    await t.open();
    expect(await t.exec('echo one')).toEqual({ rc: 0, stdout: 'one', stderr: '' });
    // The Signal is on the wire (posted, so a channel that serialises its posts sends the next Command after its
    // reply), and the result did not wait for the host's answer.
    expect(host.seen.map((r) => r.action)).toEqual(['create', 'command', 'receive', 'signal']);
    expect(host.seen[3]).toMatchObject({ code: expect.stringMatching(/signal\/terminate$/), commandId: 'C1' });
    expect(signalAnswered).toBe(false);
    release();
    expect(await t.exec('echo two')).toEqual({ rc: 0, stdout: 'two', stderr: '' });
    expect(signalAnswered).toBe(true);
    expect(host.seen.map((r) => r.action)).toEqual(['create', 'command', 'receive', 'signal', 'command', 'receive', 'signal']);
  });

  it('terminates a command that outlives timeoutMs and keeps the partial output', async () => {
    const host = new FakeHost([{ stdout: 'partial', done: false }]);
    const t = new WinrmTransport(SETTINGS, { channel: host });
    await t.open();
    const err = await t.exec('ping -t localhost', { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandTimeoutError);
    expect(err).toMatchObject({ code: 'WINRM_COMMAND_TIMEOUT', host: 'web1', stdout: 'partial', stderr: '' });
    expect(host.seen.at(-1)).toMatchObject({ action: 'signal', code: expect.stringMatching(/signal\/terminate$/) });
  });

  it('close() never throws, even when Delete and the channel fail', async () => {
    const broken: SoapChannel = {
      requests: 0,
      post: () => Promise.reject(new Error('socket reset')),
      close: () => Promise.reject(new Error('already closed')),
    };
    const t = new WinrmTransport(SETTINGS, { channel: broken });
    await expect(t.close()).resolves.toBeUndefined();
  });

  it('addresses the listener URL, bracketing IPv6 literals', () => {
    expect(endpointUrl(SETTINGS)).toBe('http://192.168.56.11:5985/wsman');
    expect(endpointUrl({ scheme: 'https', address: 'fe80::1', port: 5986 })).toBe('https://[fe80::1]:5986/wsman');
  });
});
