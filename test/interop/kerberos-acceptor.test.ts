/**
 * Interop: winbook's Kerberos acceptor (the simulator's side) against an initiator that is not ours: MIT's
 * libgssapi_krb5 through python3-gssapi, with a ccache kinit'ed from a real MIT KDC. The AP-REQ is accepted with
 * the KDC-exported keytab, MIT verifies our AP-REP, sealed messages and MICs flow both ways, channel bindings are
 * reported as sent, and refusals carry Kerberos' names: clock skew, unknown SPN, stale key version, replay.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptKerberos, readKeytab, ReplayCache, type KeytabEntry } from '../../src/transport/winrm/kerberos/index.ts';
import { KRB5KDC, PYTHON, startGssPeer, startKdc, type GssPeer, type Kdc } from '../helpers/kdc.ts';

const available = existsSync(KRB5KDC) && existsSync(PYTHON) && existsSync('/usr/lib/python3/dist-packages/gssapi/__init__.py');
if (!available && process.env.CI) throw new Error('krb5-kdc and python3-gssapi are required in CI');

const HOST = 'web02.winbook.test';
const SPN = `HTTP/${HOST}`;
const PASSWORD = 'An0ther-Secret';
const b64 = (b: Buffer): string => b.toString('base64');
const unb64 = (s: unknown): Buffer => Buffer.from(String(s), 'base64');
const CB = Buffer.concat([Buffer.from('tls-server-end-point:'), Buffer.alloc(32, 0x5a)]);

describe.skipIf(!available)('Kerberos acceptor against MIT krb5', () => {
  let kdc: Kdc;
  let ccache: string;
  let keytab: KeytabEntry[];
  const peers: GssPeer[] = [];

  beforeAll(async () => {
    kdc = await startKdc({ principals: [{ name: 'bob', password: PASSWORD }, { name: SPN, keytab: true }, { name: 'HTTP/elsewhere.winbook.test', keytab: true }] });
    ccache = await kdc.kinit('bob', PASSWORD);
    keytab = readKeytab(kdc.keytab(SPN));
  });
  afterAll(async () => {
    for (const p of peers) await p.stop();
    await kdc?.stop();
  });

  async function mitToken(cb?: Buffer): Promise<{ peer: GssPeer; token: Buffer }> {
    const peer = startGssPeer({ ...kdc.env, KRB5CCNAME: `FILE:${ccache}` });
    peers.push(peer);
    const r = await peer.call({ op: 'init', spn: `${SPN}@${kdc.realm}`, cb: cb && b64(cb) });
    expect(r.error).toBeUndefined();
    return { peer, token: unb64(r.token) };
  }

  it('reads the keytab kadmin exported (both AES keys, the KDC\'s kvno)', () => {
    expect(keytab.map((e) => [e.principal.parts.join('/'), e.realm, e.key.keytype, e.key.value.length])).toEqual([
      [SPN, 'WINBOOK.TEST', 18, 32],
      [SPN, 'WINBOOK.TEST', 17, 16],
    ]);
    expect(keytab[0]?.kvno).toBe(1);
  });

  it('accepts MIT\'s AP-REQ, MIT verifies our AP-REP, and sealed messages and MICs flow both ways', async () => {
    const { peer, token } = await mitToken();
    const r = acceptKerberos(token, { keytab });
    expect(r).toMatchObject({ client: 'bob@WINBOOK.TEST', service: `${SPN}@WINBOOK.TEST`, boundChannel: 'zeros' });
    const done = await peer.call({ op: 'step', token: b64(r.reply as Buffer) });
    expect(done).toMatchObject({ complete: true });
    expect(done.error).toBeUndefined();
    // MIT → us: pyspnego's wrap_winrm form and a plain gss_wrap.
    const iov = await peer.call({ op: 'wrap_iov', data: b64(Buffer.from('<s:Envelope>request</s:Envelope>')) });
    expect(r.security.unwrap(unb64(iov.data), unb64(iov.header)).toString()).toBe('<s:Envelope>request</s:Envelope>');
    const w = await peer.call({ op: 'wrap', data: b64(Buffer.from('plain gss_wrap')) });
    expect(r.security.unwrapToken(unb64(w.data)).toString()).toBe('plain gss_wrap');
    // Us → MIT: the WinRM split, glued back, and MIT's unwrap_iov on the two buffers.
    const a = r.security.wrap(Buffer.from('<s:Envelope>response</s:Envelope>'));
    expect(unb64((await peer.call({ op: 'unwrap', data: b64(Buffer.concat([a.signature, a.sealed])) })).data).toString()).toBe('<s:Envelope>response</s:Envelope>');
    const bb = r.security.wrap(Buffer.from('second response'));
    const u = await peer.call({ op: 'unwrap_iov', header: b64(bb.signature), data: b64(bb.sealed) });
    expect(u.error).toBeUndefined();
    expect(unb64(u.data).toString()).toBe('second response');
    // MICs.
    const theirs = await peer.call({ op: 'get_mic', data: b64(Buffer.from('list')) });
    r.security.verify(Buffer.from('list'), unb64(theirs.mic));
    expect((await peer.call({ op: 'verify_mic', data: b64(Buffer.from('ours')), mic: b64(r.security.sign(Buffer.from('ours'))) })).ok).toBe(true);
    // A token we sent cannot be fed back to us (direction flag).
    const mine = r.security.wrapToken(Buffer.from('reflect me'));
    expect(() => r.security.unwrapToken(mine)).toThrow(/reflected/);
  });

  it('reports the channel binding MIT sent: match, mismatch, or unverified when it expected none', async () => {
    expect(acceptKerberos((await mitToken(CB)).token, { keytab, channelBindings: CB }).boundChannel).toBe('match');
    expect(acceptKerberos((await mitToken(CB)).token, { keytab, channelBindings: { applicationData: Buffer.from('tls-server-end-point:other') } }).boundChannel).toBe('mismatch');
    expect(acceptKerberos((await mitToken(CB)).token, { keytab }).boundChannel).toBe('unverified');
    expect(acceptKerberos((await mitToken()).token, { keytab, channelBindings: CB }).boundChannel).toBe('zeros');
  });

  describe('refusals', () => {
    it('clock skew: KRB_AP_ERR_SKEW with the measured skew', async () => {
      const { token } = await mitToken();
      expect(() => acceptKerberos(token, { keytab, now: new Date(Date.now() + 10 * 60_000) })).toThrow(
        expect.objectContaining({ code: 'KRB_AP_ERR_SKEW', krbCode: 37, message: expect.stringMatching(/the client's clock is (599|600|601) s behind this server's/) }),
      );
    });

    it('a ticket for another SPN: KRB_AP_ERR_NOKEY naming it', async () => {
      const { token } = await mitToken();
      expect(() => acceptKerberos(token, { keytab: kdc.keytab('HTTP/elsewhere.winbook.test') })).toThrow(
        expect.objectContaining({ code: 'KRB_AP_ERR_NOKEY', message: expect.stringContaining(`${SPN}@WINBOOK.TEST`) }),
      );
    });

    it('a keytab with another key version: KRB_AP_ERR_BADKEYVER; with the wrong key: KRB_AP_ERR_MODIFIED', async () => {
      const { token } = await mitToken();
      const stale = keytab.map((e) => ({ ...e, kvno: 7 }));
      expect(() => acceptKerberos(token, { keytab: stale })).toThrow(expect.objectContaining({ code: 'KRB_AP_ERR_BADKEYVER', message: expect.stringMatching(/key version 1, the keytab has 7/) }));
      const wrong = keytab.map((e) => ({ ...e, key: { ...e.key, value: Buffer.alloc(e.key.value.length, 1) } }));
      expect(() => acceptKerberos(token, { keytab: wrong })).toThrow(expect.objectContaining({ code: 'KRB_AP_ERR_MODIFIED' }));
    });

    it('the same AP-REQ twice with a replay cache: KRB_AP_ERR_REPEAT', async () => {
      const { token } = await mitToken();
      const replayCache = new ReplayCache();
      acceptKerberos(token, { keytab, replayCache });
      expect(() => acceptKerberos(token, { keytab, replayCache })).toThrow(expect.objectContaining({ code: 'KRB_AP_ERR_REPEAT' }));
    });
  });
});
