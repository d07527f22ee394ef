/**
 * The GSS krb5 context offline: our initiator against our acceptor with a ticket minted here under a known service
 * key (what a KDC would issue), to cover what needs no KDC — mutual authentication, refusals sent back as KRB-ERROR
 * tokens, expired tickets, and the RFC 4121 Wrap/MIC rules (sequence, direction, tampering). Interop with MIT is
 * in test/interop/kerberos-*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { AES128_CTS_HMAC_SHA1_96, AES256_CTS_HMAC_SHA1_96, KeyUsage } from '../../../src/transport/winrm/kerberos/crypto/index.ts';
import { encodeEncTicketPart } from '../../../src/transport/winrm/kerberos/ap-messages.ts';
import type { KerberosError } from '../../../src/transport/winrm/kerberos/index.ts';
import { acceptKerberos, buildApReq, krbErrorToken, KrbWrap } from '../../../src/transport/winrm/kerberos/index.ts';
import type { Credential } from '../../../src/transport/winrm/kerberos/kdc-client.ts';
import type { KeytabEntry } from '../../../src/transport/winrm/kerberos/keytab.ts';
import { encodeTicket, parseTicket } from '../../../src/transport/winrm/kerberos/types.ts';
import { unframe } from '../../../src/transport/winrm/kerberos/gss-token.ts';

const REALM = 'EXAMPLE.TEST';
const sname = { type: 2, parts: ['HTTP', 'web01.example.test'] };
const cname = { type: 1, parts: ['carol'] };
const serviceKey = AES256_CTS_HMAC_SHA1_96.randomKey();
const keytab: KeytabEntry[] = [{ principal: sname, realm: REALM, kvno: 4, key: { keytype: 18, value: serviceKey }, timestamp: new Date() }];

/** What a KDC's TGS exchange would hand the client: a ticket under the service key and its session key. */
function mint(opts: { sessionEtype?: 17 | 18; endtime?: Date } = {}): Credential {
  const et = opts.sessionEtype === 17 ? AES128_CTS_HMAC_SHA1_96 : AES256_CTS_HMAC_SHA1_96;
  const session = { keytype: et.etype, value: et.randomKey() };
  const now = new Date();
  const endtime = opts.endtime ?? new Date(now.getTime() + 3600_000);
  const enc = encodeEncTicketPart({ flags: [], key: session, crealm: REALM, cname, authtime: now, starttime: now, endtime });
  const raw = encodeTicket({ realm: REALM, sname, encPart: { etype: 18, kvno: 4, cipher: AES256_CTS_HMAC_SHA1_96.encrypt(serviceKey, KeyUsage.TICKET, enc) } });
  return { client: cname, clientRealm: REALM, server: sname, serverRealm: REALM, key: session, ticket: parseTicket(raw), authtime: now, endtime };
}

function establish(sessionEtype?: 17 | 18) {
  const init = buildApReq(mint({ sessionEtype }), {});
  const acc = acceptKerberos(init.token, { keytab });
  return { client: init.complete(acc.reply), server: acc.security, acc };
}

