/**
 * winbook's one DER codec [ITU-T X.690 8, 10]: single-byte tags, definite lengths, tag-length-value in and out,
 * OBJECT IDENTIFIER. SPNEGO, the X.509 signature-algorithm lookup and Kerberos (../kerberos/der.ts, which adds
 * Kerberos' types and its own error on top) all read and write through it. Not a general ASN.1 library: the callers
 * know their schemas.
 */
import { GssError } from './errors.ts';

export interface Tlv {
  /** The identifier octet (single-byte tags only, which is all SPNEGO and X.509's outer structure use). */
  tag: number;
  value: Buffer;
  /** Offset just past this element in the buffer it was read from. */
  end: number;
}

function bad(why: string): GssError {
  return new GssError('GSS_BAD_TOKEN', `malformed DER: ${why}`);
}

export function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const value = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}

/** Reads one element at `offset`; the value must fit inside `buf`. */
export function readTlv(buf: Buffer, offset = 0): Tlv {
  if (offset + 2 > buf.length) throw bad('truncated header');
  const tag = buf[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw bad(`multi-byte tag 0x${tag.toString(16)}`);
  let len = buf[offset + 1] as number;
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    // Four length octets already allow 4 GiB; an indefinite length (n = 0) is BER, not DER.
    if (n === 0 || n > 4 || pos + n > buf.length) throw bad('unsupported length form');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[pos + i] as number);
    pos += n;
  }
  if (pos + len > buf.length) throw bad('truncated: the value runs past the end');
  return { tag, value: buf.subarray(pos, pos + len), end: pos + len };
}

/** The elements of a constructed value, in order. */
export function children(value: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let off = 0; off < value.length; ) {
    const t = readTlv(value, off);
    out.push(t);
    off = t.end;
  }
  return out;
}

/** Reads `tag` and checks it is the one expected. */
export function expectTlv(buf: Buffer, tag: number, what: string, offset = 0): Tlv {
  const t = readTlv(buf, offset);
  if (t.tag !== tag) throw bad(`${what}: tag 0x${t.tag.toString(16)} where 0x${tag.toString(16)} was expected`);
  return t;
}

export function encodeOid(oid: string): Buffer {
  const arcs = oid.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = arcs;
  const out = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

export function decodeOid(value: Buffer): string {
  if (value.length === 0) throw bad('empty OID');
  const first = value[0] as number;
  const arcs = [Math.min(2, Math.floor(first / 40)), first - 40 * Math.min(2, Math.floor(first / 40))];
  let v = 0;
  for (let i = 1; i < value.length; i++) {
    const byte = value[i] as number;
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}
