/**
 * A tiny HTTP/1.1 client on one TCP connection, so tests see the exact status line and control which socket each
 * request uses (NTLM authenticates the connection, not the request).
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';

export interface RawResponse {
  statusLine: string;
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export class RawConnection {
  private buf = Buffer.alloc(0);
  private waiter?: () => void;
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.waiter?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on('error', () => undefined);
  }

  static open(host: string, port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port }, () => resolve(new RawConnection(s)));
      s.once('error', reject);
    });
  }

  async request(r: RawRequest): Promise<RawResponse> {
    const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : (r.body ?? Buffer.alloc(0));
    const headers = { Host: 'sim', 'Content-Length': String(body.length), ...r.headers };
    const head = [`${r.method ?? 'POST'} ${r.path ?? '/wsman'} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    this.socket.write(Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1'), body]));
    return this.readResponse();
  }

  close(): void {
    this.socket.destroy();
  }

  private async readResponse(): Promise<RawResponse> {
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end >= 0) {
        const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
        const statusLine = lines[0] ?? '';
        const headers: Record<string, string> = {};
        for (const l of lines.slice(1)) {
          const i = l.indexOf(':');
          const k = l.slice(0, i).toLowerCase();
          const v = l.slice(i + 1).trim();
          headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
        }
        const len = Number(headers['content-length'] ?? 0);
        if (this.buf.length >= end + 4 + len) {
          const body = this.buf.subarray(end + 4, end + 4 + len);
          this.buf = this.buf.subarray(end + 4 + len);
          return { statusLine, status: Number(statusLine.split(' ')[1]), headers, body };
        }
      }
      if (this.closed) throw new Error('connection closed before a complete response');
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }
}
