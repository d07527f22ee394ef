import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { NtlmClient } from '../../../../../src/transport/winrm/ntlm/client.ts';
import { NtlmServer } from '../../../../../src/transport/winrm/ntlm/server.ts';
import { SpnegoInitiator } from '../../../../../src/transport/winrm/spnego/initiator.ts';
import { SpnegoAcceptor } from '../../../../../src/transport/winrm/spnego/acceptor.ts';
import { NtlmAcceptorMech, NtlmInitiatorMech, type MechContext } from '../../../../../src/transport/winrm/spnego/mech.ts';
import { KRB5_OID, MS_KRB5_OID, NTLM_OID } from '../../../../../src/transport/winrm/spnego/oids.ts';
import {
  NegState, decodeSpnego, encodeMechTypes, encodeNegTokenInit, encodeNegTokenResp, looksLikeSpnego,
} from '../../../../../src/transport/winrm/spnego/tokens.ts';
import { decodeEncrypted, encodeEncrypted } from '../../../../../src/transport/winrm/http/encryption.ts';

const fixture = (name: string) => Buffer.from(readFileSync(new URL(`../../../../fixtures/spnego/${name}.b64`, import.meta.url), 'utf8'), 'base64');

function ntlmServer(): NtlmServer {
  return new NtlmServer({ computerName: 'CENTRAL01', domainName: 'CENTRAL01', lookupPassword: (u) => (u === 'admin' ? 'S3cret!' : undefined) });
}

function acceptor(): { spnego: SpnegoAcceptor; mechs: NtlmAcceptorMech[] } {
  const mechs: NtlmAcceptorMech[] = [];
  const spnego = new SpnegoAcceptor((mech) => {
    if (mech !== 'ntlm') return undefined;
    const m = new NtlmAcceptorMech(ntlmServer());
    mechs.push(m);
    return m;
  });
  return { spnego, mechs };
}

/** A Kerberos stand-in the acceptor cannot serve: SPNEGO must fall back to NTLM. */
function unusableKerberos(): MechContext {
  return {
    mech: 'kerberos', oid: MS_KRB5_OID, complete: false, needsMechListMic: false,
    step: () => Buffer.from('optimistic AP-REQ'),
    get security(): never { throw new Error('no context'); },
  };
}

describe('SPNEGO tokens (RFC 4178 4.2)', () => {
  it('reads a NegTokenInit captured from Windows: mechTypes and the optimistic Kerberos token', () => {
    const t = decodeSpnego(fixture('initial_context_token_neg_token_init'));
    expect(t.kind).toBe('init');
    if (t.kind !== 'init') return;
    expect(t.mechTypes).toEqual([KRB5_OID, NTLM_OID]);
    // The mechToken is a krb5 InitialContextToken: APPLICATION 0, then the Kerberos OID.
    expect(t.mechToken?.subarray(0, 1).toString('hex')).toBe('60');
    expect(t.mechToken?.toString('hex')).toContain('06092a864886f712010202');
    expect(looksLikeSpnego(fixture('initial_context_token_neg_token_init'))).toBe(true);
  });

  it('reads a NegTokenResp captured from Windows (accept-completed, Kerberos, AP-REP) and re-encodes it byte for byte', () => {
    const raw = fixture('neg_token_resp');
    const t = decodeSpnego(raw);
    expect(t).toMatchObject({ kind: 'resp', negState: NegState.ACCEPT_COMPLETED, supportedMech: KRB5_OID });
    if (t.kind !== 'resp') return;
    expect(encodeNegTokenResp(t).equals(raw)).toBe(true);
  });

  it("reads a server's NegTokenInit2 and ignores its negHints", () => {
    const t = decodeSpnego(fixture('initial_context_token_neg_token_init2'));
    expect(t.kind).toBe('init');
    if (t.kind === 'init') expect(t.mechTypes).toContain(NTLM_OID);
  });

  it('encodes the NTLM-only MechTypeList the mechListMIC covers as MS-SPNG and pyspnego do', () => {
    expect(encodeMechTypes([NTLM_OID]).toString('hex')).toBe('300c060a2b06010401823702020a');
  });

  it('round-trips NegTokenInit and tells SPNEGO from raw NTLMSSP', () => {
    const tok = encodeNegTokenInit({ mechTypes: [MS_KRB5_OID, KRB5_OID, NTLM_OID], mechToken: Buffer.from('x') });
    expect(decodeSpnego(tok)).toEqual({ kind: 'init', mechTypes: [MS_KRB5_OID, KRB5_OID, NTLM_OID], mechToken: Buffer.from('x') });
    expect(looksLikeSpnego(Buffer.from('NTLMSSP\0\x01\0\0\0', 'latin1'))).toBe(false);
  });

  it('refuses garbage with a typed error', () => {
    expect(() => decodeSpnego(Buffer.from('3003020100', 'hex'))).toThrow(/malformed SPNEGO token/);
    expect(() => decodeSpnego(Buffer.from('60ff', 'hex'))).toThrow(/malformed DER/);
  });
});

