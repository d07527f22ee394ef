/**
 * The GSS-API krb5 acceptor [RFC 4121 4.1, RFC 4120 3.2.3], for the simulator: decrypts the ticket with the
 * service key from a keytab, checks the authenticator (client names match, clock within 5 minutes, optional replay
 * cache), reports the channel binding the client sent, and answers with an AP-REP carrying an acceptor subkey.
 */
import { randomInt } from 'node:crypto';
import { KeyUsage, enctype } from './crypto/index.ts';
import { ApOption, decodeApReq, decodeAuthenticator, decodeEncTicketPart, encodeApRep, encodeEncApRepPart, type Authenticator } from './ap-messages.ts';
import { KrbErrorCode, hintFor, krbErrorName } from './error-codes.ts';
import { KerberosError } from './errors.ts';
import type { ChannelBindings } from '../gss/types.ts';
import { encodeKrbError } from './kdc-messages.ts';
import { readKeytab, type KeytabEntry } from './keytab.ts';
import { samePrincipal } from './principal.ts';
import { GSS_CHECKSUM_TYPE, GssFlag, TokId, channelBindingHash, decodeGssChecksum, frame, unframe } from './gss-token.ts';
import { KrbWrap, type KerberosMessageSecurity } from './gss-wrap.ts';
import { principalToString, type EncryptionKey, type PrincipalName } from './types.ts';

/** RFC 4120 1.6's "reasonable" clock skew, which Windows and MIT both default to. */
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;

export interface AcceptOptions {
  /** The service keys: parsed entries or a keytab path. */
  keytab: KeytabEntry[] | string;
  /** The acceptor's clock; default now. Tests shift it to provoke KRB_AP_ERR_SKEW. */
  now?: Date;
  maxSkewMs?: number;
  /** Channel-binding application data the acceptor expects (tls-server-end-point:<hash> on HTTPS). */
  channelBindings?: Buffer | ChannelBindings;
  /** Refuse authenticators seen before (KRB_AP_ERR_REPEAT); without one, replays are not detected. */
  replayCache?: ReplayCache;
}

/**
 * What the client sent as channel binding: `absent` (no GSS checksum at all), `zeros` (the client bound no
 * channel), `match`/`mismatch` against `channelBindings`, `unverified` (a value, but the acceptor expected none).
 */
export type BoundChannel = 'absent' | 'zeros' | 'match' | 'mismatch' | 'unverified';

export interface AcceptResult {
  /** `user@REALM`. */
  client: string;
  clientName: PrincipalName;
  clientRealm: string;
  /** The service principal the ticket was for. */
  service: string;
  /** The framed AP-REP to return (undefined when the client did not ask for mutual authentication). */
  reply?: Buffer;
  security: KerberosMessageSecurity;
  boundChannel: BoundChannel;
  /** GSS flags the client asked for (GssFlag bits). */
  flags: number;
}

/** Remembers authenticators (client, ctime, cusec) for the skew window [RFC 4120 3.2.3]. */
export class ReplayCache {
  private readonly seen = new Map<string, number>();

  check(key: string, now: number, windowMs: number): void {
    for (const [k, t] of this.seen) if (t < now - windowMs) this.seen.delete(k);
    if (this.seen.has(key)) throw apError('KRB_AP_ERR_REPEAT', 'this authenticator was already used (replay)');
    this.seen.set(key, now);
  }
}

function apError(name: keyof typeof KrbErrorCode, message: string): KerberosError {
  return new KerberosError(name, message, { hint: hintFor(name), krbCode: KrbErrorCode[name] });
}

function findKey(entries: KeytabEntry[], sname: PrincipalName, realm: string, etype: number, kvno: number | undefined): EncryptionKey {
  const spn = principalToString(sname, realm);
  const forName = entries.filter((e) => e.realm.toUpperCase() === realm.toUpperCase() && samePrincipal(e.principal, sname));
  const forType = forName.filter((e) => e.key.keytype === etype);
  if (!forType.length) {
    throw apError(
      'KRB_AP_ERR_NOKEY',
      forName.length ? `the keytab has no ${enctype(etype).name} key for ${spn}` : `the ticket is for ${spn}, which this service has no key for`,
    );
  }
  const exact = kvno === undefined ? forType : forType.filter((e) => e.kvno === kvno);
  if (!exact.length) {
    throw apError('KRB_AP_ERR_BADKEYVER', `the ticket for ${spn} uses key version ${kvno}, the keytab has ${forType.map((e) => e.kvno).join(', ')}`);
  }
  // Several entries with one kvno: the most recent wins, as MIT's keytab iteration does.
  return (exact.reduce((a, b) => (b.timestamp > a.timestamp ? b : a))).key;
}

