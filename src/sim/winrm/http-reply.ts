/**
 * Responses shaped like HTTP.sys's (reference §1): `Server: Microsoft-HTTPAPI/2.0`, an empty reason phrase
 * (`HTTP/1.1 401 `) and a Content-Length on every reply, even an empty one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ReplyOptions {
  body?: Buffer;
  contentType?: string;
  headers?: Record<string, string | string[]>;
  /** Send `Connection: close` and end the TCP connection after the reply. */
  close?: boolean;
}

export function writeReply(res: ServerResponse, status: number, o: ReplyOptions = {}): void {
  if (res.destroyed || res.headersSent) return;
  const body = o.body ?? Buffer.alloc(0);
  const headers: Record<string, string | string[] | number> = {
    Server: 'Microsoft-HTTPAPI/2.0',
    ...o.headers,
    'Content-Length': body.length,
  };
  if (o.contentType) headers['Content-Type'] = o.contentType;
  if (o.close) headers.Connection = 'close';
  res.writeHead(status, '', headers);
  res.end(body);
}

/** Reads the body; undefined when it exceeds `limit` (the rest is read and discarded so the 413 reaches the client). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (c: Buffer) => {
      total += c.length;
      if (total <= limit) chunks.push(c);
      // Past 64 MiB nobody is sending an envelope: stop reading.
      else if (total > 64 * 1024 * 1024) req.socket.destroy();
    });
    req.on('end', () => resolve(total > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Host header without the port: the machine name a fault reports and CreateResponse addresses. */
export function hostOf(req: IncomingMessage, fallback: string): { machine: string; host: string } {
  const host = req.headers.host ?? fallback;
  const machine = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? host);
  return { machine, host };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
