/**
 * HTTP endpoints served on a simulated host, for win_uri: software installed on a host (a site model, a test)
 * registers handlers for a port and a path prefix; a request reaches one only while a running service listens on
 * that port (listening.ts). WinRM's own listener is built in: /wsman takes POST only (405 otherwise) and any other
 * path is HTTP.sys's 404. Keyed by the HostState object like hooks.ts, so two sites never share endpoints.
 */
import type { HostState } from './state.ts';

export interface SimHttpRequest {
  method: string;
  /** Path and query, e.g. `/qrs/about?xrfkey=…`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Credentials given to win_uri (url_username/url_password), as the handler's Basic/NTLM check would see them. */
  user?: string;
  password?: string;
}

export interface SimHttpResponse {
  status: number;
  /** Reason phrase; defaults from the status. */
  description?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface SimHttpEndpoint {
  port: number;
  /** Path prefix, case-insensitive as HTTP.sys URL reservations are. */
  prefix: string;
  handle: (req: SimHttpRequest) => SimHttpResponse;
  /** For https: a certificate the host does not trust (self-signed) fails a request that validates certificates. */
  certificate?: 'trusted' | 'untrusted';
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function reasonOf(status: number): string {
  return REASONS[status] ?? 'Unknown';
}

const ENDPOINTS = new WeakMap<HostState, SimHttpEndpoint[]>();

const WSMAN: SimHttpEndpoint = {
  port: 5985,
  prefix: '/',
  handle: (req): SimHttpResponse => {
    if (!/^\/wsman(\?|$)/i.test(req.path)) return { status: 404, headers: { 'Content-Type': 'text/html; charset=us-ascii' }, body: '<h2>Not Found</h2>' };
    return req.method === 'POST' ? { status: 401, headers: { 'WWW-Authenticate': 'Negotiate' } } : { status: 405, body: '' };
  },
};

export function addHttpEndpoint(state: HostState, e: SimHttpEndpoint): void {
  const list = ENDPOINTS.get(state) ?? [];
  list.push(e);
  ENDPOINTS.set(state, list);
}

/** The endpoint for a port and path (longest prefix wins), or undefined when nothing serves HTTP on the port. */
export function endpointFor(state: HostState, port: number, path: string): SimHttpEndpoint | undefined {
  const all = [...(ENDPOINTS.get(state) ?? []), WSMAN].filter((e) => e.port === port);
  const lower = path.toLowerCase();
  return all.filter((e) => lower.startsWith(e.prefix.toLowerCase())).sort((a, b) => b.prefix.length - a.prefix.length)[0];
}
