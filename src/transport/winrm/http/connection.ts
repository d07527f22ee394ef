/**
 * SoapChannel over HTTP or HTTPS with NTLM (Negotiate) and message encryption, or Basic [reference 7.1, 7.2, 8].
 * One keep-alive socket; NTLM authenticates once per socket, because HTTP.sys binds the NTLM context and its RC4
 * sealing state to the TCP connection; Basic sends its header on every request. Requests are serialised: one
 * socket carries one exchange at a time (transport.ts keeps a second channel for long-polls).
 */
import type { PostOptions, SoapChannel, SoapReply } from '../channel.ts';
import type { ChannelBindings, MessageSecurity } from '../gss/types.ts';
import { NtlmClient } from '../ntlm/client.ts';
import { tlsServerEndPoint } from '../gss/channel-bindings.ts';
import { NtlmError } from '../ntlm/errors.ts';
import { isWinbookError } from '../../../errors.ts';
import { ENCRYPTED_CONTENT_TYPE, SOAP_CONTENT_TYPE, decodeEncrypted, encodeEncryptedText, isEncryptedContentType, type EncryptionProtocol } from './encryption.ts';
import { ntlmHandshake, spnegoHandshake, type Handshake } from './handshake.ts';
import { NtlmInitiatorMech } from '../spnego/mech.ts';
import { GssError } from '../gss/errors.ts';
import { HttpSocket, WireFailure } from './socket.ts';
import type { TlsOptions } from './socket.ts';
import { header, headerValues, type HttpResponse } from './wire.ts';
import { KerberosError } from '../kerberos/errors.ts';
import { authError, kerberosError, decryptError, statusError, unencryptedRefused, wireError, type ErrorContext } from './errors.ts';

export interface WinrmHttpOptions {
  /** Inventory name, for messages. */
  host: string;
  address: string;
  port: number;
  scheme: 'http' | 'https';
  /**
   * ntlm (default: raw NTLMSSP in Negotiate, as pywinrm), basic, spnego-ntlm (NTLM inside SPNEGO, as pypsrp),
   * kerberos, or kerberos-or-ntlm (SPNEGO offering both, the host picks).
   */
  auth?: 'ntlm' | 'basic' | 'spnego-ntlm' | 'kerberos' | 'kerberos-or-ntlm';
  /**
   * Builds the Kerberos handshake for one connection (kerberos/, via transport.ts), given the TLS channel binding
   * and, for kerberos-or-ntlm, an NTLM client to offer as the fallback mechanism.
   */
  kerberos?: (cb: ChannelBindings | undefined, ntlmFallback: (() => NtlmClient) | undefined) => Promise<Handshake>;
  /** ansible_winrm_send_cbt: bind the logon to the HTTPS certificate (default true, as pywinrm). */
  sendCbt?: boolean;
  /** Certificate checking for https. */
  tls?: TlsOptions;
  username: string;
  password: string;
  encryption: boolean;
  readTimeoutMs: number;
  connectTimeoutMs?: number;
  userAgent?: string;
}

interface Session {
  socket: HttpSocket;
  /** The sealing context; absent for Basic. */
  security?: MessageSecurity;
  protocol?: EncryptionProtocol;
}

export class WinrmHttpChannel implements SoapChannel {
  private session?: Session;
  private sent = 0;
  /** Posts not yet settled, and the settling of the last one: the next post waits for it only when one is out. */
  private inFlight = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly settled = (): void => {
    this.inFlight--;
  };
  /** The head of a request up to Content-Length, for the last content type sent (see send()). */
  private headPrefix?: { type: string; text: string };

  constructor(private readonly opts: WinrmHttpOptions) {}

  get requests(): number {
    return this.sent;
  }

  post(envelope: string, opts: PostOptions): Promise<SoapReply> {
    // Nothing out: sent now, in this turn, not a microtask later behind a settled queue (one promise fewer too).
    const run = this.inFlight === 0 ? this.postNow(envelope, opts) : this.queue.then(() => this.postNow(envelope, opts));
    this.inFlight++;
    this.queue = run.then(this.settled, this.settled);
    return run;
  }

  async close(): Promise<void> {
    this.session?.socket.destroy();
    this.session = undefined;
  }

  private ctx(operation: string): ErrorContext {
    const { host, address, port, encryption, scheme } = this.opts;
    return { host, address, port, operation, encryption, scheme, basic: this.opts.auth === 'basic' };
  }