describe('GSS krb5 context (ours on both sides)', () => {
  it.each([18, 17] as const)('establishes with mutual authentication and seals both ways (session etype %i)', (etype) => {
    const { client, server, acc } = establish(etype);
    expect(acc).toMatchObject({ client: 'carol@EXAMPLE.TEST', service: 'HTTP/web01.example.test@EXAMPLE.TEST', boundChannel: 'zeros', flags: 0x3a });
    for (let i = 0; i < 3; i++) {
      const m = client.wrap(Buffer.from(`request ${i}`));
      expect(m.signature).toHaveLength(60);
      expect(server.unwrap(m.sealed, m.signature).toString()).toBe(`request ${i}`);
      const r = server.wrap(Buffer.from(`response ${i}`));
      expect(client.unwrap(r.sealed, r.signature).toString()).toBe(`response ${i}`);
    }
    expect(server.unwrapToken(client.wrapToken(Buffer.from('integrity only'), false)).toString()).toBe('integrity only');
    server.verify(Buffer.from('mic'), client.sign(Buffer.from('mic')));
    client.verify(Buffer.from('mic'), server.sign(Buffer.from('mic')));
  });

  it('refuses a replayed, reordered, reflected or altered message', () => {
    const { client, server } = establish();
    const a = client.wrap(Buffer.from('a'));
    const b = client.wrap(Buffer.from('b'));
    expect(() => server.unwrap(b.sealed, b.signature)).toThrow(/sequence number \d+, expected \d+/);
    expect(server.unwrap(a.sealed, a.signature).toString()).toBe('a');
    expect(() => server.unwrap(a.sealed, a.signature)).toThrow(/sequence number/);
    const c = client.wrap(Buffer.from('c'));
    expect(() => client.unwrap(c.sealed, c.signature)).toThrow(/reflected/);
    const sealed = Buffer.from(b.sealed);
    sealed[0] = (sealed[0] as number) ^ 0x80;
    expect(() => server.unwrap(sealed, b.signature)).toThrow(expect.objectContaining({ code: 'KRB_BAD_INTEGRITY' }));
    expect(() => server.verify(Buffer.from('x'), client.sign(Buffer.from('y')))).toThrow(/MIC does not verify|sequence/);
  });

  it('the initiator refuses an AP-REP that does not decrypt, and a missing one', () => {
    const init = buildApReq(mint(), {});
    const acc = acceptKerberos(init.token, { keytab });
    const other = acceptKerberos(buildApReq(mint(), {}).token, { keytab });
    expect(() => init.complete(other.reply)).toThrow(expect.objectContaining({ code: 'KRB_AP_ERR_MUT_FAIL' }));
    expect(() => init.complete(undefined)).toThrow(expect.objectContaining({ code: 'KRB_AP_ERR_MUT_FAIL' }));
    expect(() => init.complete(acc.reply)).not.toThrow();
  });

  it('a refusal travels back as a KRB-ERROR token and surfaces with its name', () => {
    const init = buildApReq(mint(), {});
    let refusal: KerberosError | undefined;
    try {
      acceptKerberos(init.token, { keytab, now: new Date(Date.now() - 20 * 60_000) });
    } catch (e) {
      refusal = e as KerberosError;
    }
    expect(refusal).toMatchObject({ code: 'KRB_AP_ERR_SKEW', message: expect.stringMatching(/client's clock is 1[12]\d\d s ahead/) });
    const token = krbErrorToken(refusal as KerberosError, { realm: REALM, service: sname });
    expect(unframe(token).tokId).toBe(0x0300);
    expect(() => init.complete(token)).toThrow(expect.objectContaining({ code: 'KRB_AP_ERR_SKEW', krbCode: 37, hint: expect.stringMatching(/NTP|w32tm/) }));
  });

  it('refuses an expired ticket and reports channel bindings against what the acceptor expects', () => {
    const old = mint({ endtime: new Date(Date.now() - 3600_000) });
    expect(() => acceptKerberos(buildApReq(old, {}).token, { keytab })).toThrow(expect.objectContaining({ code: 'KRB_AP_ERR_TKT_EXPIRED' }));
    const cb = Buffer.from('tls-server-end-point:abc');
    expect(acceptKerberos(buildApReq(mint(), { channelBindings: cb }).token, { keytab, channelBindings: cb }).boundChannel).toBe('match');
    expect(acceptKerberos(buildApReq(mint(), { channelBindings: cb }).token, { keytab, channelBindings: Buffer.from('x') }).boundChannel).toBe('mismatch');
  });

  it('an rc4-hmac context authenticates but refuses to seal, saying how to get AES', () => {
    const w = new KrbWrap({ key: { keytype: 23, value: Buffer.alloc(16, 1) }, initiator: true, acceptorSubkey: false, sendSeq: 0, recvSeq: 0 });
    expect(() => w.wrap(Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'KRB_ETYPE_UNSUPPORTED', hint: expect.stringMatching(/AES.*https/) }));
    expect(() => w.sign(Buffer.from('x'))).toThrow(/rc4-hmac/);
  });

  it('refuses a token that is not Kerberos', () => {
    expect(() => acceptKerberos(Buffer.from('4e544c4d5353500001000000', 'hex'), { keytab })).toThrow(expect.objectContaining({ code: 'KRB_BAD_MESSAGE' }));
  });
});
