/**
 * The GSS-API krb5 initiator [RFC 4121 4.1]: gets a service ticket (from a password, or from a kinit'ed credential
 * cache), builds the framed AP-REQ with the 0x8003 checksum carrying the channel-binding hash and the context
 * flags, then checks the acceptor's AP-REP (mutual authentication) and yields the message protection.
 */
import { randomInt } from 'node:crypto';
import { userInfo } from 'node:os';
import { KeyUsage, enctype } from './crypto/index.ts';
import { ApOption, decodeApRep, decodeEncApRepPart, encodeApReq, encodeAuthenticator, encodeEncKrbCredPart, encodeKrbCred } from './ap-messages.ts';
import { decode, app } from './der.ts';
import { fromKrbError } from './error-codes.ts';
import { KerberosError } from './errors.ts';
import type { ChannelBindings } from '../gss/types.ts';
import { ccachePath, readCCache, type CCache, type CachedCredential } from './ccache.ts';
import { getForwardedTgt, getServiceTicket, getTgt, type Credential, type KdcClientOptions } from './kdc-client.ts';
import { decodeKrbError } from './kdc-messages.ts';
import { kdcsFor, loadKrb5Conf, type Krb5Conf } from './krb5-conf.ts';
import { parseClientPrincipal, parseServicePrincipal, samePrincipal } from './principal.ts';
import { GSS_CHECKSUM_TYPE, GssFlag, TokId, channelBindingHash, encodeGssChecksum, frame, unframe } from './gss-token.ts';
import { KrbWrap, type KerberosMessageSecurity } from './gss-wrap.ts';
import type { TicketCache } from './ticket-cache.ts';
import { NameType, parseTicket, principalToString, type EncryptionKey, type PrincipalName } from './types.ts';

export interface InitiateOptions {
  /** The host to reach; the SPN is HTTP/<host> unless `spn` says otherwise. */
  host: string;
  /** Full SPN, e.g. `HTTP/web01.example.com` or `HTTP/web01.example.com@EXAMPLE.COM`; the realm defaults to the user's. */
  spn?: string;
  /** `user@REALM` (realm uppercased); with `password`, winbook gets its own TGT. */
  username?: string;
  password?: string;
  /** Credential cache when there is no password: `FILE:/path` or a path; default KRB5CCNAME, then /tmp/krb5cc_<uid>. */
  ccache?: string;
  /** Realm for a `username` without one (before krb5.conf's default_realm). */
  realm?: string;
  /** KDC addresses (`host[:port]`); default krb5.conf's [realms] entry for the realm. */
  kdc?: string[];
  /** krb5.conf path; default KRB5_CONFIG, then /etc/krb5.conf. */
  krb5Conf?: string;
  /** Encryption types to offer; default aes256, aes128 (add 23 for rc4-hmac). */
  etypes?: number[];
  /** Channel-binding application data, e.g. `tls-server-end-point:` + certificate hash [RFC 5929]. */
  channelBindings?: Buffer | ChannelBindings;
  /** Credential delegation (GSS_C_DELEG_FLAG): a forwarded TGT goes to the service in a KRB-CRED [RFC 4121 4.1.1]. */
  delegate?: boolean;
  now?: () => Date;
  /** Per KDC try; default 3 s. */
  timeoutMs?: number;
  /** Tickets shared across the run's connections (one AS exchange per principal, one TGS per SPN). */
  tickets?: TicketCache;
}

export interface KerberosInitiator {
  /** The framed AP-REQ (GSS InitialContextToken) to send. */
  token: Buffer;
  /** `user@REALM` the ticket is for. */
  client: string;
  /** The service principal the ticket is for. */
  service: string;
  /** Checks the acceptor's reply (framed AP-REP, or KRB-ERROR which is thrown) and returns the message protection. */
  complete(reply?: Buffer): KerberosMessageSecurity;
}

/** Flags winbook asks for: mutual authentication, sequence checks, integrity and confidentiality. */
export const INITIATOR_FLAGS = GssFlag.MUTUAL | GssFlag.SEQUENCE | GssFlag.CONF | GssFlag.INTEG;

export async function initiateKerberos(opts: InitiateOptions): Promise<KerberosInitiator> {
  const now = opts.now ?? ((): Date => new Date());
  const { service, forwarded } = await credentials(opts);
  return buildApReq(service, { channelBindings: opts.channelBindings, now, delegated: forwarded });
}

/**
 * The service ticket (from the cache when it holds a valid one, else via the TGT from the password or the cache),
 * and with `delegate` a forwarded TGT for the service to use. One AS exchange at most.
 */
