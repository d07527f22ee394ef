import { describe, it, expect } from 'vitest';
import { NtlmClient } from '../../../../../src/transport/winrm/ntlm/client.ts';
import { NtlmServer } from '../../../../../src/transport/winrm/ntlm/server.ts';
import { AvId, decodeAuthenticate, decodeAvPairs, findAv } from '../../../../../src/transport/winrm/ntlm/messages.ts';
import { channelBindingsHash } from '../../../../../src/transport/winrm/gss/channel-bindings.ts';
import type { ChannelBindings } from '../../../../../src/transport/winrm/gss/types.ts';

const CERT_A: ChannelBindings = { applicationData: Buffer.concat([Buffer.from('tls-server-end-point:'), Buffer.alloc(32, 0xaa)]) };
const CERT_B: ChannelBindings = { applicationData: Buffer.concat([Buffer.from('tls-server-end-point:'), Buffer.alloc(32, 0xbb)]) };

function logon(level: 'none' | 'relaxed' | 'strict', sent: ChannelBindings | undefined) {
  const server = new NtlmServer({
    computerName: 'CENTRAL01', domainName: 'CENTRAL01', lookupPassword: () => 'S3cret!',
    channelBindings: { expected: CERT_A, level },
  });
  const client = new NtlmClient({ username: 'admin', password: 'S3cret!' }, { channelBindings: sent });
  const auth = client.authenticate(server.challenge(client.negotiate()));
  return { auth, accept: () => server.accept(auth) };
}

describe('NTLM channel binding (MS-NLMP 2.2.2.1 MsvAvChannelBindings) and CbtHardeningLevel', () => {
  it('puts MD5(gss_channel_bindings_struct) in the AUTHENTICATE AV pairs, under NTProofStr', () => {
    const { auth } = logon('strict', CERT_A);
    const nt = decodeAuthenticate(auth).ntChallengeResponse;
    const value = findAv(decodeAvPairs(nt.subarray(16 + 28)), AvId.CHANNEL_BINDINGS);
    expect(value?.equals(channelBindingsHash(CERT_A))).toBe(true);
  });

  it.each([
    ['strict', CERT_A, 'ok'], ['strict', undefined, /no channel binding and CbtHardeningLevel is Strict/], ['strict', CERT_B, /does not match this TLS connection/],
    ['relaxed', CERT_A, 'ok'], ['relaxed', undefined, 'ok'], ['relaxed', CERT_B, /does not match/],
    ['none', CERT_B, 'ok'], ['none', undefined, 'ok'],
  ] as const)('at %s, a client bound to %o: %s', (level, sent, outcome) => {
    const { accept } = logon(level, sent === undefined ? undefined : sent);
    if (outcome === 'ok') expect(accept().username).toBe('admin');
    else expect(accept).toThrow(outcome);
  });
});
