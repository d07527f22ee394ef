/**
 * The client side of the KDC exchanges: AS [RFC 4120 3.1] for a TGT from a password, with encrypted-timestamp
 * pre-authentication when the KDC asks for it (KDC_ERR_PREAUTH_REQUIRED carrying ETYPE-INFO2 with the salt), and
 * TGS [RFC 4120 3.3] for a service ticket from that TGT.
 */
import { randomInt } from 'node:crypto';
import { DEFAULT_ETYPES, KeyUsage, enctype, enctypeName } from './crypto/index.ts';
import { app, decode, readTlv } from './der.ts';
import { fromKrbError, KrbErrorCode } from './error-codes.ts';
import { KerberosError } from './errors.ts';
import {
  KdcOption, MsgType, decodeEncKdcRepPart, decodeEtypeInfo2, decodeKdcRep, decodeKrbError, encodeKdcReq, encodePaEncTs,
  encodeReqBody, type EncKdcRepPart, type KdcReqBody, type KdcRep, type KrbErrorMsg,
} from './kdc-messages.ts';
import { encodeApReq, encodeAuthenticator } from './ap-messages.ts';
import { sendToKdc, type SendOptions } from './kdc-transport.ts';
import { NameType, PaType, decodeMethodData, encodeEncryptedData, principalToString, type EncryptionKey, type PaData, type PrincipalName, type Ticket } from './types.ts';

/** A ticket and what goes with it: the session key and validity. */
export interface Credential {
  client: PrincipalName;
  clientRealm: string;
  server: PrincipalName;
  serverRealm: string;
  key: EncryptionKey;
  ticket: Ticket;
  authtime: Date;
  endtime: Date;
  /** TicketFlags bits [RFC 4120 5.3] (1 forwardable, 2 forwarded, ...), when known. */
  flags?: number[];
}

export interface KdcClientOptions extends SendOptions {
  /** KDC addresses for the realm (`host` or `host:port`). */
  kdcs: string[];
  /** Encryption types to offer, preferred first; default aes256, aes128. */
  etypes?: number[];
  /** Clock for timestamps; default now. */
  now?: () => Date;
  /** Ticket lifetime asked for; default 10 h (the KDC may give less). */
  lifetimeMs?: number;
  /** Ask for a forwardable TGT (needed to delegate it). */
  forwardable?: boolean;
}

type KdcReply = { rep: KdcRep } | { error: KrbErrorMsg };

async function exchange(req: Buffer, opts: KdcClientOptions, expect: number): Promise<KdcReply> {
  const reply = await sendToKdc(opts.kdcs, req, opts);
  const { der } = readTlv(reply);
  if (der.tag === app(30)) return { error: decodeKrbError(decode(reply, app(30), 'KRB-ERROR')) };
  return { rep: decodeKdcRep(decode(reply, app(expect), expect === MsgType.AS_REP ? 'AS-REP' : 'TGS-REP')) };
}

const nonce = (): number => randomInt(1, 0x7fffffff);

/** The default salt when the KDC names none: the realm followed by the name's components [RFC 4120 4]. */
const defaultSalt = (name: PrincipalName, realm: string): string => realm + name.parts.join('');

