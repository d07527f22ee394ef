/**
 * The run's shared tickets (src/transport/winrm/kerberos/ticket-cache.ts): one request for concurrent connections,
 * a fresh one when the credential nears its end or the password differs, none kept after a failure. The KDC side
 * (one AS exchange per run, counted in MIT's log) is test/integration/winrm-kerberos.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { TicketCache } from '../../../src/transport/winrm/kerberos/ticket-cache.ts';
import type { Credential } from '../../../src/transport/winrm/kerberos/kdc-client.ts';

const NOW = new Date('2026-12-04T12:00:00Z');

function credential(endInMs: number, tag: string): Credential {
  return {
    client: { type: 1, parts: ['alice'] }, clientRealm: 'WINBOOK.TEST', server: { type: 2, parts: ['krbtgt', tag] }, serverRealm: 'WINBOOK.TEST',
    key: { keytype: 18, value: Buffer.alloc(32) }, ticket: {} as Credential['ticket'], authtime: NOW, endtime: new Date(NOW.getTime() + endInMs),
  };
}

function counter(endInMs = 3_600_000) {
  let n = 0;
  return { fetch: async () => credential(endInMs, String(++n)), count: () => n };
}

describe('TicketCache', () => {
  it('shares one TGT request between concurrent connections of the same principal and password', async () => {
    const c = new TicketCache();
    const f = counter();
    const [a, b] = await Promise.all([c.tgt('alice@WINBOOK.TEST', 'pw', 'kdc', NOW, f.fetch), c.tgt('alice@WINBOOK.TEST', 'pw', 'kdc', NOW, f.fetch)]);
    expect(a).toBe(b);
    expect(await c.tgt('alice@WINBOOK.TEST', 'pw', 'kdc', NOW, f.fetch)).toBe(a);
    expect(f.count()).toBe(1);
  });

  it('logs on again for another password, principal or KDC', async () => {
    const c = new TicketCache();
    const f = counter();
    await c.tgt('alice@WINBOOK.TEST', 'pw', 'kdc', NOW, f.fetch);
    await c.tgt('alice@WINBOOK.TEST', 'other', 'kdc', NOW, f.fetch);
    await c.tgt('bob@WINBOOK.TEST', 'pw', 'kdc', NOW, f.fetch);
    await c.tgt('alice@WINBOOK.TEST', 'pw', 'kdc2', NOW, f.fetch);
    expect(f.count()).toBe(4);
  });

  it('does not keep a failed request: the next connection asks again', async () => {
    const c = new TicketCache();
    let calls = 0;
    const failing = async (): Promise<Credential> => {
      calls++;
      throw new Error('KDC_ERR_PREAUTH_FAILED');
    };
    await expect(c.tgt('alice@WINBOOK.TEST', 'wrong', 'kdc', NOW, failing)).rejects.toThrow('PREAUTH');
    await expect(c.tgt('alice@WINBOOK.TEST', 'wrong', 'kdc', NOW, failing)).rejects.toThrow('PREAUTH');
    expect(calls).toBe(2);
  });

  it('fetches afresh a credential within a minute of its end time', async () => {
    const c = new TicketCache();
    const f = counter(90_000);
    const first = await c.tgt('alice@WINBOOK.TEST', 'pw', 'kdc', NOW, f.fetch);
    expect(await c.tgt('alice@WINBOOK.TEST', 'pw', 'kdc', new Date(NOW.getTime() + 20_000), f.fetch)).toBe(first);
    const later = new Date(NOW.getTime() + 40_000);
    const [x, y] = await Promise.all([c.tgt('alice@WINBOOK.TEST', 'pw', 'kdc', later, f.fetch), c.tgt('alice@WINBOOK.TEST', 'pw', 'kdc', later, f.fetch)]);
    expect(x).not.toBe(first);
    expect(y).toBe(x);
    expect(f.count()).toBe(2);
  });

  it('keeps one service ticket per SPN per TGT', async () => {
    const c = new TicketCache();
    const tgt = credential(3_600_000, 'tgt');
    const f = counter();
    const a = await c.service(tgt, 'HTTP/win01.winbook.test@WINBOOK.TEST', NOW, f.fetch);
    expect(await c.service(tgt, 'HTTP/win01.winbook.test@WINBOOK.TEST', NOW, f.fetch)).toBe(a);
    await c.service(tgt, 'HTTP/win02.winbook.test@WINBOOK.TEST', NOW, f.fetch);
    await c.service(credential(3_600_000, 'other'), 'HTTP/win01.winbook.test@WINBOOK.TEST', NOW, f.fetch);
    expect(f.count()).toBe(3);
  });
});