describe('SPNEGO initiator ↔ acceptor with NTLM', () => {
  function handshake(mechs: MechContext[]) {
    const init = new SpnegoInitiator(mechs);
    const { spnego, mechs: serverMechs } = acceptor();
    let token: Buffer | undefined = init.initial();
    let legs = 0;
    for (; token; legs++) {
      const r = spnego.step(token);
      token = init.step(r.reply);
      if (r.complete) expect(token).toBeUndefined();
    }
    return { init, spnego, serverMechs, legs };
  }

  it('authenticates, exchanges mechListMICs and seals messages: the first message uses sequence number 1', () => {
    const client = new NtlmClient({ username: 'admin', password: 'S3cret!' });
    const { init, spnego, legs } = handshake([new NtlmInitiatorMech(client)]);
    expect(legs).toBe(2);
    expect(init.complete).toBe(true);
    const up = encodeEncrypted(Buffer.from('<a/>'), init.security);
    const sigAt = up.body.indexOf('octet-stream\r\n') + 'octet-stream\r\n'.length + 4;
    expect(up.body.readUInt32LE(sigAt + 12)).toBe(1); // seq 0 went to the mechListMIC [MS-SPNG 3.3.5.1]
    expect(decodeEncrypted(up.body, up.contentType, spnego.security).toString()).toBe('<a/>');
    const down = encodeEncrypted(Buffer.from('<b/>'), spnego.security);
    expect(decodeEncrypted(down.body, down.contentType, init.security).toString()).toBe('<b/>');
  });

  it('falls back from an unusable Kerberos to NTLM, which the acceptor picks, with MICs protecting the choice', () => {
    const client = new NtlmClient({ username: 'admin', password: 'S3cret!' });
    const { init, spnego, serverMechs, legs } = handshake([unusableKerberos(), new NtlmInitiatorMech(client)]);
    expect(init.mech.mech).toBe('ntlm');
    expect(serverMechs[0]?.result?.username).toBe('admin');
    expect(legs).toBe(3);
    const up = encodeEncrypted(Buffer.from('hello'), init.security);
    expect(decodeEncrypted(up.body, up.contentType, spnego.security).toString()).toBe('hello');
  });

  it('rejects a wrong password at the acceptor', () => {
    const client = new NtlmClient({ username: 'admin', password: 'wrong' });
    expect(() => handshake([new NtlmInitiatorMech(client)])).toThrow(/wrong password/);
  });

  it('rejects a tampered mechanism list: the mechListMIC does not match', () => {
    const client = new NtlmClient({ username: 'admin', password: 'S3cret!' });
    const init = new SpnegoInitiator([new NtlmInitiatorMech(client)]);
    const { spnego } = acceptor();
    const first = decodeSpnego(init.initial());
    if (first.kind !== 'init') throw new Error('not init');
    // A man in the middle adds a mechanism the initiator never offered; the MIC covers the list the acceptor saw.
    const forged = encodeNegTokenInit({ mechTypes: [NTLM_OID, KRB5_OID], mechToken: first.mechToken });
    const r1 = spnego.step(forged);
    const auth = init.step(r1.reply);
    expect(auth).toBeDefined();
    expect(() => spnego.step(auth ?? Buffer.alloc(0))).toThrow(/mechListMIC does not match/);
  });

  it('answers reject when no offered mechanism is supported', () => {
    const { spnego } = acceptor();
    const r = spnego.step(encodeNegTokenInit({ mechTypes: [KRB5_OID], mechToken: Buffer.from('x') }));
    expect(decodeSpnego(r.reply)).toMatchObject({ kind: 'resp', negState: NegState.REJECT });
    expect(r.complete).toBe(false);
  });
});