  private async postNow(envelope: string, opts: PostOptions): Promise<SoapReply> {
    for (let attempt = 0; ; attempt++) {
      // The live session without an await (a promise and a microtask fewer per request); a new one via connected().
      const live = this.session;
      const session = live && !live.socket.closed ? live : await this.connected(opts);
      try {
        const res = await this.sendEnvelope(session, envelope, opts);
        return this.reply(res, session, opts);
      } catch (e) {
        this.drop();
        // Resend when the request provably never left (the host had already closed the idle socket), or when it
        // may have but doing it twice is harmless (Receive, Signal, Delete): a new socket, a new logon.
        if (e instanceof WireFailure && attempt === 0 && (e.kind === 'closed-before-write' || (e.kind === 'reset' && opts.idempotent))) continue;
        throw this.wrap(e, opts);
      }
    }
  }

  /**
   * Seals the envelope straight from the string into the one buffer that goes on the wire (http/encryption.ts) and
   * sends it. Not async, so nothing keeps that buffer while the reply is awaited (postNow's frame would): at
   * H = 1000 every host has a request in flight, and a buffer that dies young never reaches the old generation.
   * A resend seals the envelope again (a new sequence number).
   */
  private sendEnvelope(session: Session, envelope: string, opts: PostOptions): Promise<HttpResponse> {
    const { body, contentType } = this.opts.encryption && session.security
      ? encodeEncryptedText(envelope, session.security, session.protocol)
      : { body: Buffer.from(envelope, 'utf8'), contentType: SOAP_CONTENT_TYPE };
    return this.send(session.socket, body, contentType, undefined, opts);
  }

  private reply(res: HttpResponse, session: Session, opts: PostOptions): SoapReply {
    const c = this.ctx(opts.operation);
    if (res.status === 401) {
      this.drop();
      throw authError(c, 'the host answered 401 to an authenticated message');
    }
    if (res.status !== 200 && res.status !== 500) {
      this.drop();
      throw statusError(res.status, c);
    }
    if (!this.opts.encryption && this.opts.scheme === 'http' && res.status === 500 && res.body.length === 0) {
      // WinRM's answer to plaintext SOAP over HTTP when Service/AllowUnencrypted is false (reference §5.2).
      throw unencryptedRefused(c);
    }
    if (!this.opts.encryption || !session.security || res.body.length === 0) return { status: res.status, body: res.body.toString('utf8') };
    const ct = header(res, 'content-type');
    try {
      // A sealed channel accepts only sealed replies, faults included: plaintext could be injected by anyone.
      if (!isEncryptedContentType(ct)) throw new Error(`unencrypted reply (Content-Type ${ct ?? 'none'})`);
      return { status: res.status, body: decodeEncrypted(res.body, ct ?? '', session.security).toString('utf8'), sealed: true };
    } catch (e) {
      this.drop();
      throw decryptError(c, e);
    }
  }

  /** The live session, or a new socket authenticated with the Negotiate/NTLM dance of reference 7.1. */
  private async connected(opts: PostOptions): Promise<Session> {
    if (this.session && !this.session.socket.closed) return this.session;
    this.drop();
    const { address, port, readTimeoutMs, connectTimeoutMs } = this.opts;
    let socket: HttpSocket | undefined;
    try {
      socket = await HttpSocket.connect(address, port, connectTimeoutMs ?? readTimeoutMs, opts.signal, this.opts.scheme === 'https' ? this.opts.tls : undefined);
      if (this.opts.auth === 'basic') {
        this.session = { socket };
        return this.session;
      }
      // On HTTPS the logon is bound to the certificate this socket saw (RFC 5929 4), as pywinrm's send_cbt does by
      // default: a host at CbtHardeningLevel=Strict refuses NTLM without it, and a relaying proxy cannot reuse it.
      const cert = this.opts.sendCbt === false ? undefined : socket.peerCertificate;
      const handshake = await this.handshake(cert && tlsServerEndPoint(cert));
      let res = await this.send(socket, Buffer.alloc(0), undefined, await handshake.first(), opts, handshake.scheme);
      // Kerberos finishes in one leg, NTLM in two, SPNEGO-wrapped NTLM in two or three (a restart after the host
      // picks another mechanism): bounded, so a host answering 401 forever cannot keep us here.
      for (let leg = 0; res.status === 401 && leg < 3; leg++) {
        const challenge = authToken(res, handshake.scheme);
        // A 401 without a token after our token is a refusal (wrong password, no SPN, not allowed). No retry:
        // repeated failures can lock the account.
        if (!challenge) {
          throw authError(this.ctx(opts.operation), leg === 0 && handshake.multiLeg ? 'the host did not answer with a Negotiate challenge' : handshake.refused);
        }
        // The token first: a refusal (a KRB-ERROR in a SPNEGO reject) comes with a closed connection and says why.
        const token = handshake.next(challenge);
        if (socket.closed) throw new WireFailure('reset', 'the host closed the connection after its challenge');
        res = await this.send(socket, Buffer.alloc(0), undefined, token, opts, handshake.scheme);
      }
      if (res.status === 401) throw authError(this.ctx(opts.operation), handshake.refused);
      if (res.status !== 200) throw statusError(res.status, this.ctx(opts.operation));
      handshake.finish(authToken(res, handshake.scheme));
      this.session = { socket, security: handshake.security, protocol: handshake.protocol };
      return this.session;
    } catch (e) {
      socket?.destroy();
      // A token we cannot use (no extended session security, garbage, a failed mutual authentication) is an
      // authentication failure.
      if (e instanceof NtlmError || e instanceof GssError) throw authError(this.ctx(opts.operation), e.message);
      if (e instanceof KerberosError) throw kerberosError(this.ctx(opts.operation), e);
      throw this.wrap(e, opts);
    }
  }

