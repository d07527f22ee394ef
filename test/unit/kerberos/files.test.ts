/**
 * MIT's file formats, built byte by byte from the format documents ("keytab file format", "ccache file format"):
 * keytab holes left by deleted entries, the 32-bit kvno extension, version 0x0501's native byte order; ccache v4
 * header tags and X-CACHECONF: entries skipped. Real files from kadmin and kinit are read in the interop tests.
 */
import { describe, expect, it } from 'vitest';
import { parseKeytab } from '../../../src/transport/winrm/kerberos/keytab.ts';
import { parseCCache } from '../../../src/transport/winrm/kerberos/ccache.ts';

const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
};
const s16 = (s: string): Buffer => Buffer.concat([u16(Buffer.byteLength(s)), Buffer.from(s)]);
const s32 = (s: string | Buffer): Buffer => {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s);
  return Buffer.concat([u32(b.length), b]);
};

function keytabEntry(parts: string[], kvno8: number, keytype: number, key: Buffer, kvno32?: number): Buffer {
  const body = Buffer.concat([
    u16(parts.length),
    s16('EXAMPLE.TEST'),
    ...parts.map(s16),
    u32(1), // name type
    u32(1_700_000_000),
    Buffer.from([kvno8]),
    u16(keytype),
    u16(key.length),
    key,
    kvno32 === undefined ? Buffer.alloc(0) : u32(kvno32),
  ]);
  return Buffer.concat([u32(body.length), body]);
}

describe('keytab (format 0x0502)', () => {
  it('reads entries, skips deleted holes, and prefers the 32-bit kvno', () => {
    const hole = Buffer.concat([u32(-12 >>> 0), Buffer.alloc(12)]);
    const file = Buffer.concat([
      Buffer.from([5, 2]),
      keytabEntry(['HTTP', 'web01.example.test'], 3, 18, Buffer.alloc(32, 1)),
      hole,
      keytabEntry(['HTTP', 'web01.example.test'], 44, 17, Buffer.alloc(16, 2), 300),
    ]);
    const entries = parseKeytab(file);
    expect(entries.map((e) => [e.principal.parts.join('/'), e.realm, e.kvno, e.key.keytype, e.key.value[0]])).toEqual([
      ['HTTP/web01.example.test', 'EXAMPLE.TEST', 3, 18, 1],
      ['HTTP/web01.example.test', 'EXAMPLE.TEST', 300, 17, 2],
    ]);
  });

  it('refuses a file that is not a keytab, saying how to export one', () => {
    expect(() => parseKeytab(Buffer.from('hello'), '/etc/x.keytab')).toThrow(expect.objectContaining({ code: 'KRB_KEYTAB', hint: expect.stringContaining('ktadd') }));
  });
});

function principal(realm: string, parts: string[], type = 1): Buffer {
  return Buffer.concat([u32(type), u32(parts.length), s32(realm), ...parts.map((p) => s32(p))]);
}

function credential(server: Buffer, keytype: number, endtime: number, flagsWord: number, ticket: Buffer): Buffer {
  return Buffer.concat([
    principal('EXAMPLE.TEST', ['dave']),
    server,
    u16(keytype),
    s32(Buffer.alloc(32, 9)),
    u32(1_700_000_000), u32(1_700_000_000), u32(endtime), u32(0),
    Buffer.from([0]),
    u32(flagsWord),
    u32(0), // addresses
    u32(0), // authdata
    s32(ticket),
    s32(Buffer.alloc(0)),
  ]);
}

describe('credential cache (format 4)', () => {
  it('reads the default principal and credentials, skips header tags and X-CACHECONF: entries', () => {
    const header = Buffer.concat([u16(1), u16(8), Buffer.alloc(8)]); // tag 1: KDC time offset
    const file = Buffer.concat([
      Buffer.from([5, 4]),
      u16(header.length),
      header,
      principal('EXAMPLE.TEST', ['dave']),
      credential(principal('EXAMPLE.TEST', ['krbtgt', 'EXAMPLE.TEST'], 2), 18, 1_900_000_000, 0x40e00000, Buffer.from('tgt-der')),
      credential(principal('X-CACHECONF:', ['krb5_ccache_conf_data', 'pa_type', 'krbtgt/EXAMPLE.TEST@EXAMPLE.TEST']), 0, 0, 0, Buffer.from('2')),
    ]);
    const cc = parseCCache(file);
    expect(cc.defaultPrincipal).toEqual({ type: 1, parts: ['dave'] });
    expect(cc.defaultRealm).toBe('EXAMPLE.TEST');
    expect(cc.credentials).toHaveLength(1);
    expect(cc.credentials[0]).toMatchObject({
      server: { type: 2, parts: ['krbtgt', 'EXAMPLE.TEST'] },
      key: { keytype: 18 },
      endtime: new Date(1_900_000_000 * 1000),
      // 0x40e00000: forwardable (1), renewable (8), initial (9), pre-authent (10)
      flags: [1, 8, 9, 10],
      ticket: Buffer.from('tgt-der'),
    });
  });

  it('refuses another format and a truncated file, saying to kinit again', () => {
    expect(() => parseCCache(Buffer.from([5, 1, 0, 0]), '/tmp/cc')).toThrow(/not an MIT credential cache/);
    expect(() => parseCCache(Buffer.from([5, 4, 0, 0, 0, 0, 0, 1]), '/tmp/cc')).toThrow(expect.objectContaining({ code: 'KRB_CCACHE', hint: 'run kinit again' }));
  });
});
