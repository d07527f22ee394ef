/**
 * One TCP connection carrying one HTTP exchange at a time. It reports failures as WireFailure kinds, which
 * connection.ts turns into typed, hinted errors, and it tracks whether the peer has closed the socket so an idle
 * close can be told apart from a request that may have reached the host.
 */
import { connect, type Socket } from 'node:net';
import { HttpParseError, ResponseParser, closesConnection, type HttpResponse } from './wire.ts';

export type WireFailureKind =
  | 'refused' | 'dns' | 'connect-timeout' | 'timeout' | 'reset' | 'closed-before-write' | 'aborted' | 'protocol' | 'other';

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
    : 'other';
  return new WireFailure(kind, e.message, code || undefined, { cause: e });
}

interface Pending {
  parser: ResponseParser;
  resolve(res: HttpResponse): void;
  reject(e: WireFailure): void;
}

export class HttpSocket {
  private pending?: Pending;
  private isClosed = false;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('end', () => this.onClose());
    socket.on('close', () => this.onClose());
    socket.on('error', (e: NodeJS.ErrnoException) => this.fail(fromNodeError(e)));
  }

  static connect(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<HttpSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address, port });
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
      socket.once('connect', () => done());
    });
  }

  /** True once the peer closed or the socket failed; a closed socket is never written to. */
  get closed(): boolean {
    return this.isClosed || this.socket.destroyed || !this.socket.writable;
  }

  /** Writes one request and waits for its response. The socket is unusable after any rejection. */
  request(bytes: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<HttpResponse> {
    if (this.pending) return Promise.reject(new WireFailure('other', 'HTTP request already in flight on this socket'));
    if (this.closed) return Promise.reject(new WireFailure('closed-before-write', 'the host closed the idle connection'));
    if (signal?.aborted) return Promise.reject(new WireFailure('aborted', 'aborted before sending'));
    return new Promise<HttpResponse>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending = undefined;
      };
      const onAbort = (): void => this.fail(new WireFailure('aborted', 'aborted while waiting for the reply'));
      const timer = setTimeout(() => this.fail(new WireFailure('timeout', `no reply within ${timeoutMs} ms`)), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
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
      };
      this.socket.write(bytes);
    });
  }

  destroy(): void {
    this.isClosed = true;
    this.socket.destroy();
  }

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