export async function credentials(opts: InitiateOptions): Promise<{ service: Credential; forwarded?: Credential }> {
  const now = opts.now ?? ((): Date => new Date());
  const conf = loadKrb5Conf(opts.krb5Conf);
  const spn = parseServicePrincipal(opts.spn ?? `HTTP/${opts.host}`);
  const kdcOpts = (realm: string): KdcClientOptions => ({
    kdcs: opts.kdc?.length ? opts.kdc : kdcsFor(conf, realm),
    etypes: opts.etypes,
    now,
    timeoutMs: opts.timeoutMs,
  });
  let tgt: Credential;
  let service: Credential | undefined;
  if (opts.password !== undefined) {
    tgt = await passwordTgt(opts, conf, kdcOpts, opts.delegate === true);
  } else {
    const cached = cachedTgt(opts, conf, now());
    tgt = cached.tgt;
    const realm = spn.realm ?? tgt.clientRealm;
    const hit = cached.valid.find((c) => c.serverRealm === realm && samePrincipal(c.server, spn.name));
    service = hit && toCredential(hit);
  }
  const serviceRealm = spn.realm ?? tgt.clientRealm;
  const fetchService = () => getServiceTicket(tgt, spn.name, kdcOpts(serviceRealm));
  service ??= await (opts.tickets ? opts.tickets.service(tgt, principalToString(spn.name, serviceRealm), now(), fetchService) : fetchService());
  if (!opts.delegate) return { service };
  try {
    return { service, forwarded: await getForwardedTgt(tgt, kdcOpts(tgt.serverRealm)) };
  } catch (e) {
    if (e instanceof KerberosError && e.code === 'KDC_ERR_BADOPTION') {
      throw new KerberosError('KDC_ERR_BADOPTION', `the KDC will not forward the ticket-granting ticket of ${principalToString(tgt.client, tgt.clientRealm)} (delegation asked)`, {
        hint: 'the TGT is not forwardable: kinit -f, or the account is "sensitive and cannot be delegated"; or turn delegation off',
        krbCode: 13,
        cause: e,
      });
    }
    throw e;
  }
}

function passwordTgt(opts: InitiateOptions, conf: Krb5Conf, kdcOpts: (realm: string) => KdcClientOptions, forwardable: boolean): Promise<Credential> {
  if (!opts.username) throw new KerberosError('KRB_CONFIG', 'a Kerberos password was given without a user', { hint: 'set ansible_user to user@REALM' });
  const client = parseClientPrincipal(opts.username, opts.realm ?? conf.defaultRealm);
  const kdc = { ...kdcOpts(client.realm), forwardable };
  const fetch = () => getTgt(client.name, client.realm, opts.password ?? '', kdc);
  if (!opts.tickets) return fetch();
  const variant = `${kdc.kdcs.join(',')}|${(kdc.etypes ?? []).join(',')}|${forwardable}`;
  return opts.tickets.tgt(principalToString(client.name, client.realm), opts.password ?? '', variant, (kdc.now ?? (() => new Date()))(), fetch);
}

/** The service ticket alone (see credentials). */
export async function serviceCredential(opts: InitiateOptions): Promise<Credential> {
  return (await credentials({ ...opts, delegate: false })).service;
}

function toCredential(c: CachedCredential): Credential {
  return {
    client: c.client,
    clientRealm: c.clientRealm,
    server: c.server,
    serverRealm: c.serverRealm,
    key: c.key,
    ticket: parseTicket(c.ticket),
    authtime: c.authtime,
    endtime: c.endtime,
    flags: c.flags,
  };
}

/** The credential cache's valid credentials and its TGT (KRB_CCACHE or KRB_AP_ERR_TKT_EXPIRED when there is none). */
function cachedTgt(opts: InitiateOptions, conf: Krb5Conf, now: Date): { cc: CCache; valid: CachedCredential[]; tgt: Credential } {
  const path = ccachePath(opts.ccache ?? process.env.KRB5CCNAME) ?? `/tmp/krb5cc_${userInfo().uid}`;
  const cc = readCCache(path);
  const me = principalToString(cc.defaultPrincipal, cc.defaultRealm);
  if (opts.username) {
    const want = parseClientPrincipal(opts.username, opts.realm ?? conf.defaultRealm);
    if (!samePrincipal(want.name, cc.defaultPrincipal) || want.realm !== cc.defaultRealm) {
      throw new KerberosError('KRB_CCACHE', `the credential cache ${path} holds tickets for ${me}, not ${principalToString(want.name, want.realm)}`, {
        hint: 'kinit as that user, point KRB5CCNAME at its cache, or give ansible_password',
      });
    }
  }
  const valid = cc.credentials.filter((c) => c.endtime.getTime() > now.getTime() + 60_000);
  const tgtName: PrincipalName = { type: NameType.SRV_INST, parts: ['krbtgt', cc.defaultRealm] };
  const tgt = valid.find((c) => c.serverRealm === cc.defaultRealm && samePrincipal(c.server, tgtName));
  if (!tgt) {
    const expired = cc.credentials.find((c) => samePrincipal(c.server, tgtName));
    throw new KerberosError(
      expired ? 'KRB_AP_ERR_TKT_EXPIRED' : 'KRB_CCACHE',
      expired ? `the ticket-granting ticket of ${me} in ${path} expired at ${expired.endtime.toISOString()}` : `the credential cache ${path} holds no ticket-granting ticket for ${me}`,
      { hint: `kinit ${me} again, or give ansible_password so winbook gets its own ticket` },
    );
  }
  return { cc, valid, tgt: toCredential(tgt) };
}

