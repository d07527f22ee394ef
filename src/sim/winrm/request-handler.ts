/**
 * One HTTP request to a simulated WinRM listener, in the order HTTP.sys and WinRM check things: URL and method,
 * size, authentication (per TCP connection), encryption, then WS-Man dispatch. Reference §1, §7.1, §8, §12.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { decodeEncrypted, encodeEncryptedText, encryptionProtocolOf } from '../../transport/winrm/http/encryption.ts';
import { WsmanRequestFault, buildIdentifyResponse, parseWsmanRequest } from '../../transport/winrm/wsman/server.ts';
import type { WsmanRequest } from '../../transport/winrm/wsman/server-types.ts';
import { faultReply } from './dispatch.ts';
import type { Reply, WsmanDispatcher } from './dispatch.ts';
import { hostOf, readBody, sleep, writeReply } from './http-reply.ts';
import type { ReplyOptions } from './http-reply.ts';
import { authLeg, basicLogon } from './negotiate.ts';
import type { AuthContext, AuthSession, ConnAuth } from './negotiate.ts';
import type { FaultInjector, SimUser } from './types.ts';
import { injectedFault, mismatchRelatesTo } from './injected-faults.ts';

const SOAP = 'application/soap+xml;charset=UTF-8';
/** Room for the multipart/encrypted framing around a sealed envelope; the exact check runs after decryption. */
const FRAMING_SLACK = 1024;

export interface HandlerContext extends AuthContext {
  address: string;
  computerName: string;
  users: Map<string, SimUser>;
  maxEnvelopeBytes: number;
  allowUnencrypted: boolean;
  /** HTTPS listener: plaintext SOAP is allowed inside TLS whatever AllowUnencrypted says. */
  tls: boolean;
  /** Service/Auth/Basic. */
  basic: boolean;
  latencyMs: number;
  faults: FaultInjector;
  dispatcher: WsmanDispatcher;
  stats: { requests: number; actions: Record<string, number> };
  onRequest?: (info: { action: string; bytes: number }) => void;
}

/** Authentication belongs to the TCP connection (HTTP.sys connection-based auth): a new socket starts over. */
const connections = new WeakMap<Socket, ConnAuth>();

export async function handleRequest(req: IncomingMessage, res: ServerResponse, ctx: HandlerContext): Promise<void> {
  ctx.stats.requests++;
  const socket = req.socket;
  if ((ctx.faults.dropNext ?? 0) > 0) {
    ctx.faults.dropNext = (ctx.faults.dropNext ?? 0) - 1;
    socket.destroy();
    return;
  }
  const send = async (status: number, o?: ReplyOptions) => {
    const delay = ctx.latencyMs + (ctx.faults.slowMs ?? 0);
    if (delay > 0) await sleep(delay);
    writeReply(res, status, o);
  };
  // HTTP.sys answers URLs nobody registered with 404; WinRM registered only /wsman, POST only (reference §1).
  const path = (req.url ?? '').split('?')[0]?.toLowerCase();
  if (path !== '/wsman') return send(404, { close: true });
  if (req.method !== 'POST') return send(405, { headers: { Allow: 'POST' }, close: true });
  const body = await readBody(req, ctx.maxEnvelopeBytes + FRAMING_SLACK);
  if (!body) return send(413, { close: true });

  let conn = connections.get(socket);
  if (!conn) connections.set(socket, (conn = {}));
  // Domain members also offer Kerberos (reference §7.1 step 2).
  const offered = ['Negotiate', ...(ctx.kerberos ? ['Kerberos'] : []), ...(ctx.basic ? ['Basic realm="WSMAN"'] : [])];
  const fresh401 = () => send(401, { headers: { 'WWW-Authenticate': offered }, close: true });
  const authorization = req.headers.authorization;
  if (authorization === undefined) {
    if (conn.session) return processBody(req, res, body, conn.session, false, ctx, send);
    if (String(req.headers.wsmanidentify ?? '').toLowerCase() === 'unauthenticated') return identify(req, body, ctx, send);
    return fresh401();
  }
  if (/^basic\s/i.test(authorization)) {
    const basic = basicLogon(authorization, ctx);
    return basic ? processBody(req, res, body, basic, true, ctx, send) : fresh401();
  }
  const outcome = authLeg(authorization, conn, ctx);
  if (outcome.kind === 'reject') {
    const why = outcome.header;
    return why ? send(401, { headers: { 'WWW-Authenticate': [why, ...offered.slice(1)] }, close: true }) : fresh401();
  }
  if (outcome.kind === 'challenge') {
    // The challenge keeps the connection open: NTLM cannot finish on another one (reference §7.1 step 4).
    return send(401, { headers: { 'WWW-Authenticate': outcome.header } });
  }
  conn.session = outcome.session;
  // The reply that ends the handshake carries the acceptor's last token: SPNEGO's accept-completed with its
  // mechListMIC, Kerberos' AP-REP for mutual authentication (reference §7.1 step 6, §7.2).
  const final = outcome.header;
  const sendFinal: Send = final ? (status, o) => send(status, { ...o, headers: { ...o?.headers, 'WWW-Authenticate': final } }) : send;
  // The empty POST that finishes the handshake gets 200 with an empty body (reference §8; Go demands exactly 200).
  if (body.length === 0) return sendFinal(200);
  return processBody(req, res, body, conn.session, true, ctx, sendFinal, conn);
}