/** AS exchange: a TGT (krbtgt/REALM@REALM) for `client` with its password. */
export async function getTgt(client: PrincipalName, realm: string, password: string, opts: KdcClientOptions): Promise<Credential> {
  const now = opts.now ?? ((): Date => new Date());
  const etypes = opts.etypes ?? DEFAULT_ETYPES;
  const who = principalToString(client, realm);
  const body: KdcReqBody = {
    options: opts.forwardable ? [KdcOption.FORWARDABLE, KdcOption.RENEWABLE_OK] : [KdcOption.RENEWABLE_OK],
    cname: client,
    realm,
    sname: { type: NameType.SRV_INST, parts: ['krbtgt', realm] },
    till: new Date(now().getTime() + (opts.lifetimeMs ?? 10 * 3600_000)),
    nonce: nonce(),
    etypes,
  };
  const bodyDer = encodeReqBody(body);
  // First without pre-authentication, as MIT's kinit does: the KDC's answer names the etype and salt to use.
  let reply = await exchange(encodeKdcReq(MsgType.AS_REQ, [], bodyDer), opts, MsgType.AS_REP);
  let key: { etype: number; salt: string; params?: Buffer; value: Buffer } | undefined;
  if ('error' in reply && reply.error.errorCode === KrbErrorCode.KDC_ERR_PREAUTH_REQUIRED) {
    const info = preauthInfo(reply.error, etypes, client, realm);
    const et = enctype(info.etype);
    key = { etype: info.etype, salt: info.salt, params: info.s2kparams, value: et.stringToKey(password, info.salt, info.s2kparams) };
    const ts = et.encrypt(key.value, KeyUsage.AS_REQ_PA_ENC_TIMESTAMP, encodePaEncTs(now()));
    const pa: PaData = { type: PaType.ENC_TIMESTAMP, value: encodeEncryptedData({ etype: info.etype, cipher: ts }) };
    reply = await exchange(encodeKdcReq(MsgType.AS_REQ, [pa], bodyDer), opts, MsgType.AS_REP);
  }
  if ('error' in reply) throw fromKrbError(reply.error, { client: who, now: now() });
  const rep = reply.rep;
  const et = enctype(rep.encPart.etype);
  // The reply may carry ETYPE-INFO2 naming the salt (when no pre-authentication was needed, this is the only place).
  const info = rep.padata.find((p) => p.type === PaType.ETYPE_INFO2);
  const entry = info ? decodeEtypeInfo2(info.value).find((e) => e.etype === rep.encPart.etype) : undefined;
  const salt = entry?.salt ?? key?.salt ?? defaultSalt(client, realm);
  const params = entry?.s2kparams ?? key?.params;
  // PBKDF2 again only if the reply names another key than the one pre-authentication used.
  if (!key || key.etype !== rep.encPart.etype || key.salt !== salt || !sameParams(key.params, params)) {
    key = { etype: rep.encPart.etype, salt, params, value: et.stringToKey(password, salt, params) };
  }
  const plain = et.decrypt(key.value, KeyUsage.AS_REP_ENC_PART, rep.encPart.cipher);
  if (!plain) {
    throw new KerberosError('KDC_ERR_PREAUTH_FAILED', `the KDC's reply for ${who} does not decrypt with the password: wrong password`, {
      hint: 'check ansible_password for this user',
      krbCode: KrbErrorCode.KDC_ERR_PREAUTH_FAILED,
    });
  }
  const part = decodeEncKdcRepPart(plain);
  checkReply(part, body.nonce, 'AS-REP');
  return credential(rep, part);
}

const sameParams = (a?: Buffer, b?: Buffer): boolean => (a === undefined ? b === undefined : b !== undefined && a.equals(b));

function preauthInfo(err: KrbErrorMsg, etypes: number[], client: PrincipalName, realm: string): { etype: number; salt: string; s2kparams?: Buffer } {
  const methods = err.eData ? decodeMethodData(err.eData) : [];
  const info2 = methods.find((m) => m.type === PaType.ETYPE_INFO2);
  const entries = info2 ? decodeEtypeInfo2(info2.value) : [];
  // The KDC lists the client's keys in its order of preference; take the first we also offered.
  const entry = entries.find((e) => etypes.includes(e.etype));
  // No ETYPE-INFO2 at all means the KDC has no key of an offered type for this account (MIT then sends only the
  // FAST padata); guessing a key would only end in a misleading "wrong password".
  if (!entry) {
    throw new KerberosError('KDC_ERR_ETYPE_NOSUPP', `the KDC holds no key for ${principalToString(client, realm)} of a type winbook offered (${etypes.map(enctypeName).join(', ')})`, {
      hint: 'enable AES keys for the account (msDS-SupportedEncryptionTypes, then change its password), or allow rc4-hmac explicitly',
      krbCode: KrbErrorCode.KDC_ERR_ETYPE_NOSUPP,
    });
  }
  return { etype: entry.etype, salt: entry.salt ?? defaultSalt(client, realm), s2kparams: entry.s2kparams };
}

