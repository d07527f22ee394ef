import { describe, it, expect } from 'vitest';
import { NtlmClient, parseUsername, CLIENT_FLAGS } from '../../../../../src/transport/winrm/ntlm/client.ts';
import { AvId, DEFAULT_VERSION, decodeAuthenticate, decodeAvPairs, findAv } from '../../../../../src/transport/winrm/ntlm/messages.ts';
import { NtlmServer } from '../../../../../src/transport/winrm/ntlm/server.ts';
import { V } from './vectors.ts';

/** randomBytes stub handing out the spec's client challenge, then its random session key. */
function specRandom(): (n: number) => Buffer {
  const queue = [V.clientChallenge, V.randomSessionKey];
  return (n) => {
    const next = queue.shift();
    if (!next || next.length !== n) throw new Error(`unexpected randomBytes(${n})`);
    return next;
  };
}

describe('NtlmClient', () => {
  it('uses the flags 0xE2888235', () => {
    expect(CLIENT_FLAGS).toBe(0xe2888235);
    const client = new NtlmClient({ username: 'u', password: 'p' });
    expect(client.negotiate().readUInt32LE(12)).toBe(0xe2888235);
  });

  it('parses DOMAIN\\user, and sends a UPN whole with an empty domain', () => {
    expect(parseUsername('CORP\\svc_qlik')).toEqual({ domain: 'CORP', user: 'svc_qlik' });
    expect(parseUsername('svc_qlik@corp.example')).toEqual({ domain: '', user: 'svc_qlik@corp.example' });
    expect(parseUsername('Administrator')).toEqual({ domain: '', user: 'Administrator' });
  });

  it("answers the spec's CHALLENGE with the spec's AUTHENTICATE (our Version aside)", () => {
    const client = new NtlmClient(
      { username: 'Domain\\User', password: 'Password', workstation: 'COMPUTER' },
      { randomBytes: specRandom(), timestamp: V.time },
    );
    client.negotiate();
    const auth = client.authenticate(V.challengeMessage);
    const expected = Buffer.from(V.authenticateMessage);
    DEFAULT_VERSION.copy(expected, 64);
    expect(auth.toString('hex')).toBe(expected.toString('hex'));
    // And the resulting security context seals as MS-NLMP 4.2.4.4 does.
    const m = client.security.wrap(V.plaintext);
    expect(m.sealed.equals(V.client1.sealed)).toBe(true);
    expect(m.signature.equals(V.client1.signature)).toBe(true);
  });

  it('with a server Timestamp: zero LM response, MsvAvFlags MIC bit, MsvAvTargetName and a MIC', () => {
    const server = new NtlmServer({ computerName: 'CENTRAL01', domainName: 'CENTRAL01', lookupPassword: () => 'pw' });
    const client = new NtlmClient({ username: 'admin', password: 'pw' }, { targetName: 'HTTP/central01' });
    const auth = decodeAuthenticate(client.authenticate(server.challenge(client.negotiate())));
    expect(auth.lmChallengeResponse.equals(Buffer.alloc(24))).toBe(true);
    expect(auth.mic).toHaveLength(16);
    expect(auth.mic?.equals(Buffer.alloc(16))).toBe(false);
    const pairs = decodeAvPairs(auth.ntChallengeResponse.subarray(16 + 28));
    expect(findAv(pairs, AvId.FLAGS)?.readUInt32LE(0)).toBe(2);
    expect(findAv(pairs, AvId.TARGET_NAME)?.toString('utf16le')).toBe('HTTP/central01');
    expect(findAv(pairs, AvId.TIMESTAMP)).toHaveLength(8);
  });

  it('refuses to use the security context before authenticating', () => {
    expect(() => new NtlmClient({ username: 'u', password: 'p' }).security).toThrow(/before authenticate/);
  });
});
