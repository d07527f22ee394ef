/**
 * SoapChannel over HTTP or HTTPS with NTLM (Negotiate) and message encryption, or Basic [reference 7.1, 7.2, 8].
 * One keep-alive socket; NTLM authenticates once per socket, because HTTP.sys binds the NTLM context and its RC4
 * sealing state to the TCP connection; Basic sends its header on every request. Requests are serialised: one
 * socket carries one exchange at a time (transport.ts keeps a second channel for long-polls).
 */
import type { PostOptions, SoapChannel, SoapReply } from '../channel.ts';
import type { NtlmSecurityContext } from '../ntlm/types.ts';
import { NtlmClient } from '../ntlm/client.ts';
import { NtlmError } from '../ntlm/errors.ts';
import { isWinbookError } from '../../../errors.ts';
import { ENCRYPTED_CONTENT_TYPE, SOAP_CONTENT_TYPE, decodeEncrypted, encodeEncrypted, isEncryptedContentType } from './encryption.ts';
import { HttpSocket, WireFailure } from './socket.ts';
import type { TlsOptions } from './socket.ts';
import { header, headerValues, serializeRequest, type HttpResponse } from './wire.ts';
import { authError, decryptError, statusError, unencryptedRefused, wireError, type ErrorContext } from './errors.ts';

export interface WinrmHttpOptions {
  /** Inventory name, for messages. */
  host: string;
  address: string;
  port: number;
  scheme: 'http' | 'https';
  /** ntlm (default) or basic. */
  auth?: 'ntlm' | 'basic';
  /** Certificate checking for https. */
  tls?: TlsOptions;
  username: string;
  password: string;
  encryption: boolean;
  readTimeoutMs: number;
  connectTimeoutMs?: number;
  userAgent?: string;
}

interface Session {
  socket: HttpSocket;
  /** NTLM's sealing context; absent for Basic. */
  security?: NtlmSecurityContext;
}

