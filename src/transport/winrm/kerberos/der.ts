/**
 * Kerberos' ASN.1 types [RFC 4120 5] and the GSS token framing [RFC 2743 3.1] on winbook's one DER codec
 * (../gss/der.ts: tags, lengths, OIDs): INTEGER, BIT STRING (KerberosFlags), OCTET STRING, GeneralString,
 * GeneralizedTime (KerberosTime), explicit context fields, and the whole encoding kept for checksums. A malformed
 * message is KRB_BAD_MESSAGE here (GSS_BAD_TOKEN in the codec). Hand-written rather than a library: Kerberos needs
 * nothing exotic, and package.json stays as is.
 */
import { GssError } from '../gss/errors.ts';
import { encodeOid, readTlv as readDer, tlv as derTlv } from '../gss/der.ts';
import { KerberosError } from './errors.ts';

export const Tag = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OID: 0x06,
  GENERALIZED_TIME: 0x18,
  GENERAL_STRING: 0x1b,
  SEQUENCE: 0x30,
} as const;

/** [APPLICATION n] constructed. */
export const app = (n: number): number => 0x60 | n;
/** [n] constructed (explicit context tag). */
export const ctx = (n: number): number => 0xa0 | n;

export interface Der {
  tag: number;
  content: Buffer;
  /** The whole encoding, tag and length included (checksums are computed over it). */
  raw: Buffer;
}

function bad(what: string): KerberosError {
  return new KerberosError('KRB_BAD_MESSAGE', `malformed Kerberos message: ${what}`, {
    hint: 'the peer sent something that is not DER-encoded Kerberos; check that the endpoint speaks Kerberos',
  });
}

// ---- encoding ----

export function tlv(tag: number, content: Buffer): Buffer {
  return derTlv(tag, content);
}

export const seq = (...items: (Buffer | undefined)[]): Buffer =>
  tlv(Tag.SEQUENCE, Buffer.concat(items.filter((x): x is Buffer => x !== undefined)));

/** `[n] inner`, or nothing when inner is undefined (an absent OPTIONAL field). */
export const field = (n: number, inner: Buffer | undefined): Buffer | undefined => (inner === undefined ? undefined : tlv(ctx(n), inner));

/** Minimal two's-complement INTEGER (Kerberos Int32 and UInt32 both fit a JS number). */
export function int(v: number): Buffer {
  if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) throw new RangeError(`integer ${v} out of range`);
  const bytes: number[] = [];
  let x = BigInt(v);
  do {
    bytes.unshift(Number(x & 0xffn));
    x >>= 8n;
  } while (!(x === 0n && ((bytes[0] as number) & 0x80) === 0) && !(x === -1n && ((bytes[0] as number) & 0x80) !== 0));
  return tlv(Tag.INTEGER, Buffer.from(bytes));
}

export const octets = (b: Buffer): Buffer => tlv(Tag.OCTET_STRING, b);
export const generalString = (s: string): Buffer => tlv(Tag.GENERAL_STRING, Buffer.from(s, 'utf8'));

/** KerberosTime: GeneralizedTime `YYYYMMDDHHMMSSZ`, whole seconds, UTC [RFC 4120 5.2.3]. */
export function time(d: Date): Buffer {
  const s = d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
  return tlv(Tag.GENERALIZED_TIME, Buffer.from(s, 'ascii'));
}

/** KerberosFlags: a 32-bit BIT STRING, bit 0 the most significant [RFC 4120 5.2.8]. */
export function flags(bits: number[]): Buffer {
  let v = 0;
  for (const b of bits) v |= 1 << (31 - b);
  const c = Buffer.alloc(5);
  c.writeUInt32BE(v >>> 0, 1);
  return tlv(Tag.BIT_STRING, c);
}

export const oid = (dotted: string): Buffer => encodeOid(dotted);

// ---- decoding ----

/** Reads one TLV at `offset`; returns it and where the next one starts. */
export function readTlv(buf: Buffer, offset = 0): { der: Der; next: number } {
  try {
    const t = readDer(buf, offset);
    return { der: { tag: t.tag, content: t.value, raw: buf.subarray(offset, t.end) }, next: t.end };
  } catch (e) {
    if (e instanceof GssError) throw bad(e.message.replace(/^malformed DER: /, ''));
    throw e;
  }
}

/** The single TLV that `buf` holds, optionally checking its tag. */
export function decode(buf: Buffer, expectTag?: number, what = 'message'): Der {
  const { der, next } = readTlv(buf);
  if (next !== buf.length) throw bad(`trailing bytes after ${what}`);
  if (expectTag !== undefined && der.tag !== expectTag) throw bad(`${what}: tag 0x${der.tag.toString(16)}, expected 0x${expectTag.toString(16)}`);
  return der;
}

export function children(d: Der): Der[] {
  const out: Der[] = [];
  for (let p = 0; p < d.content.length; ) {
    const { der, next } = readTlv(d.content, p);
    out.push(der);
    p = next;
  }
  return out;
}

/** The explicitly tagged fields of a SEQUENCE (inside an optional [APPLICATION n]), by context number. */
export class Fields {
  private readonly byTag = new Map<number, Der>();

  constructor(
    d: Der,
    private readonly what: string,
  ) {
    const s = d.tag === Tag.SEQUENCE ? d : decode(d.content, Tag.SEQUENCE, what);
    for (const c of children(s)) {
      if ((c.tag & 0xe0) !== 0xa0) throw bad(`${what}: field with tag 0x${c.tag.toString(16)}`);
      this.byTag.set(c.tag & 0x1f, decode(c.content, undefined, `${what} [${c.tag & 0x1f}]`));
    }
  }

  opt(n: number): Der | undefined {
    return this.byTag.get(n);
  }

  req(n: number): Der {
    const d = this.byTag.get(n);
    if (!d) throw bad(`${this.what}: field [${n}] missing`);
    return d;
  }
}

export function readInt(d: Der): number {
  if (d.tag !== Tag.INTEGER || d.content.length === 0 || d.content.length > 5) throw bad('INTEGER');
  let v = BigInt.asIntN(8, BigInt(d.content[0] as number));
  for (let i = 1; i < d.content.length; i++) v = (v << 8n) | BigInt(d.content[i] as number);
  return Number(v);
}

export function readOctets(d: Der): Buffer {
  if (d.tag !== Tag.OCTET_STRING) throw bad('OCTET STRING');
  return d.content;
}

export function readString(d: Der): string {
  if (d.tag !== Tag.GENERAL_STRING && d.tag !== 0x0c && d.tag !== 0x16) throw bad('KerberosString');
  return d.content.toString('utf8');
}

export function readTime(d: Der): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(d.content.toString('ascii'));
  if (d.tag !== Tag.GENERALIZED_TIME || !m) throw bad('KerberosTime');
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** The bit numbers set in a KerberosFlags BIT STRING. */
export function readFlags(d: Der): number[] {
  if (d.tag !== Tag.BIT_STRING || d.content.length < 1) throw bad('BIT STRING');
  const out: number[] = [];
  for (let i = 1; i < d.content.length; i++) {
    for (let b = 0; b < 8; b++) if (((d.content[i] as number) >> (7 - b)) & 1) out.push((i - 1) * 8 + b);
  }
  return out;
}

export function readSeqOf(d: Der): Der[] {
  if (d.tag !== Tag.SEQUENCE) throw bad('SEQUENCE OF');
  return children(d);
}
