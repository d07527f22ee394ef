/**
 * Reading MIT credential caches (FILE: type, format versions 3 and 4, as kinit writes them; MIT's
 * "ccache file format" document, ccache.txt/ccache_file_format), so winbook can use the TGT or service tickets of
 * a kinit'ed user (KRB5CCNAME). Configuration entries (X-CACHECONF:) are skipped.
 */
import { readFileSync } from 'node:fs';
import { KerberosError } from './errors.ts';
import type { EncryptionKey, PrincipalName } from './types.ts';

export interface CachedCredential {
  client: PrincipalName;
  clientRealm: string;
  server: PrincipalName;
  serverRealm: string;
  key: EncryptionKey;
  authtime: Date;
  starttime: Date;
  endtime: Date;
  renewTill: Date;
  /** The ticket's DER, as the KDC issued it. */
  ticket: Buffer;
  /** TicketFlags bit numbers (1 forwardable, 2 forwarded, ...). */
  flags: number[];
}

export interface CCache {
  path: string;
  defaultPrincipal: PrincipalName;
  defaultRealm: string;
  credentials: CachedCredential[];
}

/** KRB5CCNAME's FILE:/path (or a bare path); other cache types (KEYRING:, KCM:, DIR:) are refused with a hint. */
export function ccachePath(name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (name.startsWith('FILE:')) return name.slice(5);
  if (/^[A-Z]+:/.test(name)) {
    throw new KerberosError('KRB_CCACHE', `credential cache ${name} is not a file`, {
      hint: 'winbook reads FILE: caches: kinit -c FILE:/tmp/krb5cc_winbook, then KRB5CCNAME=FILE:/tmp/krb5cc_winbook',
    });
  }
  return name;
}

class Reader {
  private p = 0;
  constructor(
    private readonly b: Buffer,
    private readonly path: string,
  ) {}

  get done(): boolean {
    return this.p >= this.b.length;
  }

  private need(n: number): void {
    if (this.p + n > this.b.length) throw new KerberosError('KRB_CCACHE', `credential cache ${this.path} is truncated`, { hint: 'run kinit again' });
  }

  u8(): number {
    this.need(1);
    return this.b.readUInt8(this.p++);
  }

  u16(): number {
    this.need(2);
    const v = this.b.readUInt16BE(this.p);
    this.p += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.b.readUInt32BE(this.p);
    this.p += 4;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const v = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return Buffer.from(v);
  }

  data(): Buffer {
    return this.bytes(this.u32());
  }

  /** A count, then that many (u16 type, counted data) pairs: addresses and authdata, which winbook does not use. */
  skipTagged(): void {
    for (let n = this.u32(); n > 0; n--) {
      this.u16();
      this.data();
    }
  }

  principal(version: number): { name: PrincipalName; realm: string } {
    // Version 1 caches have no name type and count the realm among the components; only 3 and 4 are read.
    const type = version >= 2 ? this.u32() : 1;
    const count = this.u32();
    const realm = this.data().toString('utf8');
    const parts: string[] = [];
    for (let i = 0; i < count; i++) parts.push(this.data().toString('utf8'));
    return { name: { type, parts }, realm };
  }
}

export function parseCCache(b: Buffer, path = 'ccache'): CCache {
  const r = new Reader(b, path);
  const magic = r.u16();
  if (magic !== 0x0503 && magic !== 0x0504) {
    throw new KerberosError('KRB_CCACHE', `${path} is not an MIT credential cache (version 0x${magic.toString(16)})`, {
      hint: 'point KRB5CCNAME at a cache written by kinit (format 3 or 4)',
    });
  }
  const version = magic & 0xff;
  if (version === 4) r.bytes(r.u16()); // header tags: KDC time offset, not needed
  const def = r.principal(version);
  const credentials: CachedCredential[] = [];
  while (!r.done) {
    const client = r.principal(version);
    const server = r.principal(version);
    const keytype = r.u16();
    const key: EncryptionKey = { keytype, value: r.data() };
    const [authtime, starttime, endtime, renewTill] = [r.u32(), r.u32(), r.u32(), r.u32()].map((s) => new Date(s * 1000)) as [Date, Date, Date, Date];
    r.u8(); // is_skey
    const bits = r.u32();
    const flags = [...Array(32).keys()].filter((b) => (bits >>> (31 - b)) & 1);
    r.skipTagged(); // addresses
    r.skipTagged(); // authdata
    const ticket = r.data();
    r.data(); // second ticket
    if (server.realm === 'X-CACHECONF:') continue;
    credentials.push({ client: client.name, clientRealm: client.realm, server: server.name, serverRealm: server.realm, key, authtime, starttime, endtime, renewTill, ticket, flags });
  }
  return { path, defaultPrincipal: def.name, defaultRealm: def.realm, credentials };
}

export function readCCache(path: string): CCache {
  let b: Buffer;
  try {
    b = readFileSync(path);
  } catch (e) {
    throw new KerberosError('KRB_CCACHE', `no credential cache at ${path}`, {
      cause: e,
      hint: 'run kinit user@REALM first (KRB5CCNAME names the cache), or give ansible_password so winbook gets its own ticket',
    });
  }
  return parseCCache(b, path);
}
