/**
 * One TCP connection carrying one HTTP exchange at a time. It reports failures as WireFailure kinds, which
 * connection.ts turns into typed, hinted errors, and it tracks whether the peer has closed the socket so an idle
 * close can be told apart from a request that may have reached the host.
 */
import { createRequire } from 'node:module';
import { connect, isIP, type Socket } from 'node:net';
import type * as Tls from 'node:tls';
import { HttpParseError, ResponseParser, closesConnection, type HttpResponse } from './wire.ts';

/** node:tls, loaded at the first HTTPS connection: a run over HTTP (5985) never needs it (1–2 ms of CPU to load). */
let tlsModule: typeof Tls | undefined;
const tlsApi = (): typeof Tls => (tlsModule ??= createRequire(import.meta.url)('node:tls') as typeof Tls);

export type WireFailureKind =
  | 'refused' | 'dns' | 'connect-timeout' | 'timeout' | 'reset' | 'closed-before-write' | 'aborted' | 'protocol'
  | 'tls-cert' | 'tls-mismatch' | 'other';

/** HTTPS: validate the server certificate against `ca` (Node's bundled roots when absent) unless told not to. */
export interface TlsOptions {
  rejectUnauthorized: boolean;
  ca?: Array<string | Buffer>;
}

/** OpenSSL verification results (X509_V_ERR_*) and Node's host name check: the certificate is not trusted. */
const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED', 'CERT_REVOKED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE',
]);

