/**
 * A minimal HTTP/1.1 request writer and incremental response parser.
 *
 * Why not node:http: NTLM authentication is per TCP connection (HTTP.sys connection-based auth) and the RC4 sealing
 * state belongs to that socket, so we must know exactly which socket carries each request and see it close.
 * node:http's Agent pools sockets and hides that. WinRM needs little of HTTP: POST, Content-Length or chunked
 * replies, repeated WWW-Authenticate headers, keep-alive.
 */

export interface HttpRequest {
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  reason: string;
  /** In arrival order; repeated headers (WWW-Authenticate) stay separate. */
  headers: Array<[string, string]>;
  body: Buffer;
}

export function serializeRequest(req: HttpRequest): Buffer {
  let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
  for (const [k, v] of req.headers) head += `${k}: ${v}\r\n`;
  head += '\r\n';
  // The client passes the body apart (written in the same corked batch): then the head is the whole buffer.
  if (req.body.length === 0) return Buffer.from(head, 'latin1');
  return Buffer.concat([Buffer.from(head, 'latin1'), req.body]);
}

/** Header names compare case-insensitively [RFC 9110 5.1]; `lower` is already lower case. */
const named = (k: string, lower: string): boolean => k.length === lower.length && k.toLowerCase() === lower;

export function headerValues(res: Pick<HttpResponse, 'headers'>, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [k, v] of res.headers) if (named(k, lower)) out.push(v);
  return out;
}

export function header(res: Pick<HttpResponse, 'headers'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of res.headers) if (named(k, lower)) return v;
  return undefined;
}

/** The connection is over after this response (HTTP/1.1 defaults to keep-alive). */
export function closesConnection(res: Pick<HttpResponse, 'headers'>): boolean {
  for (const [k, v] of res.headers) if (named(k, 'connection') && /\bclose\b/i.test(v)) return true;
  return false;
}

export class HttpParseError extends Error {}

const MAX_HEAD = 64 * 1024;

type BodyMode = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'until-close' };

/** Feed bytes with push(); it returns the response once complete. end() completes an until-close body. */
export class ResponseParser {
  private buf: Buffer = Buffer.alloc(0);
  private head?: Omit<HttpResponse, 'body'>;
  private mode?: BodyMode;
  private chunks: Buffer[] = [];

  push(data: Buffer): HttpResponse | undefined {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    if (!this.head && !this.parseHead()) return undefined;
    return this.parseBody();
  }

  /** The peer closed: a body delimited by close is complete, anything else is truncated. */
  end(): HttpResponse | undefined {
    if (this.head && this.mode?.kind === 'until-close') return this.finish();
    return undefined;
  }

  private parseHead(): boolean {
    const idx = this.buf.indexOf('\r\n\r\n');
    if (idx < 0) {
      if (this.buf.length > MAX_HEAD) throw new HttpParseError('response headers too large');
      return false;
    }
    // One latin1 string walked line by line; the two framing headers are picked up on the way (the first of each,
    // as header() would find them) rather than searched for again.
    const text = this.buf.toString('latin1', 0, idx);
    this.buf = this.buf.subarray(idx + 4);
    let eol = text.indexOf('\r\n');
    if (eol < 0) eol = text.length;
    const statusLine = text.slice(0, eol);
    const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) throw new HttpParseError(`bad status line ${JSON.stringify(statusLine.slice(0, 80))}`);
    const headers: Array<[string, string]> = [];
    let te: string | undefined;
    let cl: string | undefined;
    while (eol < text.length) {
      const at = eol + 2;
      eol = text.indexOf('\r\n', at);
      if (eol < 0) eol = text.length;
      const line = text.slice(at, eol);
      const colon = line.indexOf(':');
      if (colon <= 0) throw new HttpParseError(`bad header line ${JSON.stringify(line.slice(0, 80))}`);
      const k = line.slice(0, colon).trim();
      const v = line.slice(colon + 1).trim();
      headers.push([k, v]);
      if (te === undefined && named(k, 'transfer-encoding')) te = v;
      else if (cl === undefined && named(k, 'content-length')) cl = v;
    }
    const status = Number(m[1]);
    this.head = { status, reason: m[2] ?? '', headers };
    if (te && /chunked/i.test(te)) this.mode = { kind: 'chunked' };
    else if (cl !== undefined) {
      if (!/^\d+$/.test(cl)) throw new HttpParseError(`bad Content-Length ${cl}`);
      this.mode = { kind: 'length', remaining: Number(cl) };
    } else if (status === 204 || status === 304 || status < 200) this.mode = { kind: 'length', remaining: 0 };
    else this.mode = { kind: 'until-close' };
    return true;
  }

  private parseBody(): HttpResponse | undefined {
    const mode = this.mode;
    if (!mode) return undefined;
    if (mode.kind === 'until-close') {
      this.take(this.buf.length);
      return undefined;
    }
    if (mode.kind === 'length') {
      const n = Math.min(mode.remaining, this.buf.length);
      this.take(n);
      mode.remaining -= n;
      return mode.remaining === 0 ? this.finish() : undefined;
    }
    return this.parseChunks();
  }

  /** Chunked transfer coding [RFC 9112 7.1]: size line, data, CRLF; a 0 chunk then trailers end the body. */
  private parseChunks(): HttpResponse | undefined {
    for (;;) {
      const eol = this.buf.indexOf('\r\n');
      if (eol < 0) return undefined;
      const size = parseInt(this.buf.subarray(0, eol).toString('latin1').split(';')[0] ?? '', 16);
      if (Number.isNaN(size)) throw new HttpParseError('bad chunk size');
      if (size === 0) {
        // Optional trailer lines, then an empty line; "0\r\n\r\n" finds the CRLFCRLF right at eol.
        return this.buf.indexOf('\r\n\r\n', eol) < 0 ? undefined : this.finish();
      }
      if (this.buf.length < eol + 2 + size + 2) return undefined;
      this.chunks.push(this.buf.subarray(eol + 2, eol + 2 + size));
      this.buf = this.buf.subarray(eol + 2 + size + 2);
    }
  }

  private take(n: number): void {
    // A view, not a copy: socket reads are fresh buffers, and finish() concatenates the chunks once.
    if (n > 0) this.chunks.push(this.buf.subarray(0, n));
    this.buf = this.buf.subarray(n);
  }

  private finish(): HttpResponse | undefined {
    if (!this.head) return undefined;
    // A reply that arrived in one read (most do) is a view of that read: no copy. Its bytes are the response's
    // own (each socket read is a fresh buffer), so the caller may decrypt them in place.
    const body = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    return { ...this.head, body };
  }
}