  /** The mechanism for a new connection: raw NTLM (the default, as pywinrm), or SPNEGO / Kerberos. */
  private async handshake(cb: ChannelBindings | undefined): Promise<Handshake> {
    const ntlm = () => new NtlmClient({ username: this.opts.username, password: this.opts.password }, { targetName: `HTTP/${this.opts.address}`, channelBindings: cb });
    const auth = this.opts.auth ?? 'ntlm';
    if (auth === 'ntlm') return ntlmHandshake(ntlm());
    if (auth === 'spnego-ntlm') return spnegoHandshake([new NtlmInitiatorMech(ntlm())]);
    const kerberos = this.opts.kerberos;
    if (!kerberos) throw new Error(`${auth} authentication needs Kerberos settings`);
    return kerberos(cb, auth === 'kerberos-or-ntlm' ? ntlm : undefined);
  }

  private send(socket: HttpSocket, body: Buffer, contentType: string | undefined, token: Buffer | undefined, opts: PostOptions, scheme = 'Negotiate'): Promise<HttpResponse> {
    const type = contentType ?? (this.opts.encryption ? ENCRYPTED_CONTENT_TYPE : SOAP_CONTENT_TYPE);
    // The request line, Host, Connection, User-Agent and Content-Type are the same on every request of this
    // channel with this content type: that text is built once, not per request.
    let prefix = this.headPrefix;
    if (prefix?.type !== type) {
      const { address, port, userAgent } = this.opts;
      prefix = this.headPrefix = { type, text: `POST /wsman HTTP/1.1\r\nHost: ${address}:${port}\r\nConnection: Keep-Alive\r\nUser-Agent: ${userAgent ?? 'winbook'}\r\nContent-Type: ${type}\r\n` };
    }
    let head = `${prefix.text}Content-Length: ${body.length}\r\n`;
    if (token) head += `Authorization: ${scheme} ${token.toString('base64')}\r\n`;
    if (this.opts.auth === 'basic') head += `Authorization: Basic ${Buffer.from(`${this.opts.username}:${this.opts.password}`, 'utf8').toString('base64')}\r\n`;
    // Counted only when it will really be written (request() refuses closed sockets and aborted signals).
    if (!socket.closed && !opts.signal?.aborted) this.sent++;
    // Head and body as two writes in one corked batch: the body (up to MaxEnvelopeSize) is not copied again.
    return socket.request([Buffer.from(`${head}\r\n`, 'latin1'), body], this.opts.readTimeoutMs, opts.signal);
  }

  private drop(): void {
    this.session?.socket.destroy();
    this.session = undefined;
  }

  private wrap(e: unknown, opts: PostOptions): unknown {
    if (isWinbookError(e)) return e;
    if (e instanceof WireFailure) return wireError(e, this.ctx(opts.operation), opts.signal);
    return e;
  }
}

/** The token of `WWW-Authenticate: <scheme> <base64>` (other schemes may be offered alongside). */
function authToken(res: HttpResponse, scheme: string): Buffer | undefined {
  for (const v of headerValues(res, 'www-authenticate')) {
    const m = /^(\S+)\s+([A-Za-z0-9+/=]+)\s*$/.exec(v);
    if (m?.[1]?.toLowerCase() === scheme.toLowerCase() && m[2]) return Buffer.from(m[2], 'base64');
  }
  return undefined;
}