export function acceptKerberos(token: Buffer, opts: AcceptOptions): AcceptResult {
  const now = opts.now ?? new Date();
  const maxSkew = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const { tokId, body } = token[0] === 0x60 ? unframe(token) : { tokId: TokId.AP_REQ, body: token };
  if (tokId !== TokId.AP_REQ) throw new KerberosError('KRB_BAD_MESSAGE', `expected an AP-REQ, got GSS token 0x${tokId.toString(16)}`, { hint: 'the client did not start a Kerberos context' });
  const req = decodeApReq(body);
  const entries = typeof opts.keytab === 'string' ? readKeytab(opts.keytab) : opts.keytab;
  const serviceKey = findKey(entries, req.ticket.sname, req.ticket.realm, req.ticket.encPart.etype, req.ticket.encPart.kvno);
  const service = principalToString(req.ticket.sname, req.ticket.realm);
  const ticketPlain = enctype(req.ticket.encPart.etype).decrypt(serviceKey.value, KeyUsage.TICKET, req.ticket.encPart.cipher);
  if (!ticketPlain) throw apError('KRB_AP_ERR_MODIFIED', `the ticket for ${service} does not decrypt with the service key`);
  const ticket = decodeEncTicketPart(ticketPlain);
  const client = principalToString(ticket.cname, ticket.crealm);
  const sessionEt = enctype(ticket.key.keytype);
  const authPlain = enctype(req.authenticator.etype).decrypt(ticket.key.value, KeyUsage.AP_REQ_AUTH, req.authenticator.cipher);
  if (!authPlain) throw apError('KRB_AP_ERR_BAD_INTEGRITY', `the authenticator of ${client} does not decrypt with the ticket's session key`);
  const auth: Authenticator = decodeAuthenticator(authPlain);
  if (auth.crealm !== ticket.crealm || !samePrincipal(auth.cname, ticket.cname)) {
    throw apError('KRB_AP_ERR_BADMATCH', `the authenticator names ${principalToString(auth.cname, auth.crealm)}, the ticket ${client}`);
  }
  const clientTime = auth.ctime.getTime() + Math.floor(auth.cusec / 1000);
  const skew = clientTime - now.getTime();
  if (Math.abs(skew) > maxSkew) {
    throw apError(
      'KRB_AP_ERR_SKEW',
      `clock skew too great: the client's clock is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'ahead of' : 'behind'} this server's (at most ${maxSkew / 1000} s allowed)`,
    );
  }
  // Ticket times after the clock check, as MIT's krb5_rd_req does: a wrong clock is the likelier cause.
  if (ticket.endtime.getTime() + maxSkew < now.getTime()) throw apError('KRB_AP_ERR_TKT_EXPIRED', `the ticket of ${client} for ${service} expired at ${ticket.endtime.toISOString()}`);
  if (ticket.starttime && ticket.starttime.getTime() - maxSkew > now.getTime()) throw apError('KRB_AP_ERR_TKT_NYV', `the ticket of ${client} is not valid before ${ticket.starttime.toISOString()}`);
  opts.replayCache?.check(`${client}|${auth.ctime.getTime()}|${auth.cusec}`, now.getTime(), maxSkew * 2);
  let flags = 0;
  let boundChannel: BoundChannel = 'absent';
  if (auth.cksum?.type === GSS_CHECKSUM_TYPE) {
    const gss = decodeGssChecksum(auth.cksum.value);
    flags = gss.flags;
    if (gss.bindingHash.equals(Buffer.alloc(16))) boundChannel = 'zeros';
    else if (!opts.channelBindings) boundChannel = 'unverified';
    else boundChannel = gss.bindingHash.equals(channelBindingHash(opts.channelBindings)) ? 'match' : 'mismatch';
  }
  const initiatorKey = auth.subkey ?? ticket.key;
  const initiatorSeq = auth.seqNumber ?? 0;
  const mutual = req.options.includes(ApOption.MUTUAL_REQUIRED) || (flags & GssFlag.MUTUAL) !== 0;
  if (!mutual) {
    return {
      client, clientName: ticket.cname, clientRealm: ticket.crealm, service, boundChannel, flags,
      security: new KrbWrap({ key: initiatorKey, initiator: false, acceptorSubkey: false, sendSeq: initiatorSeq, recvSeq: initiatorSeq }),
    };
  }
  // A fresh acceptor subkey of the initiator subkey's type protects the messages [RFC 4121 2].
  const subEt = enctype(initiatorKey.keytype);
  const acceptorKey: EncryptionKey = { keytype: subEt.etype, value: subEt.randomKey() };
  const acceptorSeq = randomInt(0, 0x3fffffff);
  const encPart = encodeEncApRepPart({ ctime: auth.ctime, cusec: auth.cusec, subkey: acceptorKey, seqNumber: acceptorSeq });
  const reply = frame(TokId.AP_REP, encodeApRep({ etype: sessionEt.etype, cipher: sessionEt.encrypt(ticket.key.value, KeyUsage.AP_REP_ENC_PART, encPart) }));
  return {
    client, clientName: ticket.cname, clientRealm: ticket.crealm, service, reply, boundChannel, flags,
    security: new KrbWrap({ key: acceptorKey, initiator: false, acceptorSubkey: true, sendSeq: acceptorSeq, recvSeq: initiatorSeq }),
  };
}

/**
 * The framed KRB-ERROR an acceptor returns for a refusal [RFC 4121 4.1, TOK_ID 03 00], so the client can show
 * the reason (e.g. KRB_AP_ERR_SKEW with the server's time).
 */
export function krbErrorToken(err: KerberosError, opts: { realm: string; service: PrincipalName; now?: Date }): Buffer {
  const now = opts.now ?? new Date();
  const code = err.krbCode ?? KrbErrorCode.KRB_ERR_GENERIC;
  return frame(
    TokId.KRB_ERROR,
    encodeKrbError({ errorCode: code, stime: now, susec: (now.getTime() % 1000) * 1000, realm: opts.realm, sname: opts.service, eText: krbErrorName(code) }),
  );
}
