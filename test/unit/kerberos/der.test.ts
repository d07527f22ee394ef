/** The DER codec and the Kerberos types on it [X.690, RFC 4120 5.2]: encodings checked byte for byte. */
import { describe, expect, it } from 'vitest';
import { Fields, decode, flags, int, oid, readFlags, readInt, readTime, time, Tag } from '../../../src/transport/winrm/kerberos/der.ts';
import { decodePrincipal, encodePrincipal, encodeTicket, parseTicket } from '../../../src/transport/winrm/kerberos/types.ts';

describe('DER', () => {
  it.each([
    [0, '020100'],
    [127, '02017f'],
    [128, '02020080'],
    [-1, '0201ff'],
    [-129, '0202ff7f'],
    [0x7fffffff, '02047fffffff'],
    [0xffffffff, '020500ffffffff'],
    [-138, '0202ff76'],
  ])('INTEGER %i is %s and reads back', (v, hex) => {
    expect(int(v).toString('hex')).toBe(hex);
    expect(readInt(decode(Buffer.from(hex, 'hex')))).toBe(v);
  });

  it('KerberosTime is GeneralizedTime without fractions', () => {
    const d = new Date('2026-12-04T15:09:08.765Z');
    expect(time(d).toString('latin1').slice(2)).toBe('20261204150908Z');
    expect(readTime(decode(time(d))).toISOString()).toBe('2026-12-04T15:09:08.000Z');
  });

  it('KerberosFlags is a 32-bit BIT STRING with bit 0 first', () => {
    expect(flags([1, 27]).toString('hex')).toBe('03050040000010');
    expect(readFlags(decode(flags([1, 15, 27])))).toEqual([1, 15, 27]);
  });

  it('encodes the krb5 mechanism OID as RFC 1964 shows it', () => {
    expect(oid('1.2.840.113554.1.2.2').toString('hex')).toBe('06092a864886f712010202');
  });

  it('reads long lengths and refuses truncation, trailing bytes and missing fields', () => {
    const long = Buffer.concat([Buffer.from([0x04, 0x82, 0x01, 0x00]), Buffer.alloc(256)]);
    expect(decode(long, Tag.OCTET_STRING).content).toHaveLength(256);
    expect(() => decode(long.subarray(0, 100))).toThrow(/truncated/);
    expect(() => decode(Buffer.from('02010000', 'hex'))).toThrow(/trailing/);
    expect(() => new Fields(decode(Buffer.from('3000', 'hex')), 'X').req(0)).toThrow(/X: field \[0\] missing/);
  });

  it('round-trips a principal and a ticket, keeping the ticket bytes as received', () => {
    const p = { type: 2, parts: ['HTTP', 'web01.example.com'] };
    expect(decodePrincipal(decode(encodePrincipal(p)))).toEqual(p);
    const raw = encodeTicket({ realm: 'EXAMPLE.COM', sname: p, encPart: { etype: 18, kvno: 3, cipher: Buffer.from('abc') } });
    const t = parseTicket(raw);
    expect(t).toMatchObject({ realm: 'EXAMPLE.COM', sname: p, encPart: { etype: 18, kvno: 3 } });
    expect(t.raw).toEqual(raw);
  });
});
