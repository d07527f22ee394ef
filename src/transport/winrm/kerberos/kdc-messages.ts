/**
 * The KDC exchanges' messages [RFC 4120 5.4, 5.9.1]: KDC-REQ (AS-REQ, TGS-REQ), KDC-REP (AS-REP, TGS-REP), the
 * encrypted EncKDCRepPart, KRB-ERROR, and the pre-authentication data PA-ENC-TS-ENC and ETYPE-INFO2.
 */
import {
  Fields, Tag, app, decode, field, flags, generalString, int, octets, readFlags, readInt, readOctets, readSeqOf,
  readString, readTime, seq, time, tlv, type Der,
} from './der.ts';
import {
  decodeEncryptedData, decodeKey, decodePaData, decodePrincipal, decodeTicket, encodeEncryptedData, encodeKey,
  encodePaData, encodePrincipal, type EncryptedData, type EncryptionKey, type PaData, type PrincipalName, type Ticket,
} from './types.ts';

export const MsgType = { AS_REQ: 10, AS_REP: 11, TGS_REQ: 12, TGS_REP: 13, AP_REQ: 14, AP_REP: 15, KRB_ERROR: 30 } as const;

/** KDCOptions bits [RFC 4120 5.4.1]. */
export const KdcOption = { FORWARDABLE: 1, FORWARDED: 2, RENEWABLE: 8, CANONICALIZE: 15, RENEWABLE_OK: 27 } as const;

export interface KdcReqBody {
  options: number[];
  cname?: PrincipalName;
  realm: string;
  sname?: PrincipalName;
  till: Date;
  nonce: number;
  etypes: number[];
}

export function encodeReqBody(b: KdcReqBody): Buffer {
  return seq(
    field(0, flags(b.options)),
    field(1, b.cname && encodePrincipal(b.cname)),
    field(2, generalString(b.realm)),
    field(3, b.sname && encodePrincipal(b.sname)),
    field(5, time(b.till)),
    field(7, int(b.nonce)),
    field(8, seq(...b.etypes.map(int))),
  );
}

export function decodeReqBody(d: Der): KdcReqBody {
  const f = new Fields(d, 'KDC-REQ-BODY');
  const cname = f.opt(1);
  const sname = f.opt(3);
  return {
    options: readFlags(f.req(0)),
    cname: cname && decodePrincipal(cname),
    realm: readString(f.req(2)),
    sname: sname && decodePrincipal(sname),
    till: readTime(f.req(5)),
    nonce: readInt(f.req(7)) >>> 0,
    etypes: readSeqOf(f.req(8)).map(readInt),
  };
}

/** AS-REQ ([APPLICATION 10]) or TGS-REQ ([APPLICATION 12]); `body` is the DER of KDC-REQ-BODY. */
export function encodeKdcReq(msgType: 10 | 12, padata: PaData[], body: Buffer): Buffer {
  return tlv(
    app(msgType),
    seq(field(1, int(5)), field(2, int(msgType)), padata.length ? field(3, seq(...padata.map(encodePaData))) : undefined, field(4, body)),
  );
}

export interface KdcRep {
  msgType: number;
  padata: PaData[];
  crealm: string;
  cname: PrincipalName;
  ticket: Ticket;
  encPart: EncryptedData;
}

export function decodeKdcRep(d: Der): KdcRep {
  const f = new Fields(d, 'KDC-REP');
  const pa = f.opt(2);
  return {
    msgType: readInt(f.req(1)),
    padata: pa ? readSeqOf(pa).map(decodePaData) : [],
    crealm: readString(f.req(3)),
    cname: decodePrincipal(f.req(4)),
    ticket: decodeTicket(f.req(5)),
    encPart: decodeEncryptedData(f.req(6)),
  };
}