type Send = (status: number, o?: ReplyOptions) => Promise<void>;

async function processBody(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  session: AuthSession,
  onAuthLeg: boolean,
  ctx: HandlerContext,
  send: Send,
  conn?: ConnAuth,
): Promise<void> {
  const contentType = req.headers['content-type'] ?? '';
  const sealed = encryptionProtocolOf(contentType);
  let plain: Buffer;
  if (sealed) {
    // Basic has no session key: a sealed body from it is nonsense HTTP.sys cannot read.
    if (!session.security) return send(400, { close: true });
    try {
      plain = decodeEncrypted(body, contentType, session.security);
    } catch {
      // A bad signature leaves the RC4 streams out of step: this connection can carry nothing more. [unverified]
      return send(400, { close: true });
    }
  } else if (!ctx.allowUnencrypted && !ctx.tls) {
    // AllowUnencrypted=false: plaintext on the auth leg is a 401 (pywinrm's "credentials rejected", testing
    // notes); on an authenticated connection WinRM answers 500 (reference §5.2).
    if (onAuthLeg) {
      if (conn) conn.session = undefined;
      return send(401, { headers: { 'WWW-Authenticate': 'Negotiate' }, close: true });
    }
    return send(500);
  } else {
    plain = body;
  }
  if (plain.length > ctx.maxEnvelopeBytes) return send(413, { close: true });
  if ((ctx.faults.http500Next ?? 0) > 0) {
    // Decrypted first so the client→server RC4 stream stays in step for the next request.
    ctx.faults.http500Next = (ctx.faults.http500Next ?? 0) - 1;
    return send(500);
  }
  if ((ctx.faults.http413Next ?? 0) > 0) {
    ctx.faults.http413Next = (ctx.faults.http413Next ?? 0) - 1;
    return send(413, { close: true });
  }
  const reply = await wsman(req, res, plain, body.length, session, ctx);
  if (!reply) return;
  // Every reply is sealed when the request was, faults included: pypsrp decrypts before it reads the status.
  if (sealed && session.security) {
    // Replies name the protocol the request used (SPNEGO, or Kerberos after the raw Kerberos scheme); the text is
    // sealed straight into the message buffer, as the client seals its requests.
    const out = encodeEncryptedText(reply.xml, session.security, sealed);
    return send(reply.status, { body: out.body, contentType: out.contentType });
  }
  return send(reply.status, { body: Buffer.from(reply.xml, 'utf8'), contentType: SOAP });
}

async function wsman(
  req: IncomingMessage,
  res: ServerResponse,
  plain: Buffer,
  bytes: number,
  session: AuthSession,
  ctx: HandlerContext,
): Promise<Reply | undefined> {
  const { machine, host } = hostOf(req, ctx.address);
  let parsed: WsmanRequest;
  try {
    parsed = parseWsmanRequest(plain.toString('utf8'));
  } catch (e) {
    if (e instanceof WsmanRequestFault) return faultReply({ ...e.spec, messageId: e.messageId ?? '', machine });
    throw e;
  }
  const action = parsed.action;
  ctx.stats.actions[action] = (ctx.stats.actions[action] ?? 0) + 1;
  ctx.onRequest?.({ action, bytes });
  const injected = injectedFault(ctx.faults, parsed, machine);
  if (injected) return injected;
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const reply = await ctx.dispatcher.dispatch(parsed, {
    user: session.user,
    userKey: session.userKey,
    clientIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
    machine,
    address: `http://${host}/wsman`,
    abort: abort.signal,
  });
  return reply && mismatchRelatesTo(ctx.faults, reply);
}

/** `WSMANIDENTIFY: unauthenticated` lets an Identify through without credentials, in plaintext (reference §4.7). */
async function identify(req: IncomingMessage, body: Buffer, ctx: HandlerContext, send: Send): Promise<void> {
  let parsed: WsmanRequest | undefined;
  try {
    parsed = parseWsmanRequest(body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (parsed?.action !== 'identify') return send(401, { headers: { 'WWW-Authenticate': ctx.basic ? ['Negotiate', 'Basic realm="WSMAN"'] : 'Negotiate' }, close: true });
  ctx.stats.actions.identify = (ctx.stats.actions.identify ?? 0) + 1;
  ctx.onRequest?.({ action: 'identify', bytes: body.length });
  return send(200, { body: Buffer.from(buildIdentifyResponse(), 'utf8'), contentType: SOAP });
}
