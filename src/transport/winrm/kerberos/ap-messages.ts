/**
 * The client/server exchange's messages [RFC 4120 5.3, 5.5]: AP-REQ with its Authenticator, AP-REP with
 * EncAPRepPart, and EncTicketPart, which only the service (acceptor) decrypts.
 */
import { Fields, app, decode, field, flags, generalString, int, readFlags, readInt, readString, readTime, seq, time, tlv } from './der.ts';
import { MsgType } from './kdc-messages.ts';
import {
  decodeChecksum, decodeEncryptedData, decodeKey, decodePrincipal, decodeTicket, encodeChecksum, encodeEncryptedData, encodeKey,
  encodePrincipal, type Checksum, type EncryptedData, type EncryptionKey, type PrincipalName, type Ticket,
} from './types.ts';

/** APOptions bits [RFC 4120 5.5.1]. */
export const ApOption = { USE_SESSION_KEY: 1, MUTUAL_REQUIRED: 2 } as const;

export interface ApReq {
  options: number[];
  ticket: Ticket;
  authenticator: EncryptedData;
}

export function encodeApReq(r: { options: number[]; ticketRaw: Buffer; authenticator: EncryptedData }): Buffer {
  return tlv(
    app(14),
    seq(field(0, int(5)), field(1, int(MsgType.AP_REQ)), field(2, flags(r.options)), field(3, r.ticketRaw), field(4, encodeEncryptedData(r.authenticator))),
  );
}

export function decodeApReq(raw: Buffer): ApReq {
  const d = decode(raw, app(14), 'AP-REQ');
  const f = new Fields(d, 'AP-REQ');
  return { options: readFlags(f.req(2)), ticket: decodeTicket(f.req(3)), authenticator: decodeEncryptedData(f.req(4)) };
}

export interface Authenticator {
  crealm: string;
  cname: PrincipalName;
  cksum?: Checksum;
  cusec: number;
  ctime: Date;
  subkey?: EncryptionKey;
  seqNumber?: number;
}

export function encodeAuthenticator(a: Authenticator): Buffer {
  return tlv(
    app(2),
    seq(
      field(0, int(5)),
      field(1, generalString(a.crealm)),
      field(2, encodePrincipal(a.cname)),
      field(3, a.cksum && encodeChecksum(a.cksum)),
      field(4, int(a.cusec)),
      field(5, time(a.ctime)),
      field(6, a.subkey && encodeKey(a.subkey)),
      field(7, a.seqNumber === undefined ? undefined : int(a.seqNumber)),
    ),
  );
}

export function decodeAuthenticator(raw: Buffer): Authenticator {
  const f = new Fields(decode(raw, app(2), 'Authenticator'), 'Authenticator');
  const ck = f.opt(3);
  const sk = f.opt(6);
  const sn = f.opt(7);
  return {
    crealm: readString(f.req(1)),
    cname: decodePrincipal(f.req(2)),
    cksum: ck && decodeChecksum(ck),
    cusec: readInt(f.req(4)),
    ctime: readTime(f.req(5)),
    subkey: sk && decodeKey(sk),
    seqNumber: sn === undefined ? undefined : readInt(sn) >>> 0,
  };
}

export function encodeApRep(encPart: EncryptedData): Buffer {
  return tlv(app(15), seq(field(0, int(5)), field(1, int(MsgType.AP_REP)), field(2, encodeEncryptedData(encPart))));
}

export function decodeApRep(raw: Buffer): EncryptedData {
  const f = new Fields(decode(raw, app(15), 'AP-REP'), 'AP-REP');
  return decodeEncryptedData(f.req(2));
}

export interface EncApRepPart {
  ctime: Date;
  cusec: number;
  subkey?: EncryptionKey;
  seqNumber?: number;
}

export function encodeEncApRepPart(p: EncApRepPart): Buffer {
  return tlv(
    app(27),
    seq(field(0, time(p.ctime)), field(1, int(p.cusec)), field(2, p.subkey && encodeKey(p.subkey)), field(3, p.seqNumber === undefined ? undefined : int(p.seqNumber))),
  );
}

export function decodeEncApRepPart(raw: Buffer): EncApRepPart {
  const f = new Fields(decode(raw, app(27), 'EncAPRepPart'), 'EncAPRepPart');
  const sk = f.opt(2);
  const sn = f.opt(3);
  return { ctime: readTime(f.req(0)), cusec: readInt(f.req(1)), subkey: sk && decodeKey(sk), seqNumber: sn === undefined ? undefined : readInt(sn) >>> 0 };
}

/** EncTicketPart [RFC 4120 5.3]: the part of a ticket only the service can read. */
export interface EncTicketPart {
  flags: number[];
  key: EncryptionKey;
  crealm: string;
  cname: PrincipalName;
  authtime: Date;
  starttime?: Date;
  endtime: Date;
}

export function encodeEncTicketPart(t: EncTicketPart): Buffer {
  return tlv(
    app(3),
    seq(
      field(0, flags(t.flags)),
      field(1, encodeKey(t.key)),
      field(2, generalString(t.crealm)),
      field(3, encodePrincipal(t.cname)),
      // transited: no cross-realm path [RFC 4120 5.3, domain-X500-compress with empty contents].
      field(4, seq(field(0, int(1)), field(1, tlv(0x04, Buffer.alloc(0))))),
      field(5, time(t.authtime)),
      field(6, t.starttime && time(t.starttime)),
      field(7, time(t.endtime)),
    ),
  );
}

export function decodeEncTicketPart(raw: Buffer): EncTicketPart {
  const f = new Fields(decode(raw, app(3), 'EncTicketPart'), 'EncTicketPart');
  const st = f.opt(6);
  return {
    flags: readFlags(f.req(0)),
    key: decodeKey(f.req(1)),
    crealm: readString(f.req(2)),
    cname: decodePrincipal(f.req(3)),
    authtime: readTime(f.req(5)),
    starttime: st && readTime(st),
    endtime: readTime(f.req(7)),
  };
}

/**
 * KRB-CRED [RFC 4120 5.8]: tickets with their keys, for credential delegation. The EncKrbCredPart is encrypted with
 * the session key of the ticket the AP-REQ carries (usage 14), which MIT and Windows acceptors both try.
 */
export interface CredInfo {
  key: EncryptionKey;
  prealm: string;
  pname: PrincipalName;
  flags: number[];
  authtime: Date;
  endtime: Date;
  srealm: string;
  sname: PrincipalName;
}

export function encodeEncKrbCredPart(infos: CredInfo[], now: Date): Buffer {
  const info = (c: CredInfo): Buffer =>
    seq(
      field(0, encodeKey(c.key)),
      field(1, generalString(c.prealm)),
      field(2, encodePrincipal(c.pname)),
      field(3, flags(c.flags)),
      field(4, time(c.authtime)),
      field(6, time(c.endtime)),
      field(8, generalString(c.srealm)),
      field(9, encodePrincipal(c.sname)),
    );
  return tlv(app(29), seq(field(0, seq(...infos.map(info))), field(2, time(now)), field(3, int((now.getTime() % 1000) * 1000))));
}

export function encodeKrbCred(ticketsRaw: Buffer[], encPart: EncryptedData): Buffer {
  return tlv(app(22), seq(field(0, int(5)), field(1, int(22)), field(2, seq(...ticketsRaw)), field(3, encodeEncryptedData(encPart))));
}
