/**
 * The central node's QRS on HTTPS 4242 (D2, D3): mutual TLS (a client certificate issued by the site root is
 * required, S16; calls act as admin, X-Qlik-User names the user), the Xrfkey check on every call (D1, S15), and
 * the connection refused whenever the central QRS is not running. Also each node's plain-HTTP 4444
 * /status/servicestate (D10, S14).
 */
import { createServer as createHttp, type Server as HttpServer } from 'node:http';
import { createServer as createHttps, type Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { findService } from '../host/services.ts';
import { QRS } from './catalogue.ts';
import type { SiteCerts } from './certs.ts';
import { routeQrs } from './qrs-routes.ts';
import type { QlikSiteModel } from './site-model.ts';

export const QRS_PORT = 4242;
export const STATE_PORT = 4444;
const XRF = /^[0-9a-zA-Z]{16}$/;

function userOf(header: string | undefined): string {
  const dir = /UserDirectory\s*=\s*([^;]+)/i.exec(header ?? '')?.[1]?.trim();
  const id = /UserId\s*=\s*([^;]+)/i.exec(header ?? '')?.[1]?.trim();
  return dir && id ? `${dir}\\${id}` : 'INTERNAL\\sa_repository';
}

function listenOn(server: HttpServer | HttpsServer, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve());
  });
}

export async function startQrsServer(site: QlikSiteModel, certs: SiteCerts, address: string, port = QRS_PORT): Promise<HttpsServer> {
  const server = createHttps({ key: certs.serverKey, cert: certs.serverCert, ca: certs.root, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    // A kept-alive connection from before the QRS stopped dies with the process, too.
    if (!site.qrsUp(site.central().state.hostname)) return void req.socket.destroy();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://qrs');
      const key = url.searchParams.get('xrfkey') ?? url.searchParams.get('Xrfkey') ?? '';
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (!XRF.test(key) || req.headers['x-qlik-xrfkey'] !== key) return send(403, 'XSRF prevention check failed. Possible XSRF discovered.');
      let body: unknown;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        return send(400, 'The request body is not valid JSON');
      }
      const r = routeQrs(site, { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body, user: userOf(req.headers['x-qlik-user'] as string | undefined) });
      send(r.status, r.body);
    });
  });
  // A stopped QRS has no listener: connections are refused (reset here, as we keep the socket bound).
  server.on('connection', (sock: Socket) => {
    if (!site.qrsUp(site.central().state.hostname)) sock.destroy();
  });
  await listenOn(server, address, port);
  return server;
}

/** 0 Initializing, 1 Certificates not installed, 2 Running (D10); refused while the node's QRS is stopped. */
export function serviceStateValue(site: QlikSiteModel, hostname: string): number | undefined {
  const n = site.get(hostname);
  if (!n || findService(n.state, QRS)?.state !== 'running') return undefined;
  if (n.node.certs !== 'installed') return 1;
  return site.dbRunning() ? 2 : 0;
}

export async function startStateServer(site: QlikSiteModel, hostname: string, address: string, port = STATE_PORT): Promise<HttpServer> {
  const server = createHttp((req, res) => {
    const v = serviceStateValue(site, hostname);
    if (v === undefined) return void req.socket.destroy();
    if (req.url?.toLowerCase() !== '/status/servicestate') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ value: v }));
  });
  server.on('connection', (sock: Socket) => {
    if (serviceStateValue(site, hostname) === undefined) sock.destroy();
  });
  await listenOn(server, address, port);
  return server;
}
