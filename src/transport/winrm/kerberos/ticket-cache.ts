/**
 * Tickets shared by every connection of one run, as a kinit'ed credential cache shares them between programs: hosts
 * that log on as the same principal with the same password share one AS exchange, and connections to the same SPN
 * share one service ticket (each connection still sends its own authenticator, subkey and sequence number, so
 * nothing of a security context is shared). In memory only, never written; a failed request is not kept, so the
 * next connection asks again, and a credential within a minute of its end time is fetched afresh (the margin MIT
 * uses before it treats a ticket as expired, and cachedTgt's).
 */
import { createHash } from 'node:crypto';
import type { Credential } from './kdc-client.ts';

const RENEW_MARGIN_MS = 60_000;

export class TicketCache {
  private readonly tgts = new Map<string, Promise<Credential>>();
  private readonly services = new WeakMap<Credential, Map<string, Promise<Credential>>>();

  /**
   * The TGT for `principal` (user@REALM) from `password`, fetched by `fetch` when none is held. The key carries a
   * hash of the password, never the password itself, so a second inventory password for the same user is a second
   * logon (and a wrong one fails on its own).
   */
  tgt(principal: string, password: string, variant: string, now: Date, fetch: () => Promise<Credential>): Promise<Credential> {
    const key = [principal, createHash('sha256').update(password).digest('hex'), variant].join('\0');
    return this.get(this.tgts, key, now, fetch);
  }

  /** The service ticket for `spn` obtained with `tgt` (the same TGT object the cache handed out). */
  service(tgt: Credential, spn: string, now: Date, fetch: () => Promise<Credential>): Promise<Credential> {
    let m = this.services.get(tgt);
    if (!m) this.services.set(tgt, (m = new Map()));
    // As written: MIT compares principal names case-sensitively (AD does not), so no folding here.
    return this.get(m, spn, now, fetch);
  }

  private get(m: Map<string, Promise<Credential>>, key: string, now: Date, fetch: () => Promise<Credential>): Promise<Credential> {
    const held = m.get(key);
    if (held) {
      // A settled credential near its end is replaced; one still in flight is shared.
      return held.then((c) => (c.endtime.getTime() > now.getTime() + RENEW_MARGIN_MS ? c : this.fetchInto(m, key, fetch, held)));
    }
    return this.fetchInto(m, key, fetch);
  }

  private fetchInto(m: Map<string, Promise<Credential>>, key: string, fetch: () => Promise<Credential>, replacing?: Promise<Credential>): Promise<Credential> {
    // Two connections finding the same expired entry share one new request.
    const current = m.get(key);
    if (current && current !== replacing) return current;
    const p = fetch();
    m.set(key, p);
    p.catch(() => {
      if (m.get(key) === p) m.delete(key);
    });
    return p;
  }
}