function checkReply(part: EncKdcRepPart, sent: number, what: string): void {
  if (part.nonce !== sent) {
    throw new KerberosError('KRB_BAD_INTEGRITY', `the ${what} answers another request (nonce mismatch)`, {
      hint: 'something between winbook and the KDC replays or rewrites messages',
    });
  }
}

function credential(rep: KdcRep, part: EncKdcRepPart): Credential {
  return {
    client: rep.cname,
    clientRealm: rep.crealm,
    server: part.sname,
    serverRealm: part.srealm,
    key: part.key,
    ticket: rep.ticket,
    authtime: part.authtime,
    endtime: part.endtime,
    flags: part.flags,
  };
}

/** TGS exchange: a service ticket for `service` (e.g. HTTP/web01.example.com) using `tgt`. */
export async function getServiceTicket(tgt: Credential, service: PrincipalName, opts: KdcClientOptions, options: number[] = [KdcOption.CANONICALIZE]): Promise<Credential> {
  const now = opts.now ?? ((): Date => new Date());
  const realm = tgt.serverRealm;
  const body: KdcReqBody = {
    options,
    realm,
    sname: service,
    till: tgt.endtime,
    nonce: nonce(),
    etypes: opts.etypes ?? DEFAULT_ETYPES,
  };
  const bodyDer = encodeReqBody(body);
  const et = enctype(tgt.key.keytype);
  const t = now();
  // PA-TGS-REQ is an AP-REQ for the TGS whose authenticator checksums the request body [RFC 4120 5.4.1].
  const authenticator = encodeAuthenticator({
    crealm: tgt.clientRealm,
    cname: tgt.client,
    cksum: { type: et.checksumType, value: et.checksum(tgt.key.value, KeyUsage.TGS_REQ_AUTH_CKSUM, bodyDer) },
    cusec: (t.getTime() % 1000) * 1000,
    ctime: t,
  });
  const apReq = encodeApReq({
    options: [],
    ticketRaw: tgt.ticket.raw,
    authenticator: { etype: tgt.key.keytype, cipher: et.encrypt(tgt.key.value, KeyUsage.TGS_REQ_AUTH, authenticator) },
  });
  const reply = await exchange(encodeKdcReq(MsgType.TGS_REQ, [{ type: PaType.TGS_REQ, value: apReq }], bodyDer), opts, MsgType.TGS_REP);
  if ('error' in reply) throw fromKrbError(reply.error, { client: principalToString(tgt.client, tgt.clientRealm), now: now() });
  const rep = reply.rep;
  const plain = enctype(rep.encPart.etype).decrypt(tgt.key.value, KeyUsage.TGS_REP_ENC_PART_SESSION, rep.encPart.cipher);
  if (!plain) {
    throw new KerberosError('KRB_BAD_INTEGRITY', 'the TGS-REP does not decrypt with the TGT session key', { hint: 'kinit again; the cached TGT may be damaged' });
  }
  const part = decodeEncKdcRepPart(plain);
  checkReply(part, body.nonce, 'TGS-REP');
  return credential(rep, part);
}

/**
 * A forwarded TGT to hand to the service (credential delegation, RFC 4120 2.6): a TGS request for krbtgt itself
 * with the FORWARDED option, from a forwardable TGT.
 */
export function getForwardedTgt(tgt: Credential, opts: KdcClientOptions): Promise<Credential> {
  const krbtgt: PrincipalName = { type: NameType.SRV_INST, parts: ['krbtgt', tgt.serverRealm] };
  return getServiceTicket(tgt, krbtgt, opts, [KdcOption.FORWARDABLE, KdcOption.FORWARDED]);
}
