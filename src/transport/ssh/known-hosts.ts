/**
 * OpenSSH's known_hosts file, read-only: plain host patterns (`host`, `[host]:port`, comma lists, `*`/`?`
 * wildcards, `!` negation) and hashed entries (`|1|salt|hmac`). Lines marked @revoked or @cert-authority are
 * skipped: a revoked key never matches, and certificates are not supported. Pure functions, no I/O.
 */
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  patterns: string;
  keyType: string;
  /** The key blob, base64 as in the file. */
  key: string;
  line: number;
}

export type HostKeyVerdict =
  | { status: 'match' }
  | { status: 'unknown' }
  /** The host is listed, but with a different key: possible man-in-the-middle or a reinstalled host. */
  | { status: 'changed'; line: number };

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('@')) return;
    const [patterns, keyType, key] = line.split(/\s+/);
    if (patterns && keyType && key) entries.push({ patterns, keyType, key, line: i + 1 });
  });
  return entries;
}

/** The name ssh looks up: `host` on port 22, `[host]:port` otherwise. */
export function hostToken(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** The line ssh would add for this host (`ssh-keyscan` format). */
export function knownHostsLine(address: string, port: number, keyType: string, keyBlob: Buffer): string {
  return `${hostToken(address, port)} ${keyType} ${keyBlob.toString('base64')}`;
}

/** `SHA256:…` as `ssh-keygen -lf` and ssh's prompts print it. */
export function fingerprint(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** The key type named inside the blob (`ssh-ed25519`, `ssh-rsa`, …): a uint32 length then the name. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const n = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + n).toString('latin1');
}

/** Checks a presented key as ssh does with StrictHostKeyChecking=yes: only keys of the same type can conflict. */
export function verifyHostKey(entries: KnownHostEntry[], address: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const token = hostToken(address, port);
  const type = keyTypeOf(keyBlob);
  const presented = keyBlob.toString('base64');
  let changed: number | undefined;
  for (const e of entries) {
    if (!matchesHost(e.patterns, token)) continue;
    if (e.key === presented) return { status: 'match' };
    if (e.keyType === type) changed ??= e.line;
  }
  return changed === undefined ? { status: 'unknown' } : { status: 'changed', line: changed };
}

function matchesHost(patterns: string, token: string): boolean {
  if (patterns.startsWith('|1|')) return matchesHashed(patterns, token);
  let hit = false;
  for (const p of patterns.split(',')) {
    const negated = p.startsWith('!');
    if (!globMatch(negated ? p.slice(1) : p, token)) continue;
    if (negated) return false;
    hit = true;
  }
  return hit;
}

/** HashKnownHosts entries: `|1|base64(salt)|base64(HMAC-SHA1(salt, host))`. */
function matchesHashed(pattern: string, token: string): boolean {
  const [, , salt, hash] = pattern.split('|');
  if (!salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(token).digest('base64') === hash;
}

function globMatch(pattern: string, text: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(text);
}