export class WireFailure extends Error {
  constructor(readonly kind: WireFailureKind, message: string, readonly errno?: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

function fromNodeError(e: NodeJS.ErrnoException): WireFailure {
  const code = e.code ?? '';
  const kind: WireFailureKind =
    code === 'ECONNREFUSED' ? 'refused'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' ? 'dns'
    : code === 'ECONNRESET' || code === 'EPIPE' ? 'reset'
    : code === 'ETIMEDOUT' ? 'timeout'
    : CERT_CODES.has(code) ? 'tls-cert'
    // TLS spoken to a plain-HTTP port: the "server hello" is an HTTP 400 page (OpenSSL: wrong version number).
    : code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO' || /wrong version number|packet length too long/i.test(e.message) ? 'tls-mismatch'
    : 'other';
  return new WireFailure(kind, e.message, code || undefined, { cause: e });
}

interface Pending {
  parser: ResponseParser;
  resolve(res: HttpResponse): void;
  reject(e: WireFailure): void;
  /** When the reply is overdue (performance.now() ms), and the timeout as given, for the message. */
  deadline: number;
  timeoutMs: number;
}

export class HttpSocket {
  private pending?: Pending;
  private isClosed = false;
  /**
   * The read timeout's one timer, kept across requests: a new Timeout per request (allocation, async-hooks
   * bookkeeping, a timer-list insert and removal) was a measurable share of the CPU per task-host. It may fire
   * early relative to the current request's deadline (it was armed for an earlier one); then it re-arms for the
   * remainder. Unreferenced while no request waits, so an idle keep-alive socket never holds the process open.
   */
  private timer?: NodeJS.Timeout;
  /** performance.now() at which `timer` fires. */
  private timerAt = 0;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('end', () => this.onClose());
    socket.on('close', () => this.onClose());
    socket.on('error', (e: NodeJS.ErrnoException) => this.fail(fromNodeError(e)));
  }

  static connect(address: string, port: number, timeoutMs: number, signal?: AbortSignal, tls?: TlsOptions): Promise<HttpSocket> {
    return new Promise((resolve, reject) => {
      // SNI carries names only; an IP literal is checked against the certificate's IP SANs by Node.
      const socket = tls
        ? tlsApi().connect({ host: address, port, rejectUnauthorized: tls.rejectUnauthorized, ca: tls.ca, servername: isIP(address) ? undefined : address })
        : connect({ host: address, port });
      const done = (e?: WireFailure): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.removeListener('error', onError);
        if (e) {
          socket.destroy();
          reject(e);
        } else resolve(new HttpSocket(socket));
      };
      const onError = (e: NodeJS.ErrnoException): void => done(fromNodeError(e));
      const onAbort = (): void => done(new WireFailure('aborted', 'aborted while connecting'));
      const timer = setTimeout(() => done(new WireFailure('connect-timeout', `no TCP connection within ${timeoutMs} ms`)), timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', onError);
      socket.once(tls ? 'secureConnect' : 'connect', () => done());
    });
  }

  /** True once the peer closed or the socket failed; a closed socket is never written to. */
  /** DER of the certificate the TLS server presented (for channel binding); undefined on plain HTTP. */
  get peerCertificate(): Buffer | undefined {
    // node:tls not loaded: no socket of this process is a TLS one.
    if (tlsModule === undefined || !(this.socket instanceof tlsModule.TLSSocket)) return undefined;
    const raw = this.socket.getPeerCertificate().raw as Buffer | undefined;
    return raw && raw.length > 0 ? raw : undefined;
  }

  get closed(): boolean {
    return this.isClosed || this.socket.destroyed || !this.socket.writable;
  }

  /**
   * Writes one request (one buffer, or several — head and body — written as one corked batch so the body is not
   * copied) and waits for its response. The socket is unusable after any rejection.
   */
  request(bytes: Buffer | Buffer[], timeoutMs: number, signal?: AbortSignal): Promise<HttpResponse> {
    if (this.pending) return Promise.reject(new WireFailure('other', 'HTTP request already in flight on this socket'));
    if (this.closed) return Promise.reject(new WireFailure('closed-before-write', 'the host closed the idle connection'));
    if (signal?.aborted) return Promise.reject(new WireFailure('aborted', 'aborted before sending'));
    const reply = new Promise<HttpResponse>((resolve, reject) => {
      const onAbort = signal && ((): void => this.fail(new WireFailure('aborted', 'aborted while waiting for the reply')));
      if (signal && onAbort) signal.addEventListener('abort', onAbort, { once: true });
      const cleanup = (): void => {
        if (signal && onAbort) signal.removeEventListener('abort', onAbort);
        this.pending = undefined;
        this.timer?.unref();
      };
      this.pending = {
        parser: new ResponseParser(),
        resolve: (res) => {
          cleanup();
          if (closesConnection(res)) this.destroy();
          resolve(res);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
        deadline: performance.now() + timeoutMs,
        timeoutMs,
      };
      this.armTimer(this.pending.deadline);
    });
    // Written here, not inside the executor: no closure that lives until the reply holds the request's bytes, so a
    // sealed body (up to MaxEnvelopeSize) can be collected once the socket has flushed it, while the reply is awaited.
    this.write(bytes);
    return reply;
  }

  private write(bytes: Buffer | Buffer[]): void {
    if (Array.isArray(bytes)) {
      this.socket.cork();
      for (const b of bytes) if (b.length) this.socket.write(b);
      this.socket.uncork();
    } else this.socket.write(bytes);
  }

  destroy(): void {
    this.isClosed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.socket.destroy();
  }

  /** Makes sure the timer fires no later than `deadline`, reusing the armed one when it fires by then. */
  private armTimer(deadline: number): void {
    const t = this.timer;
    if (t && this.timerAt <= deadline) {
      t.ref();
      return;
    }
    if (t) clearTimeout(t);
    const ms = Math.max(1, Math.ceil(deadline - performance.now()));
    this.timerAt = performance.now() + ms;
    this.timer = setTimeout(this.onTimer, ms);
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    const p = this.pending;
    if (!p) return;
    // Node fires a timer no earlier than its delay on its own millisecond clock; performance.now() can read a
    // fraction lower, so a remainder under a millisecond counts as due.
    if (p.deadline - performance.now() < 1) this.fail(new WireFailure('timeout', `no reply within ${p.timeoutMs} ms`));
    else this.armTimer(p.deadline);
  };

  private onData(d: Buffer): void {
    const p = this.pending;
    if (!p) return this.destroy(); // bytes nobody asked for: the stream is out of sync
    try {
      const res = p.parser.push(d);
      if (res) p.resolve(res);
    } catch (e) {
      if (e instanceof HttpParseError) this.fail(new WireFailure('protocol', e.message, undefined, { cause: e }));
      else throw e;
    }
  }

  private onClose(): void {
    this.isClosed = true;
    const p = this.pending;
    if (!p) return;
    const res = p.parser.end();
    if (res) p.resolve(res);
    else this.fail(new WireFailure('reset', 'the host closed the connection before replying'));
  }

  private fail(e: WireFailure): void {
    const p = this.pending;
    this.destroy();
    p?.reject(e);
  }
}