/** The forwarded TGT as a KRB-CRED under the service ticket's session key (usage 14) [RFC 4120 5.8]. */
function krbCred(service: Credential, tgt: Credential, now: Date): Buffer {
  const et = enctype(service.key.keytype);
  const part = encodeEncKrbCredPart(
    [{ key: tgt.key, prealm: tgt.clientRealm, pname: tgt.client, flags: tgt.flags ?? [], authtime: tgt.authtime, endtime: tgt.endtime, srealm: tgt.serverRealm, sname: tgt.server }],
    now,
  );
  return encodeKrbCred([tgt.ticket.raw], { etype: et.etype, cipher: et.encrypt(service.key.value, KeyUsage.KRB_CRED_ENC_PART, part) });
}

/** Builds the AP-REQ for `cred` [RFC 4121 4.1.1] and the continuation that checks the AP-REP. */
export function buildApReq(
  cred: Credential,
  o: { channelBindings?: Buffer | ChannelBindings; now?: () => Date; flags?: number; delegated?: Credential },
): KerberosInitiator {
  const now = (o.now ?? ((): Date => new Date()))();
  const et = enctype(cred.key.keytype);
  const flags = o.flags ?? INITIATOR_FLAGS;
  const subkey: EncryptionKey = { keytype: et.etype, value: et.randomKey() };
  const seq = randomInt(0, 0x3fffffff);
  const bnd = o.channelBindings ? channelBindingHash(o.channelBindings) : Buffer.alloc(16);
  const ctime = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const cusec = (now.getTime() % 1000) * 1000 + randomInt(0, 1000);
  const authenticator = encodeAuthenticator({
    crealm: cred.clientRealm,
    cname: cred.client,
    cksum: { type: GSS_CHECKSUM_TYPE, value: encodeGssChecksum(bnd, flags, o.delegated && krbCred(cred, o.delegated, now)) },
    cusec,
    ctime,
    subkey,
    seqNumber: seq,
  });
  const apReq = encodeApReq({
    options: flags & GssFlag.MUTUAL ? [ApOption.MUTUAL_REQUIRED] : [],
    ticketRaw: cred.ticket.raw,
    authenticator: { etype: et.etype, cipher: et.encrypt(cred.key.value, KeyUsage.AP_REQ_AUTH, authenticator) },
  });
  const service = principalToString(cred.server, cred.serverRealm);
  const client = principalToString(cred.client, cred.clientRealm);
  return {
    token: frame(TokId.AP_REQ, apReq),
    client,
    service,
    complete(reply?: Buffer): KerberosMessageSecurity {
      if (!(flags & GssFlag.MUTUAL)) return new KrbWrap({ key: subkey, initiator: true, acceptorSubkey: false, sendSeq: seq, recvSeq: seq });
      if (!reply?.length) {
        throw new KerberosError('KRB_AP_ERR_MUT_FAIL', `${service} did not prove its identity (no AP-REP)`, {
          hint: 'the server accepted the ticket without mutual authentication; something between may be impersonating it',
          krbCode: 46,
        });
      }
      const { tokId, body } = reply[0] === 0x60 ? unframe(reply) : { tokId: reply[0] === 0x7e ? TokId.KRB_ERROR : TokId.AP_REP, body: reply };
      if (tokId === TokId.KRB_ERROR) throw fromKrbError(decodeKrbError(decode(body, app(30), 'KRB-ERROR')), { client, now: new Date() });
      if (tokId !== TokId.AP_REP) throw new KerberosError('KRB_BAD_MESSAGE', `unexpected GSS token 0x${tokId.toString(16)} instead of AP-REP`, { hint: 'the server does not speak Kerberos as expected' });
      const enc = decodeApRep(body);
      const plain = enctype(enc.etype).decrypt(cred.key.value, KeyUsage.AP_REP_ENC_PART, enc.cipher);
      if (!plain) {
        throw new KerberosError('KRB_AP_ERR_MUT_FAIL', `the AP-REP from ${service} does not decrypt with the session key: the server is not who it claims`, {
          hint: 'check that the host name resolves to the intended server',
          krbCode: 46,
        });
      }
      const part = decodeEncApRepPart(plain);
      if (part.ctime.getTime() !== ctime.getTime() || part.cusec !== cusec) {
        throw new KerberosError('KRB_AP_ERR_MUT_FAIL', `the AP-REP from ${service} answers another request`, { hint: 'a replayed AP-REP: something between is tampering', krbCode: 46 });
      }
      return new KrbWrap({
        key: part.subkey ?? subkey,
        initiator: true,
        acceptorSubkey: part.subkey !== undefined,
        sendSeq: seq,
        recvSeq: part.seqNumber ?? seq,
      });
    },
  };
}
