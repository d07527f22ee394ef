/**
 * The WinRM listener of one simulated Windows host (design §6): HTTP, or HTTPS with a given certificate, on
 * loopback, answering as HTTP.sys and WinRM do. Request handling is in request-handler.ts, WS-Man dispatch in dispatch.ts.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { tlsServerEndPoint } from '../../transport/winrm/gss/channel-bindings.ts';
import { WsmanDispatcher } from './dispatch.ts';
import { DEFAULT_QUOTAS } from './quotas.ts';
import { writeReply } from './http-reply.ts';
import { handleRequest } from './request-handler.ts';
import type { HandlerContext } from './request-handler.ts';
import type { FaultInjector, WinrmListener, WinrmListenerOptions } from './types.ts';

export type { FaultInjector, WinrmListener, WinrmListenerOptions } from './types.ts';

/** How often the `refuse` switch is looked at; a poll keeps FaultInjector a plain mutable object. */
const REFUSE_POLL_MS = 20;

export async function startWinrmListener(opts: WinrmListenerOptions): Promise<WinrmListener> {
  const faults: FaultInjector = opts.faults ?? {};
  const config = { maxEnvelopeKb: opts.maxEnvelopeKb ?? 500, allowUnencrypted: opts.allowUnencrypted ?? false, basic: opts.basic ?? false };
  const dispatcher = new WsmanDispatcher(
    opts.launcher,
    {
      maxConcurrentOperationsPerUser: opts.maxConcurrentOperationsPerUser ?? DEFAULT_QUOTAS.maxConcurrentOperationsPerUser,
      maxShellsPerUser: opts.maxShellsPerUser ?? DEFAULT_QUOTAS.maxShellsPerUser,
    },
    config,
  );
  const stats = { requests: 0, actions: {} as Record<string, number> };
  const ctx: HandlerContext = {
    address: opts.address,
    computerName: opts.computerName,
    users: opts.users,
    maxEnvelopeBytes: config.maxEnvelopeKb * 1024,
    allowUnencrypted: config.allowUnencrypted,
    tls: opts.tls !== undefined,
    basic: config.basic,
    latencyMs: opts.latencyMs ?? 0,
    faults,
    dispatcher,
    stats,
    onRequest: opts.onRequest,
    ...opts.domain,
    // HTTP.sys binds NTLM and Kerberos logons to the certificate its TLS listener presents (RFC 5929 4).
    channel: opts.tls ? { bindings: tlsServerEndPoint(Buffer.from(new X509Certificate(opts.tls.cert).raw)), level: opts.cbtHardeningLevel ?? 'relaxed' } : undefined,
  };
  const sockets = new Set<Socket>();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handleRequest(req, res, ctx).catch((e: unknown) => {
      // A bug in the simulator, not a Windows behaviour: say so loudly, and answer as a crashed service would.
      process.emitWarning(`simulated WinRM listener ${opts.computerName}: ${e instanceof Error ? e.stack : String(e)}`);
      writeReply(res, 500, { close: true });
    });
  };
  const server = opts.tls ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest) : createServer(onRequest);
  // A plain-HTTP client on the HTTPS port gets its connection closed, as HTTP.sys's TLS layer does. [unverified]
  server.on('tlsClientError', (_e: Error, s: Socket) => s.destroy());
  // HTTP.sys sends no Keep-Alive header and leaves idle connections to the client; close() destroys them.
  server.keepAliveTimeout = 0;
  server.requestTimeout = 0;
  server.on('connection', (s: Socket) => {
    if (faults.refuse) return void s.destroy();
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, opts.address, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(opts.port);
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;

  let closed = false;
  let switching = false;
  const dropSockets = () => {
    for (const s of sockets) s.destroy();
  };
  // A refusing host closes its listening socket (ECONNREFUSED) and loses its connections; it comes back on the
  // same port when the switch is cleared.
  const poll = setInterval(() => {
    if (closed || switching) return;
    if (faults.refuse && server.listening) {
      server.close();
      dropSockets();
    } else if (!faults.refuse && !server.listening) {
      switching = true;
      listen(port).finally(() => (switching = false)).catch(() => undefined);
    }
  }, REFUSE_POLL_MS);
  poll.unref();

  return {
    address: opts.address,
    port,
    url: `${opts.tls ? 'https' : 'http'}://${opts.address}:${port}/wsman`,
    get requests() {
      return stats.requests;
    },
    actions: stats.actions,
    get shellCount() {
      return dispatcher.shells.size;
    },
    faultsSent: dispatcher.faultsSent,
    operationsHeld: (user) => dispatcher.shells.operationsFor(user.toLowerCase()),
    dropConnections: dropSockets,
    closeShells: () => dispatcher.close(),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      dispatcher.close();
      const done = new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
      });
      dropSockets();
      await done;
    },
  };
}
