/**
 * Invoke-WbHttpRequest to a routed name (host/http-routes.ts): a real HTTP(S) request from Node to the loopback
 * server the route names, behaving as System.Net.HttpWebRequest does on the host: redirects followed up to
 * MaximumRedirection (a 303, and a 301/302 after POST, continue as GET), credentials sent after a 401 that offers
 * Basic (or at once with ForceBasicAuth), the timeout and certificate failures in .NET's words.
 */
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { WindowsError } from '../host/windows-error.ts';

export interface OutboundRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  user?: string;
  password?: string;
  forceBasicAuth: boolean;
  followRedirects: boolean;
  maximumRedirection: number;
  timeoutMs: number;
  validateCerts: boolean;
  /** The loopback address a URL's host name is routed to, or undefined when it is not reachable. */
  route: (hostname: string) => string | undefined;
}

export interface OutboundResponse {
  status: number;
  description: string;
  /** Header names as the server wrote them; repeated headers joined with ', ' as WebHeaderCollection does. */
  headers: Record<string, string>;
  body: Buffer;
}

const CONNECT_FAILED = 'Unable to connect to the remote server';

function headersOf(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const have = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase());
    if (have) out[have] = `${out[have]}, ${raw[i + 1] as string}`;
    else out[name] = raw[i + 1] as string;
  }
  return out;
}

function once(req: OutboundRequest, url: URL, method: string, auth: string | undefined): Promise<OutboundResponse & { raw: IncomingHttpHeaders }> {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const address = req.route(hostname);
  if (address === undefined) return Promise.reject(new WindowsError(10061, CONNECT_FAILED));
  const https = url.protocol === 'https:';
  const headers: OutgoingHttpHeaders = { Host: url.host, ...req.headers };
  if (auth) headers.Authorization = auth;
  const body = req.body !== undefined && method !== 'GET' && method !== 'HEAD' ? Buffer.from(req.body, 'utf8') : undefined;
  if (body) headers['Content-Length'] = body.length;
  const options = {
    host: address, port: Number(url.port || (https ? 443 : 80)), path: url.pathname + url.search, method, headers,
    ...(https ? { servername: hostname, rejectUnauthorized: req.validateCerts } : {}),
  };
  return new Promise((resolve, reject) => {
    const r = (https ? httpsRequest : httpRequest)(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => reject(new WindowsError(10061, 'The underlying connection was closed: An unexpected error occurred on a receive.')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, description: res.statusMessage ?? '', headers: headersOf(res.rawHeaders), body: Buffer.concat(chunks), raw: res.headers }));
    });
    r.setTimeout(req.timeoutMs, () => {
      r.destroy();
      reject(new WindowsError(1460, 'The operation has timed out'));
    });
    r.on('error', (e: NodeJS.ErrnoException) => {
      if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code ?? '')) {
        reject(new WindowsError(-2146762487, 'The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.'));
      } else reject(new WindowsError(10061, CONNECT_FAILED));
    });
    r.end(body);
  });
}

/** The request as HttpWebRequest sends it, redirects and a Basic challenge included. */
export async function sendOutbound(req: OutboundRequest): Promise<OutboundResponse> {
  const basic = req.user ? 'Basic ' + Buffer.from(`${req.user}:${req.password ?? ''}`, 'utf8').toString('base64') : undefined;
  let url = req.url;
  let method = req.method;
  for (let redirects = 0; ; redirects++) {
    let res = await once(req, url, method, req.forceBasicAuth ? basic : undefined);
    if (res.status === 401 && basic && !req.forceBasicAuth && /\bbasic\b/i.test(String(res.raw['www-authenticate'] ?? ''))) {
      res = await once(req, url, method, basic);
    }
    const location = res.raw.location;
    if (!req.followRedirects || !location || ![301, 302, 303, 307, 308].includes(res.status)) return res;
    if (redirects >= req.maximumRedirection) throw new WindowsError(10061, 'Too many automatic redirections were attempted.');
    url = new URL(location, url);
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) method = 'GET';
  }
}
