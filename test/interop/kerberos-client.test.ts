/**
 * Interop: winbook's Kerberos initiator against a real MIT KDC (krb5kdc, test/helpers/kdc.ts) and an acceptor that
 * is not ours (MIT's libgssapi_krb5 through python3-gssapi): tickets from a password and from a kinit'ed cache,
 * the AP-REQ accepted and the AP-REP verified, sealed messages and MICs both ways, channel binding, and the errors
 * a user meets (wrong password, unknown user, unknown SPN, clock skew, KDC down).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptKerberos, initiateKerberos, type KerberosMessageSecurity } from '../../src/transport/winrm/kerberos/index.ts';
import { KRB5KDC, PYTHON, startGssPeer, startKdc, type GssPeer, type Kdc } from '../helpers/kdc.ts';

const available = existsSync(KRB5KDC) && existsSync(PYTHON) && existsSync('/usr/lib/python3/dist-packages/gssapi/__init__.py');
if (!available && process.env.CI) throw new Error('krb5-kdc and python3-gssapi are required in CI');

const HOST = 'web01.winbook.test';
const SPN = `HTTP/${HOST}`;
const PASSWORD = 'Corr3ct-Horse!';
const b64 = (b: Buffer): string => b.toString('base64');
const unb64 = (s: unknown): Buffer => Buffer.from(String(s), 'base64');

describe.skipIf(!available)('Kerberos initiator against MIT krb5', () => {
  let kdc: Kdc;
  const peers: GssPeer[] = [];

  beforeAll(async () => {
    kdc = await startKdc({
      principals: [
        { name: 'alice', password: PASSWORD },
        { name: SPN, keytab: true },
        { name: 'HTTP/other.winbook.test', keytab: true },
        { name: 'legacy', password: PASSWORD, enctypes: ['arcfour-hmac'] },
        { name: 'nopreauth', password: PASSWORD, noPreauth: true },
        { name: 'HTTP/rc4only.winbook.test', keytab: true, enctypes: ['arcfour-hmac'] },
      ],
      enctypes: ['aes256-cts-hmac-sha1-96', 'aes128-cts-hmac-sha1-96', 'arcfour-hmac'],
    });
  });
  afterAll(async () => {
    for (const p of peers) await p.stop();
    await kdc?.stop();
  });

  function acceptorPeer(): GssPeer {
    const p = startGssPeer({ ...kdc.env, KRB5_KTNAME: `FILE:${kdc.keytab(SPN)}` });
    peers.push(p);
    return p;
  }

  const kdcAddr = (): string[] => [`${kdc.address}:${kdc.port}`];

  /** Our token accepted by MIT, our side completed with MIT's AP-REP. */
  async function establish(opts: Parameters<typeof initiateKerberos>[0], cb?: Buffer, user = 'alice'): Promise<{ peer: GssPeer; sec: KerberosMessageSecurity }> {
    const init = await initiateKerberos(opts);
    const peer = acceptorPeer();
    const acc = await peer.call({ op: 'accept', token: b64(init.token), cb: cb && b64(cb) });
    expect(acc.error).toBeUndefined();
    expect(acc).toMatchObject({ complete: true, initiator: `${user}@${kdc.realm}` });
    return { peer, sec: init.complete(unb64(acc.token)) };
  }

  async function exchangeMessages(peer: GssPeer, sec: KerberosMessageSecurity): Promise<void> {
    // WinRM form: signature || sealed is a standard RFC 4121 token that MIT's gss_unwrap opens.
    const signatures: Buffer[] = [];
    for (const text of ['<s:Envelope>first</s:Envelope>', 'x', 'second message, a little longer than one AES block']) {
      const { signature, sealed } = sec.wrap(Buffer.from(text));
      signatures.push(signature);
      expect(sealed.length).toBe(Buffer.byteLength(text));
      const r = await peer.call({ op: 'unwrap', data: b64(Buffer.concat([signature, sealed])) });
      expect(r.error).toBeUndefined();
      expect(unb64(r.data).toString()).toBe(text);
      expect(r.encrypted).toBe(true);
    }
    // MIT's IOV wrap (header, data, padding), as pyspnego's wrap_winrm calls it, opened by ours.
    const iov = await peer.call({ op: 'wrap_iov', data: b64(Buffer.from('reply from the acceptor')) });
    expect(iov.error).toBeUndefined();
    expect(unb64(iov.padding)).toHaveLength(0);
    // Same split as ours: a 60-byte header with EC 0 and RRC 28 (what Windows sends too), data as long as the text.
    const ours = signatures[0] as Buffer;
    expect(unb64(iov.header)).toHaveLength(ours.length);
    expect(unb64(iov.header).subarray(4, 8)).toEqual(ours.subarray(4, 8));
    expect(ours.subarray(4, 8).toString('hex')).toBe('0000001c');
    expect(unb64(iov.data)).toHaveLength('reply from the acceptor'.length);
    expect(sec.unwrap(unb64(iov.data), unb64(iov.header)).toString()).toBe('reply from the acceptor');
    // A plain gss_wrap token (RRC 0).
    const w = await peer.call({ op: 'wrap', data: b64(Buffer.from('standard token')) });
    expect(sec.unwrapToken(unb64(w.data)).toString()).toBe('standard token');
    // MICs both ways (SPNEGO's mechListMIC).
    const mic = sec.getMic(Buffer.from('mech list'));
    expect((await peer.call({ op: 'verify_mic', data: b64(Buffer.from('mech list')), mic: b64(mic) })).ok).toBe(true);
    const theirs = await peer.call({ op: 'get_mic', data: b64(Buffer.from('their list')) });
    sec.verifyMic(Buffer.from('their list'), unb64(theirs.mic));
    // Order and integrity: a replayed or altered message is refused.
    const again = await peer.call({ op: 'wrap', data: b64(Buffer.from('once')) });
    expect(sec.unwrapToken(unb64(again.data)).toString()).toBe('once');
    expect(() => sec.unwrapToken(unb64(again.data))).toThrow(/sequence number/);
    const next = await peer.call({ op: 'wrap', data: b64(Buffer.from('tampered')) });
    const t = unb64(next.data);
    t[t.length - 1] = (t[t.length - 1] as number) ^ 1;
    expect(() => sec.unwrapToken(t)).toThrow(/does not decrypt/);
  }

  it('gets a TGT and a service ticket with a password, and MIT accepts the AP-REQ; messages flow both ways', async () => {
    const { peer, sec } = await establish({ host: HOST, username: `alice@${kdc.realm.toLowerCase()}`, password: PASSWORD, kdc: kdcAddr() });
    await exchangeMessages(peer, sec);
    const log = await kdc.log();
    expect(log).toMatch(/AS_REQ .* NEEDED_PREAUTH: alice@WINBOOK.TEST/);
    expect(log).toMatch(/TGS_REQ .* ISSUE: .* alice@WINBOOK.TEST for HTTP\/web01.winbook.test@WINBOOK.TEST/);
  });

  it('uses the TGT of a kinit\'ed cache (KRB5CCNAME=FILE:), with the KDC from krb5.conf', async () => {
    const cc = await kdc.kinit('alice', PASSWORD);
    const { peer, sec } = await establish({ host: HOST, ccache: `FILE:${cc}`, krb5Conf: kdc.krb5Conf });
    await exchangeMessages(peer, sec);
  });

  it('uses a cached service ticket without asking the KDC', async () => {
    const cc = await kdc.kinit('alice', PASSWORD, { services: [SPN] });
    kdc.pause(true);
    try {
      const { peer, sec } = await establish({ host: HOST, ccache: cc, krb5Conf: kdc.krb5Conf, timeoutMs: 500 });
      const { signature, sealed } = sec.wrap(Buffer.from('hello'));
      expect(unb64((await peer.call({ op: 'unwrap', data: b64(Buffer.concat([signature, sealed])) })).data).toString()).toBe('hello');
    } finally {
      kdc.pause(false);
    }
  });

  describe('credential delegation (ansible_winrm_kerberos_delegation)', () => {
    async function secondHop(opts: Parameters<typeof initiateKerberos>[0]): Promise<Record<string, unknown>> {
      const init = await initiateKerberos({ ...opts, delegate: true });
      const peer = acceptorPeer();
      const acc = await peer.call({ op: 'accept', token: b64(init.token) });
      expect(acc.error).toBeUndefined();
      init.complete(unb64(acc.token));
      return peer.call({ op: 'delegated', spn: `HTTP/other.winbook.test@${kdc.realm}` });
    }

    it('forwards a TGT the service can use for a second hop (password path)', async () => {
      const asBefore = (await kdc.log()).match(/AS_REQ/g)?.length ?? 0;
      const hop = await secondHop({ host: HOST, username: `alice@${kdc.realm}`, password: PASSWORD, kdc: kdcAddr() });
      expect(hop).toMatchObject({ delegated: true, name: 'alice@WINBOOK.TEST' });
      // One logon: the pre-authentication round trip and the issue, not a second AS exchange for the forwarded TGT.
      expect(((await kdc.log()).match(/AS_REQ/g)?.length ?? 0) - asBefore).toBe(2);
      expect(unb64(hop.token).length).toBeGreaterThan(100);
      expect(await kdc.log()).toMatch(/TGS_REQ .* ISSUE: .* alice@WINBOOK.TEST for HTTP\/other.winbook.test@WINBOOK.TEST/);
    });

    it('forwards from a kinit -f cache, and says kinit -f when the cached TGT is not forwardable', async () => {
      const hop = await secondHop({ host: HOST, ccache: await kdc.kinit('alice', PASSWORD, { forwardable: true }), krb5Conf: kdc.krb5Conf });
      expect(hop).toMatchObject({ delegated: true });
      const plain = await kdc.kinit('alice', PASSWORD);
      await expect(initiateKerberos({ host: HOST, ccache: plain, krb5Conf: kdc.krb5Conf, delegate: true })).rejects.toMatchObject({
        code: 'KDC_ERR_BADOPTION',
        hint: expect.stringContaining('kinit -f'),
      });
    });

    it('delegates nothing unless asked', async () => {
      const init = await initiateKerberos({ host: HOST, username: `alice@${kdc.realm}`, password: PASSWORD, kdc: kdcAddr() });
      const peer = acceptorPeer();
      await peer.call({ op: 'accept', token: b64(init.token) });
      expect(await peer.call({ op: 'delegated', spn: 'x' })).toEqual({ delegated: false });
    });
  });

  it('binds the TLS channel: MIT accepts the same tls-server-end-point data and refuses another', async () => {
    const cb = Buffer.concat([Buffer.from('tls-server-end-point:'), Buffer.alloc(32, 7)]);
    await establish({ host: HOST, username: 'alice', password: PASSWORD, kdc: kdcAddr(), krb5Conf: kdc.krb5Conf, channelBindings: cb }, cb);
    const init = await initiateKerberos({ host: HOST, username: 'alice', realm: kdc.realm, password: PASSWORD, kdc: kdcAddr(), channelBindings: { applicationData: cb } });
    const other = Buffer.concat([Buffer.from('tls-server-end-point:'), Buffer.alloc(32, 8)]);
    const r = await acceptorPeer().call({ op: 'accept', token: b64(init.token), cb: b64(other) });
    expect(r.error).toMatch(/BadChannelBindings|channel binding/i);
  });

  it('speaks rc4-hmac when asked: an RC4-only account logs on (RC4 pre-authentication and AS-REP), MIT accepts its ticket', async () => {
    const { peer, sec } = await establish({ host: HOST, username: `legacy@${kdc.realm}`, password: PASSWORD, kdc: kdcAddr(), etypes: [18, 17, 23] }, undefined, 'legacy');
    // MIT gives the session an AES key, so messages are sealed as usual.
    const { signature, sealed } = sec.wrap(Buffer.from('over rc4 logon'));
    expect(unb64((await peer.call({ op: 'unwrap', data: b64(Buffer.concat([signature, sealed])) })).data).toString()).toBe('over rc4 logon');
    expect(await kdc.log()).toMatch(/AS_REQ \(3 etypes .* ISSUE: .*rep=DEPRECATED:arcfour-hmac\(23\).* legacy@WINBOOK.TEST for krbtgt/);
  });

  it('a service with only an RC4 key: MIT issues an RC4 ticket with an AES session key, which both acceptors take', async () => {
    const opts = { host: 'rc4only.winbook.test', username: `alice@${kdc.realm}`, password: PASSWORD, kdc: kdcAddr(), etypes: [18, 17, 23] };
    const ours = acceptKerberos((await initiateKerberos(opts)).token, { keytab: kdc.keytab('HTTP/rc4only.winbook.test') });
    expect(ours.client).toBe('alice@WINBOOK.TEST');
    const init = await initiateKerberos(opts);
    const p = startGssPeer({ ...kdc.env, KRB5_KTNAME: `FILE:${kdc.keytab('HTTP/rc4only.winbook.test')}` });
    peers.push(p);
    const acc = await p.call({ op: 'accept', token: b64(init.token) });
    expect(acc).toMatchObject({ complete: true });
    const { signature, sealed } = init.complete(unb64(acc.token)).wrap(Buffer.from('rc4 ticket, aes session'));
    expect(unb64((await p.call({ op: 'unwrap', data: b64(Buffer.concat([signature, sealed])) })).data).toString()).toBe('rc4 ticket, aes session');
    expect(await kdc.log()).toMatch(/tkt=DEPRECATED:arcfour-hmac\(23\), ses=aes256-cts-hmac-sha1-96\(18\)\}, alice@WINBOOK.TEST for HTTP\/rc4only/);
  });

  it('logs on an account without pre-authentication (salt from the AS-REP), and knows a wrong password there too', async () => {
    await establish({ host: HOST, username: `nopreauth@${kdc.realm}`, password: PASSWORD, kdc: kdcAddr() }, undefined, 'nopreauth');
    await expect(initiateKerberos({ host: HOST, username: `nopreauth@${kdc.realm}`, password: 'wrong', kdc: kdcAddr() })).rejects.toMatchObject({
      code: 'KDC_ERR_PREAUTH_FAILED',
      message: expect.stringMatching(/does not decrypt with the password: wrong password/),
    });
  });

  describe('errors', () => {
    const base = (): { host: string; kdc: string[]; username: string; password: string } => ({ host: HOST, kdc: kdcAddr(), username: `alice@${kdc.realm}`, password: PASSWORD });

    it('wrong password: KDC_ERR_PREAUTH_FAILED', async () => {
      await expect(initiateKerberos({ ...base(), password: 'wrong' })).rejects.toMatchObject({
        code: 'KDC_ERR_PREAUTH_FAILED',
        message: expect.stringMatching(/alice@WINBOOK.TEST: wrong password/),
        hint: expect.stringMatching(/ansible_password/),
      });
    });

    it('an RC4-only account without rc4 offered: KDC_ERR_ETYPE_NOSUPP with the AES hint', async () => {
      await expect(initiateKerberos({ ...base(), username: `legacy@${kdc.realm}` })).rejects.toMatchObject({
        code: 'KDC_ERR_ETYPE_NOSUPP',
        hint: expect.stringMatching(/AES/),
      });
    });

    it('unknown user: KDC_ERR_C_PRINCIPAL_UNKNOWN naming the user', async () => {
      await expect(initiateKerberos({ ...base(), username: `mallory@${kdc.realm}` })).rejects.toMatchObject({
        code: 'KDC_ERR_C_PRINCIPAL_UNKNOWN',
        message: expect.stringMatching(/does not know the user mallory@WINBOOK.TEST/),
      });
    });

    it('unknown SPN: KDC_ERR_S_PRINCIPAL_UNKNOWN naming the SPN, with setspn in the hint', async () => {
      await expect(initiateKerberos({ ...base(), host: 'nosuch.winbook.test' })).rejects.toMatchObject({
        code: 'KDC_ERR_S_PRINCIPAL_UNKNOWN',
        message: expect.stringMatching(/HTTP\/nosuch.winbook.test@WINBOOK.TEST/),
        hint: expect.stringMatching(/setspn/),
      });
    });

    it('clock skew at the KDC: KRB_AP_ERR_SKEW with the measured skew', async () => {
      const err = await initiateKerberos({ ...base(), now: () => new Date(Date.now() + 3600_000) }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'KRB_AP_ERR_SKEW', message: expect.stringMatching(/this machine is 3[56]\d\d s ahead of the server/) });
    });

    it('SPN in the wrong case of realm or a DOMAIN\\user name: told how to write the user', async () => {
      await expect(initiateKerberos({ ...base(), username: 'WINBOOK\\alice' })).rejects.toMatchObject({ code: 'KRB_CONFIG', hint: expect.stringMatching(/alice@WINBOOK/) });
    });

    it('KDC down: KRB_KDC_UNREACHABLE naming the address', async () => {
      const down = `${kdc.address}:1`;
      await expect(initiateKerberos({ ...base(), kdc: [down], timeoutMs: 1000 })).rejects.toMatchObject({
        code: 'KRB_KDC_UNREACHABLE',
        message: expect.stringContaining(`${kdc.address}:1/`),
      });
    });

    it('a KDC that does not answer: KRB_KDC_UNREACHABLE after the timeout, over UDP then TCP', async () => {
      kdc.pause(true);
      try {
        await expect(initiateKerberos({ ...base(), timeoutMs: 300 })).rejects.toMatchObject({
          code: 'KRB_KDC_UNREACHABLE',
          message: expect.stringMatching(/\/udp: no answer within 300 ms; .*\/tcp: no answer within 300 ms/),
        });
      } finally {
        kdc.pause(false);
      }
    });

    it('a realm with no KDC configured: KRB_CONFIG naming the realm and krb5.conf', async () => {
      await expect(initiateKerberos({ host: HOST, username: 'bob@ELSEWHERE.TEST', password: 'x', krb5Conf: kdc.krb5Conf })).rejects.toMatchObject({
        code: 'KRB_CONFIG',
        message: 'no KDC known for the realm ELSEWHERE.TEST',
      });
    });

    it('an acceptor that is another service refuses the ticket', async () => {
      const init = await initiateKerberos(base());
      const p = startGssPeer({ ...kdc.env, KRB5_KTNAME: `FILE:${kdc.keytab('HTTP/other.winbook.test')}` });
      peers.push(p);
      expect((await p.call({ op: 'accept', token: b64(init.token) })).error).toMatch(/not found|No key table entry|wrong principal/i);
    });
  });
});