/** EncKDCRepPart [RFC 4120 5.4.2]: what the client learns from the reply, under its key. */
export interface EncKdcRepPart {
  key: EncryptionKey;
  nonce: number;
  flags: number[];
  authtime: Date;
  starttime?: Date;
  endtime: Date;
  renewTill?: Date;
  srealm: string;
  sname: PrincipalName;
}

export function decodeEncKdcRepPart(raw: Buffer): EncKdcRepPart {
  const outer = decode(raw, undefined, 'EncKDCRepPart');
  // AS replies are [APPLICATION 25] and TGS replies [APPLICATION 26]; some KDCs send 25 for both, so take either.
  if (outer.tag !== app(25) && outer.tag !== app(26)) decode(raw, app(26), 'EncKDCRepPart');
  const f = new Fields(outer, 'EncKDCRepPart');
  const start = f.opt(6);
  const renew = f.opt(8);
  return {
    key: decodeKey(f.req(0)),
    nonce: readInt(f.req(2)) >>> 0,
    flags: readFlags(f.req(4)),
    authtime: readTime(f.req(5)),
    starttime: start && readTime(start),
    endtime: readTime(f.req(7)),
    renewTill: renew && readTime(renew),
    srealm: readString(f.req(9)),
    sname: decodePrincipal(f.req(10)),
  };
}

export interface KrbErrorMsg {
  errorCode: number;
  stime: Date;
  susec: number;
  realm: string;
  sname: PrincipalName;
  crealm?: string;
  cname?: PrincipalName;
  eText?: string;
  eData?: Buffer;
}

export function encodeKrbError(e: KrbErrorMsg): Buffer {
  return tlv(
    app(30),
    seq(
      field(0, int(5)),
      field(1, int(MsgType.KRB_ERROR)),
      field(4, time(e.stime)),
      field(5, int(e.susec)),
      field(6, int(e.errorCode)),
      field(7, e.crealm === undefined ? undefined : generalString(e.crealm)),
      field(8, e.cname && encodePrincipal(e.cname)),
      field(9, generalString(e.realm)),
      field(10, encodePrincipal(e.sname)),
      field(11, e.eText === undefined ? undefined : generalString(e.eText)),
      field(12, e.eData && octets(e.eData)),
    ),
  );
}

export function decodeKrbError(d: Der): KrbErrorMsg {
  const f = new Fields(d, 'KRB-ERROR');
  const crealm = f.opt(7);
  const cname = f.opt(8);
  const etext = f.opt(11);
  const edata = f.opt(12);
  return {
    stime: readTime(f.req(4)),
    susec: readInt(f.req(5)),
    errorCode: readInt(f.req(6)),
    crealm: crealm && readString(crealm),
    cname: cname && decodePrincipal(cname),
    realm: readString(f.req(9)),
    sname: decodePrincipal(f.req(10)),
    eText: etext && readString(etext),
    eData: edata && readOctets(edata),
  };
}

/** PA-ENC-TS-ENC ::= SEQUENCE { patimestamp [0], pausec [1] } [RFC 4120 5.2.7.2]. */
export const encodePaEncTs = (now: Date): Buffer => seq(field(0, time(now)), field(1, int((now.getTime() % 1000) * 1000)));

export interface EtypeInfo2Entry {
  etype: number;
  salt?: string;
  s2kparams?: Buffer;
}

/** ETYPE-INFO2 [RFC 4120 5.2.7.5]: which key the KDC holds for the client, with its salt. */
export function decodeEtypeInfo2(raw: Buffer): EtypeInfo2Entry[] {
  return readSeqOf(decode(raw, Tag.SEQUENCE, 'ETYPE-INFO2')).map((e) => {
    const f = new Fields(e, 'ETYPE-INFO2-ENTRY');
    const salt = f.opt(1);
    const params = f.opt(2);
    return { etype: readInt(f.req(0)), salt: salt && readString(salt), s2kparams: params && readOctets(params) };
  });
}

export { encodeEncryptedData, encodeKey };
