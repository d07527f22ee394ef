/**
 * Reading MIT keytab files (format version 0x0502, and 0x0501 with native byte order; MIT's "keytab file format"
 * document), for the acceptor side: the service keys by principal, kvno and enctype.
 */
import { readFileSync } from 'node:fs';
import { KerberosError } from './errors.ts';
import type { EncryptionKey, PrincipalName } from './types.ts';

export interface KeytabEntry {
  principal: PrincipalName;
  realm: string;
  kvno: number;
  key: EncryptionKey;
  timestamp: Date;
}

export function parseKeytab(b: Buffer, path = 'keytab'): KeytabEntry[] {
  const bad = (why: string): KerberosError =>
    new KerberosError('KRB_KEYTAB', `${path} is not a usable keytab: ${why}`, { hint: 'export it again: kadmin ktadd -k <file> HTTP/<host>, or ktpass on Windows' });
  if (b.length < 2 || b[0] !== 5 || (b[1] !== 1 && b[1] !== 2)) throw bad('unknown format');
  const v2 = b[1] === 2;
  const u16 = (p: number): number => (v2 ? b.readUInt16BE(p) : b.readUInt16LE(p));
  const u32 = (p: number): number => (v2 ? b.readUInt32BE(p) : b.readUInt32LE(p));
  const entries: KeytabEntry[] = [];
  let p = 2;
  while (p + 4 <= b.length) {
    const size = v2 ? b.readInt32BE(p) : b.readInt32LE(p);
    p += 4;
    if (size === 0) break;
    if (size < 0) {
      p += -size; // a deleted entry's hole
      continue;
    }
    const end = p + size;
    if (end > b.length) throw bad('truncated entry');
    let q = p;
    const str = (): string => {
      const n = u16(q);
      const s = b.subarray(q + 2, q + 2 + n).toString('utf8');
      q += 2 + n;
      return s;
    };
    let count = u16(q);
    q += 2;
    if (!v2) count -= 1; // version 1 counts the realm among the components
    const realm = str();
    const parts: string[] = [];
    for (let i = 0; i < count; i++) parts.push(str());
    const type = v2 ? u32(q) : 1;
    if (v2) q += 4;
    const timestamp = new Date(u32(q) * 1000);
    q += 4;
    let kvno = b[q] as number;
    q += 1;
    const keytype = u16(q);
    const klen = u16(q + 2);
    const value = Buffer.from(b.subarray(q + 4, q + 4 + klen));
    q += 4 + klen;
    // A 32-bit kvno follows when there is room for it; it supersedes the 8-bit one unless zero.
    if (q + 4 <= end) {
      const k32 = u32(q);
      if (k32 !== 0) kvno = k32;
    }
    entries.push({ principal: { type, parts }, realm, kvno, key: { keytype, value }, timestamp });
    p = end;
  }
  return entries;
}

export function readKeytab(path: string): KeytabEntry[] {
  let b: Buffer;
  try {
    b = readFileSync(path);
  } catch (e) {
    throw new KerberosError('KRB_KEYTAB', `cannot read the keytab ${path}`, { cause: e, hint: 'check the keytab path and its permissions' });
  }
  return parseKeytab(b, path);
}
