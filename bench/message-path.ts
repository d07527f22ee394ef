/**
 * The controller's CPU for one WinRS request and its reply, without the socket (issue 16): build the envelope, seal
 * it into its multipart/encrypted body, write the HTTP head; read an HTTP reply, unseal it, scan it and run the
 * action's parser — what `WinrmHttpChannel.post` and `Shell` do per request, in the same functions. The module path
 * costs one Send and one Receive per task-host. Not a test: `npx tsx bench/message-path.ts [rounds]`.
 *
 * CPU (process.cpuUsage), medians of `rounds` rounds of 2,000 requests, pieces measured apart as well.
 */
import { encodeEncryptedText, ENCRYPTED_CONTENT_TYPE, decodeEncrypted } from '../src/transport/winrm/http/encryption.ts';
import { ResponseParser, header, serializeRequest } from '../src/transport/winrm/http/wire.ts';
import { NtlmSession } from '../src/transport/winrm/ntlm/security.ts';
import { buildReceive, parseReceiveResponse } from '../src/transport/winrm/wsman/receive.ts';
import { buildSend, parseSendResponse } from '../src/transport/winrm/wsman/send.ts';
import { buildReceiveResponse, buildSendResponse } from '../src/transport/winrm/wsman/server-replies.ts';
import { checkRelatesTo, parseEnvelope } from '../src/transport/winrm/wsman/parse.ts';
import type { RequestContext } from '../src/transport/winrm/wsman/header.ts';

const FLAGS = 0xe2888235;
const KEY = Buffer.alloc(16, 0x55);
const rounds = Number(process.argv[2] ?? 7);
const N = 2000;
const SHELL = '0E1B9C3A-4A3D-4F6B-8A5E-2C1D7E9F0A11';
const COMMAND = '7A2B3C4D-5E6F-4071-8293-A4B5C6D7E8F9';
const ctx: RequestContext = { to: 'http://127.0.0.1:5985/wsman', operationTimeoutSec: 20, maxEnvelopeSize: 512000 };

function realCpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}
/** The per-piece clock; off (0) for the untimed loop, whose total is then the loop alone. */
let cpuUs = realCpuUs;
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** One task's output line as the agent writes it (about 800 bytes of JSON). */
const output = Buffer.from(JSON.stringify({ id: 7, ok: true, result: { changed: false, ping: 'pong', invocation: { module_args: { data: 'pong' } }, warnings: [], deprecations: [], pad: 'x'.repeat(600) } }) + '\n');
/** The module path's Send: the request line for one task (win_service's arguments, its script packed). */
const stdin = Buffer.alloc(2000, 0x41);

/** HTTP replies as the simulator answers, sealed with the server's half of the session, `n` in sequence. */
function replies(n: number, kind: 'receive' | 'send', messageIds: string[]): Buffer[] {
  const server = new NtlmSession('server', FLAGS, KEY);
  const out: Buffer[] = [];
  for (let k = 0; k < n; k++) {
    const xml = kind === 'receive'
      ? buildReceiveResponse({ messageId: messageIds[k] as string, commandId: COMMAND, stdout: output, stderr: Buffer.alloc(0), done: false })
      : buildSendResponse({ messageId: messageIds[k] as string });
    const { body, contentType } = encodeEncryptedText(xml, server);
    const head = `HTTP/1.1 200 \r\nContent-Type: ${contentType}\r\nServer: Microsoft-HTTPAPI/2.0\r\nDate: Sat, 05 Dec 2026 00:00:00 GMT\r\nContent-Length: ${body.length}\r\n\r\n`;
    out.push(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  }
  return out;
}

function headers(bodyLength: number): Array<[string, string]> {
  return [
    ['Host', '127.0.0.1:5985'], ['Connection', 'Keep-Alive'], ['User-Agent', 'winbook'],
    ['Content-Type', ENCRYPTED_CONTENT_TYPE], ['Content-Length', String(bodyLength)],
  ];
}

type Pieces = { build: number; seal: number; head: number; http: number; unseal: number; parse: number };
type Figures = Pieces & { total: number };

function run(kind: 'receive' | 'send', timed: boolean): Figures {
  const times: { [K in keyof Figures]: number[] } = { build: [], seal: [], head: [], http: [], unseal: [], parse: [], total: [] };
  for (let r = 0; r <= rounds; r++) {
    // Ids fixed ahead, so the replies can be sealed before the timed loop.
    let next = 0;
    const ids = Array.from({ length: N }, (_, k) => `${(k + 1).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`);
    const c = { ...ctx, newId: () => ids[next++] as string };
    const wire = replies(N, kind, ids.map((i) => `uuid:${i.toUpperCase()}`));
    const client = new NtlmSession('client', FLAGS, KEY);
    const piece: Pieces = { build: 0, seal: 0, head: 0, http: 0, unseal: 0, parse: 0 };
    cpuUs = timed ? realCpuUs : () => 0;
    const t0 = realCpuUs();
    for (let k = 0; k < N; k++) {
      let t = cpuUs();
      const msg = kind === 'receive'
        ? buildReceive(c, { shellId: SHELL, commandId: COMMAND })
        : buildSend(c, { shellId: SHELL, commandId: COMMAND, data: stdin, end: false });
      let u = cpuUs();
      piece.build += u - t;
      t = u;
      const { body } = encodeEncryptedText(msg.xml, client);
      u = cpuUs();
      piece.seal += u - t;
      t = u;
      serializeRequest({ method: 'POST', path: '/wsman', headers: headers(body.length), body: Buffer.alloc(0) });
      u = cpuUs();
      piece.head += u - t;
      t = u;
      const res = new ResponseParser().push(wire[k] as Buffer);
      if (!res) throw new Error('incomplete reply');
      u = cpuUs();
      piece.http += u - t;
      t = u;
      const text = decodeEncrypted(res.body, header(res, 'content-type') ?? '', client).toString('utf8');
      u = cpuUs();
      piece.unseal += u - t;
      t = u;
      const env = parseEnvelope(text, {}, { sealed: true });
      checkRelatesTo(env, msg.messageId);
      if (kind === 'receive') parseReceiveResponse(env);
      else parseSendResponse(env);
      piece.parse += cpuUs() - t;
    }
    const total = realCpuUs() - t0;
    if (r === 0) continue; // warm-up round: JIT
    for (const k of Object.keys(piece) as Array<keyof Pieces>) times[k].push(piece[k] / N);
    times.total.push(total / N);
  }
  const m = (k: keyof Figures): number => median(times[k]);
  return { build: m('build'), seal: m('seal'), head: m('head'), http: m('http'), unseal: m('unseal'), parse: m('parse'), total: m('total') };
}

console.log(`message path per request, client side, CPU µs (median of ${rounds} rounds × ${N}; the pieces are timed around themselves in one loop and carry the timer's cost, about 1 µs each; the total is a second loop without timers)`);
console.log('| request | build envelope | seal | HTTP head | read HTTP reply | unseal + UTF-8 | scan + parse | total |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const kind of ['receive', 'send'] as const) {
  const t = { ...run(kind, true), total: run(kind, false).total };
  const f = (x: number): string => x.toFixed(1);
  console.log(`| ${kind === 'receive' ? 'Receive → 1.3 KB ReceiveResponse' : 'Send of 2 KB → SendResponse'} | ${f(t.build)} | ${f(t.seal)} | ${f(t.head)} | ${f(t.http)} | ${f(t.unseal)} | ${f(t.parse)} | ${f(t.total)} |`);
}
