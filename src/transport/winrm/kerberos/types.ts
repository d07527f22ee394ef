/**
 * Kerberos data types [RFC 4120 5.2] shared by the KDC and AP exchanges, and their DER forms.
 */
import { Fields, Tag, app, decode, field, generalString, int, octets, readInt, readOctets, readSeqOf, readString, seq, tlv, type Der } from './der.ts';

/** Name types [RFC 4120 6.2]. */
export const NameType = { PRINCIPAL: 1, SRV_INST: 2, SRV_HST: 3 } as const;

export interface PrincipalName {
  type: number;
  /** `['alice']`, `['HTTP', 'web01.example.com']`, `['krbtgt', 'REALM']`. */
  parts: string[];
}

export interface EncryptedData {
  etype: number;
  kvno?: number;
  cipher: Buffer;
}

export interface EncryptionKey {
  keytype: number;
  value: Buffer;
}

export interface Checksum {
  type: number;
  value: Buffer;
}

export interface Ticket {
  realm: string;
  sname: PrincipalName;
  encPart: EncryptedData;
  /** The DER as received, so a ticket from a KDC or a cache is passed on byte for byte. */
  raw: Buffer;
}

export const principalToString = (p: PrincipalName, realm?: string): string =>
  p.parts.map((s) => s.replace(/([/@\\])/g, '\\$1')).join('/') + (realm ? `@${realm}` : '');

export function encodePrincipal(p: PrincipalName): Buffer {
  return seq(field(0, int(p.type)), field(1, seq(...p.parts.map(generalString))));
}

export function decodePrincipal(d: Der): PrincipalName {
  const f = new Fields(d, 'PrincipalName');
  return { type: readInt(f.req(0)), parts: readSeqOf(f.req(1)).map(readString) };
}

export function encodeEncryptedData(e: EncryptedData): Buffer {
  return seq(field(0, int(e.etype)), field(1, e.kvno === undefined ? undefined : int(e.kvno)), field(2, octets(e.cipher)));
}

export function decodeEncryptedData(d: Der): EncryptedData {
  const f = new Fields(d, 'EncryptedData');
  const kvno = f.opt(1);
  return { etype: readInt(f.req(0)), kvno: kvno ? readInt(kvno) >>> 0 : undefined, cipher: readOctets(f.req(2)) };
}

export function encodeKey(k: EncryptionKey): Buffer {
  return seq(field(0, int(k.keytype)), field(1, octets(k.value)));
}

export function decodeKey(d: Der): EncryptionKey {
  const f = new Fields(d, 'EncryptionKey');
  return { keytype: readInt(f.req(0)), value: readOctets(f.req(1)) };
}

export function encodeChecksum(c: Checksum): Buffer {
  return seq(field(0, int(c.type)), field(1, octets(c.value)));
}

export function decodeChecksum(d: Der): Checksum {
  const f = new Fields(d, 'Checksum');
  return { type: readInt(f.req(0)), value: readOctets(f.req(1)) };
}

/** Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0], realm [1], sname [2], enc-part [3] }. */
export function encodeTicket(t: Omit<Ticket, 'raw'>): Buffer {
  return tlv(app(1), seq(field(0, int(5)), field(1, generalString(t.realm)), field(2, encodePrincipal(t.sname)), field(3, encodeEncryptedData(t.encPart))));
}

export function decodeTicket(d: Der): Ticket {
  if (d.tag !== app(1)) decode(d.raw, app(1), 'Ticket');
  const f = new Fields(d, 'Ticket');
  return { realm: readString(f.req(1)), sname: decodePrincipal(f.req(2)), encPart: decodeEncryptedData(f.req(3)), raw: Buffer.from(d.raw) };
}

export const parseTicket = (raw: Buffer): Ticket => decodeTicket(decode(raw, app(1), 'Ticket'));

/** PA-DATA ::= SEQUENCE { padata-type [1], padata-value [2] } — note the tags start at 1 [RFC 4120 5.2.7]. */
export interface PaData {
  type: number;
  value: Buffer;
}

export const PaType = { TGS_REQ: 1, ENC_TIMESTAMP: 2, ETYPE_INFO2: 19, PAC_REQUEST: 128 } as const;

export const encodePaData = (p: PaData): Buffer => seq(field(1, int(p.type)), field(2, octets(p.value)));

export function decodePaData(d: Der): PaData {
  const f = new Fields(d, 'PA-DATA');
  return { type: readInt(f.req(1)), value: readOctets(f.req(2)) };
}

export const decodeMethodData = (raw: Buffer): PaData[] => readSeqOf(decode(raw, Tag.SEQUENCE, 'METHOD-DATA')).map(decodePaData);
