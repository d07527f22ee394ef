import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WinrmHttpChannel, type WinrmHttpOptions } from '../../../../../src/transport/winrm/http/connection.ts';
import { decodeEncrypted, encodeEncrypted } from '../../../../../src/transport/winrm/http/encryption.ts';
import { NtlmServer } from '../../../../../src/transport/winrm/ntlm/server.ts';
import type { NtlmSecurityContext } from '../../../../../src/transport/winrm/ntlm/types.ts';
import { AuthenticationError, ConnectionError, RemoteError } from '../../../../../src/errors.ts';

interface SeenRequest {
  conn: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * A tiny WinRM-like HTTP server on 127.0.0.1: Negotiate/NTLM per connection via NtlmServer, sealed replies.
 * `reply` decides what each authenticated message gets; 'hang' never answers, 'reset' destroys the socket.
 */
interface FakeHost {
  port: number;
  seen: SeenRequest[];
  connections: number;
  closeAll(): void;
  reply: (envelope: string) => { status: number; body: string; plain?: boolean } | 'hang' | 'reset';
  stop(): Promise<void>;
}

async function startHost(password = 'S3cret!'): Promise<FakeHost> {
  const sockets = new Set<Socket>();
  const host: FakeHost = {
    port: 0,
    seen: [],
    connections: 0,
    closeAll: () => sockets.forEach((s) => s.destroy()),
    reply: (env) => ({ status: 200, body: `<reply>${env}</reply>` }),
    stop: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer((socket) => {
    const conn = ++host.connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const ntlm = new NtlmServer({
      computerName: 'CENTRAL01',
      domainName: 'CENTRAL01',
      lookupPassword: (u) => (u.toLowerCase() === 'admin' ? password : undefined),
    });
    let security: NtlmSecurityContext | undefined;
    let buf: Buffer = Buffer.alloc(0);
    const send = (status: number, headers: Array<[string, string]>, body: Buffer = Buffer.alloc(0)): void => {
      const head = [`HTTP/1.1 ${status} `, 'Server: Microsoft-HTTPAPI/2.0', ...headers.map(([k, v]) => `${k}: ${v}`), `Content-Length: ${body.length}`, '', ''];
      socket.write(Buffer.concat([Buffer.from(head.join('\r\n')), body]));
    };
    const handle = (headers: Record<string, string>, body: Buffer): void => {
      // A copy as it came off the wire: decodeEncrypted below decrypts the body in place.
      host.seen.push({ conn, headers, body: Buffer.from(body) });
      const auth = /^Negotiate (.+)$/.exec(headers['authorization'] ?? '')?.[1];
      if (auth) {
        const token = Buffer.from(auth, 'base64');
        if (token.readUInt32LE(8) === 1) return send(401, [['WWW-Authenticate', `Negotiate ${ntlm.challenge(token).toString('base64')}`]]);
        try {
          security = ntlm.accept(token).security;
          return send(200, []);
        } catch {
          return send(401, [['WWW-Authenticate', 'Negotiate'], ['Connection', 'close']]);
        }
      }
      if (!security) return send(401, [['WWW-Authenticate', 'Negotiate'], ['Connection', 'close']]);
      const ct = headers['content-type'] ?? '';
      const encrypted = ct.startsWith('multipart/encrypted');
      const envelope = encrypted ? decodeEncrypted(body, ct, security).toString() : body.toString();
      const r = host.reply(envelope);
      if (r === 'hang') return;
      if (r === 'reset') return void socket.destroy();
      if (!encrypted || r.plain) return send(r.status, [['Content-Type', 'application/soap+xml;charset=UTF-8']], Buffer.from(r.body));
      const sealed = encodeEncrypted(Buffer.from(r.body), security);
      send(r.status, [['Content-Type', sealed.contentType]], sealed.body);
    };
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = buf.subarray(0, end).toString('latin1').split('\r\n').slice(1);
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const len = Number(headers['content-length'] ?? 0);
        if (buf.length < end + 4 + len) return;
        const body = Buffer.from(buf.subarray(end + 4, end + 4 + len));
        buf = buf.subarray(end + 4 + len);
        handle(headers, body);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host.port = (server.address() as AddressInfo).port;
  return host;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(over: Partial<WinrmHttpOptions> = {}, password?: string): Promise<{ host: FakeHost; channel: WinrmHttpChannel }> {
  const host = await startHost(password);
  const channel = new WinrmHttpChannel({
    host: 'central01', address: '127.0.0.1', port: host.port, scheme: 'http', username: 'CENTRAL01\\admin',
    password: 'S3cret!', encryption: true, readTimeoutMs: 5000, ...over,
  });
  cleanups.push(async () => {
    await channel.close();
    host.closeAll();
    await host.stop();
  });
  return { host, channel };
}

const op = { operation: 'running a test' };
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('WinrmHttpChannel', () => {
  it('authenticates once per connection, then seals every message and decrypts every reply', async () => {
    const { host, channel } = await setup();
    for (let i = 0; i < 3; i++) expect(await channel.post(`<m${i}/>`, op)).toStrictEqual({ status: 200, body: `<reply><m${i}/></reply>`, sealed: true });
    expect(channel.requests).toBe(2 + 3);
    expect(host.connections).toBe(1);
    const [negotiate, authenticate, first] = host.seen;
    expect(negotiate?.body).toHaveLength(0);
    expect(negotiate?.headers['content-length']).toBe('0');
    expect(Buffer.from(negotiate?.headers['authorization']?.slice('Negotiate '.length) ?? '', 'base64').subarray(0, 8).toString()).toBe('NTLMSSP\0');
    expect(authenticate?.body).toHaveLength(0);
    expect(first?.headers).toMatchObject({
      'content-type': 'multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"',
      connection: 'Keep-Alive',
      'user-agent': 'winbook',
      host: `127.0.0.1:${host.port}`,
      'content-length': String(first?.body.length),
    });
    expect(first?.headers['authorization']).toBeUndefined();
    expect(first?.body.includes('<m0/>')).toBe(false);
  });

  it('returns sealed 500 faults decrypted', async () => {
    const { host, channel } = await setup();
    host.reply = () => ({ status: 500, body: '<s:Fault/>' });
    expect(await channel.post('<x/>', op)).toStrictEqual({ status: 500, body: '<s:Fault/>', sealed: true });
  });

  it('reconnects and authenticates again when the host closed the idle socket', async () => {
    const { host, channel } = await setup();
    await channel.post('<a/>', op);
    host.closeAll();
    await wait(50);
    expect(await channel.post('<b/>', op)).toStrictEqual({ status: 200, body: '<reply><b/></reply>', sealed: true });
    expect(host.connections).toBe(2);
    expect(channel.requests).toBe(3 + 3);
  });

  it('rejects a wrong password with AuthenticationError naming the host, without retrying', async () => {
    const { host, channel } = await setup({ password: 'wrong' });
    const err = await channel.post('<a/>', op).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ code: 'WINRM_AUTH_FAILED', host: 'central01' });
    expect((err as Error).message).toMatch(/central01.*running a test/);
    expect((err as AuthenticationError).hint).toMatch(/LocalAccountTokenFilterPolicy/);
    expect(host.seen).toHaveLength(2);
  });

  it('reports a refused port as ConnectionError with a hint', async () => {
    const { host, channel } = await setup();
    await host.stop();
    const err = await channel.post('<a/>', op).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ code: 'WINRM_CONNECTION_REFUSED', host: 'central01' });
    expect((err as ConnectionError).hint).toMatch(/winrm quickconfig/);
  });

  it('sends application/soap+xml in plaintext mode', async () => {
    const { host, channel } = await setup({ encryption: false });
    expect(await channel.post('<plain/>', op)).toStrictEqual({ status: 200, body: '<reply><plain/></reply>' });
    expect(host.seen[2]?.headers['content-type']).toBe('application/soap+xml;charset=UTF-8');
    expect(host.seen[2]?.body.toString()).toBe('<plain/>');
  });

  it('times out when the host does not answer, then starts over on a new connection', async () => {
    const { host, channel } = await setup({ readTimeoutMs: 200 });
    host.reply = () => 'hang';
    await expect(channel.post('<a/>', op)).rejects.toMatchObject({ code: 'WINRM_TIMEOUT', host: 'central01' });
    host.reply = (env) => ({ status: 200, body: env });
    expect((await channel.post('<b/>', op)).body).toBe('<b/>');
    expect(host.connections).toBe(2);
  });

  it('times each request from its own start, with one timer reused across requests (never early, never late)', async () => {
    const { host, channel } = await setup({ readTimeoutMs: 300 });
    // The socket's timer was armed by the first request; the third starts 200 ms later and must get its full 300 ms.
    expect((await channel.post('<a/>', op)).body).toBe('<reply><a/></reply>');
    await wait(200);
    expect((await channel.post('<b/>', op)).body).toBe('<reply><b/></reply>');
    host.reply = () => 'hang';
    const started = performance.now();
    const err = await channel.post('<c/>', op).catch((e: unknown) => e);
    const waited = performance.now() - started;
    expect(err).toMatchObject({ code: 'WINRM_TIMEOUT' });
    expect(String((err as Error).message)).toContain('no reply within 300 ms');
    expect(waited).toBeGreaterThanOrEqual(295);
    expect(waited).toBeLessThan(1500);
  });

  it('lets the process exit while a keep-alive socket idles between requests (its timer is unreferenced)', async () => {
    const { channel } = await setup({ readTimeoutMs: 60_000 });
    const refTimers = (): number => (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = refTimers();
    await channel.post('<a/>', op);
    await channel.post('<b/>', op);
    // The answered requests' read timer is still armed (reused by the next request) but holds no reference.
    const after = refTimers();
    expect(after).toBe(before);
  });

  it('reports a connection reset mid-request and does not resend it', async () => {
    const { host, channel } = await setup();
    let messages = 0;
    host.reply = () => (messages++, 'reset');
    await expect(channel.post('<a/>', op)).rejects.toMatchObject({ code: 'WINRM_CONNECTION_RESET' });
    expect(messages).toBe(1);
  });

  it('maps 413 to WINRM_HTTP_413 with a MaxEnvelopeSizekb hint', async () => {
    const { host, channel } = await setup();
    host.reply = () => ({ status: 413, body: '' });
    const err = await channel.post('<big/>', op).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect(err).toMatchObject({ code: 'WINRM_HTTP_413' });
    expect((err as RemoteError).hint).toMatch(/MaxEnvelopeSizekb/);
  });

  it('refuses an unsealed reply on an encrypted channel', async () => {
    const { host, channel } = await setup();
    host.reply = () => ({ status: 200, body: '<injected/>', plain: true });
    await expect(channel.post('<a/>', op)).rejects.toMatchObject({ code: 'WINRM_DECRYPT_FAILED', host: 'central01' });
  });

  it('aborts a pending request when the signal fires', async () => {
    const { host, channel } = await setup();
    host.reply = () => 'hang';
    const ac = new AbortController();
    const p = channel.post('<a/>', { ...op, signal: ac.signal });
    setTimeout(() => ac.abort(new Error('interrupted')), 50);
    await expect(p).rejects.toMatchObject({ code: 'WINRM_ABORTED' });
  });

  it('serialises concurrent posts on the one socket', async () => {
    const { host, channel } = await setup();
    const replies = await Promise.all([1, 2, 3].map((n) => channel.post(`<c${n}/>`, op)));
    expect(replies.map((r) => r.body)).toEqual(['<reply><c1/></reply>', '<reply><c2/></reply>', '<reply><c3/></reply>']);
    expect(host.connections).toBe(1);
  });
});