export class WinrmHttpChannel implements SoapChannel {
  private session?: Session;
  private sent = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: WinrmHttpOptions) {}

  get requests(): number {
    return this.sent;
  }

  post(envelope: string, opts: PostOptions): Promise<SoapReply> {
    const run = this.queue.then(() => this.postNow(envelope, opts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.session?.socket.destroy();
    this.session = undefined;
  }

  private ctx(operation: string): ErrorContext {
    const { host, address, port, encryption, scheme } = this.opts;
    return { host, address, port, operation, encryption, scheme, basic: this.opts.auth === 'basic' };
  }

  private async postNow(envelope: string, opts: PostOptions): Promise<SoapReply> {
    const plain = Buffer.from(envelope, 'utf8');
    for (let attempt = 0; ; attempt++) {
      const session = await this.connected(opts);
      const { body, contentType } = this.opts.encryption && session.security
        ? encodeEncrypted(plain, session.security)
        : { body: plain, contentType: SOAP_CONTENT_TYPE };
      try {
        const res = await this.send(session.socket, body, contentType, undefined, opts);
        return this.reply(res, session, opts);
      } catch (e) {
        this.drop();
        // Resend when the request provably never left (the host had already closed the idle socket), or when it
        // may have but doing it twice is harmless (Receive, Signal, Delete): a new socket, a new logon.
        if (e instanceof WireFailure && attempt === 0 && (e.kind === 'closed-before-write' || (e.kind === 'reset' && opts.idempotent))) continue;
        throw this.wrap(e, opts);
      }
    }
  }

  private reply(res: HttpResponse, session: Session, opts: PostOptions): SoapReply {
    const c = this.ctx(opts.operation);
    if (res.status === 401) {
      this.drop();
      throw authError(c, 'the host answered 401 to an authenticated message');
    }
    if (res.status !== 200 && res.status !== 500) {
      this.drop();
      throw statusError(res.status, c);
    }
    if (!this.opts.encryption && this.opts.scheme === 'http' && res.status === 500 && res.body.length === 0) {
      // WinRM's answer to plaintext SOAP over HTTP when Service/AllowUnencrypted is false (reference §5.2).
      throw unencryptedRefused(c);
    }
    if (!this.opts.encryption || !session.security || res.body.length === 0) return { status: res.status, body: res.body.toString('utf8') };
    const ct = header(res, 'content-type');
    try {
      // A sealed channel accepts only sealed replies, faults included: plaintext could be injected by anyone.
      if (!isEncryptedContentType(ct)) throw new Error(`unencrypted reply (Content-Type ${ct ?? 'none'})`);
      return { status: res.status, body: decodeEncrypted(res.body, ct ?? '', session.security).toString('utf8'), sealed: true };
    } catch (e) {
      this.drop();
      throw decryptError(c, e);
    }
  }

  /** The live session, or a new socket authenticated with the Negotiate/NTLM dance of reference 7.1. */
  private async connected(opts: PostOptions): Promise<Session> {
    if (this.session && !this.session.socket.closed) return this.session;
    this.drop();
    const { address, port, readTimeoutMs, connectTimeoutMs } = this.opts;
    let socket: HttpSocket | undefined;
    try {
      socket = await HttpSocket.connect(address, port, connectTimeoutMs ?? readTimeoutMs, opts.signal, this.opts.scheme === 'https' ? this.opts.tls : undefined);
      if (this.opts.auth === 'basic') {
        this.session = { socket };
        return this.session;
      }
      const client = new NtlmClient(
        { username: this.opts.username, password: this.opts.password },
        { targetName: `HTTP/${address}` },
      );
      // Preemptive NEGOTIATE with an empty body saves the anonymous 401 leg (as the Ruby client does).
      const challenge = await this.send(socket, Buffer.alloc(0), undefined, client.negotiate(), opts);
      const token = negotiateToken(challenge);
      if (challenge.status !== 401 || !token) {
        throw challenge.status === 401 || challenge.status === 200
          ? authError(this.ctx(opts.operation), 'the host did not answer with a Negotiate challenge')
          : statusError(challenge.status, this.ctx(opts.operation));
      }
      if (socket.closed) throw new WireFailure('reset', 'the host closed the connection after its challenge');
      const done = await this.send(socket, Buffer.alloc(0), undefined, client.authenticate(token), opts);
      // No retry on 401: repeated failures can lock the account.
      if (done.status === 401) throw authError(this.ctx(opts.operation));
      if (done.status !== 200) throw statusError(done.status, this.ctx(opts.operation));
      this.session = { socket, security: client.security };
      return this.session;
    } catch (e) {
      socket?.destroy();
      // A CHALLENGE we cannot use (no extended session security, garbage token) is an authentication failure.
      if (e instanceof NtlmError) throw authError(this.ctx(opts.operation), e.message);
      throw this.wrap(e, opts);
    }
  }

  private send(socket: HttpSocket, body: Buffer, contentType: string | undefined, token: Buffer | undefined, opts: PostOptions): Promise<HttpResponse> {
    const headers: Array<[string, string]> = [
      ['Host', `${this.opts.address}:${this.opts.port}`],
      ['Connection', 'Keep-Alive'],
      ['User-Agent', this.opts.userAgent ?? 'winbook'],
      ['Content-Type', contentType ?? (this.opts.encryption ? ENCRYPTED_CONTENT_TYPE : SOAP_CONTENT_TYPE)],
      ['Content-Length', String(body.length)],
    ];
    if (token) headers.push(['Authorization', `Negotiate ${token.toString('base64')}`]);
    if (this.opts.auth === 'basic') headers.push(['Authorization', `Basic ${Buffer.from(`${this.opts.username}:${this.opts.password}`, 'utf8').toString('base64')}`]);
    const bytes = serializeRequest({ method: 'POST', path: '/wsman', headers, body });
    // Counted only when it will really be written (request() refuses closed sockets and aborted signals).
    if (!socket.closed && !opts.signal?.aborted) this.sent++;
    return socket.request(bytes, this.opts.readTimeoutMs, opts.signal);
  }

  private drop(): void {
    this.session?.socket.destroy();
    this.session = undefined;
  }

  private wrap(e: unknown, opts: PostOptions): unknown {
    if (isWinbookError(e)) return e;
    if (e instanceof WireFailure) return wireError(e, this.ctx(opts.operation), opts.signal);
    return e;
  }
}

/** The NTLM token of `WWW-Authenticate: Negotiate <base64>` (other schemes may be offered alongside). */
function negotiateToken(res: HttpResponse): Buffer | undefined {
  for (const v of headerValues(res, 'www-authenticate')) {
    const m = /^Negotiate\s+([A-Za-z0-9+/=]+)\s*$/i.exec(v);
    if (m?.[1]) return Buffer.from(m[1], 'base64');
  }
  return undefined;
}
