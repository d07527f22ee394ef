import { describe, it, expect } from 'vitest';
import {
  AvId, decodeAuthenticate, decodeAvPairs, decodeChallenge, decodeNegotiate, encodeAuthenticate, encodeAvPairs,
  encodeChallenge, encodeNegotiate,
} from '../../../../../src/transport/winrm/ntlm/messages.ts';
import { NtlmError } from '../../../../../src/transport/winrm/ntlm/errors.ts';
import { V, hex } from './vectors.ts';

describe('NTLM messages', () => {
  it('decodes the MS-NLMP 4.2.4 CHALLENGE_MESSAGE and encodes it back byte for byte', () => {
    expect(V.challengeMessage).toHaveLength(104);
    const c = decodeChallenge(V.challengeMessage);
    expect(c.flags).toBe(V.challengeFlags);
    expect(c.targetName).toBe('Server');
    expect(c.serverChallenge.equals(V.serverChallenge)).toBe(true);
    expect(c.targetInfo.map((p) => p.id)).toEqual([AvId.NB_DOMAIN_NAME, AvId.NB_COMPUTER_NAME]);
    expect(encodeChallenge(c).toString('hex')).toBe(V.challengeMessage.toString('hex'));
  });

  it('decodes the MS-NLMP 4.2.4 AUTHENTICATE_MESSAGE (no MIC) and encodes it back byte for byte', () => {
    expect(V.authenticateMessage).toHaveLength(232);
    const a = decodeAuthenticate(V.authenticateMessage);
    expect(a.flags).toBe(0xe2888235);
    expect([a.domain, a.user, a.workstation]).toEqual(['Domain', 'User', 'COMPUTER']);
    expect(a.lmChallengeResponse.equals(V.lmv2)).toBe(true);
    expect(a.ntChallengeResponse.subarray(0, 16).equals(V.ntProofStr)).toBe(true);
    expect(a.encryptedRandomSessionKey.equals(V.encryptedSessionKey)).toBe(true);
    expect(a.mic).toBeUndefined();
    expect(encodeAuthenticate(a).toString('hex')).toBe(V.authenticateMessage.toString('hex'));
  });

  it('places a MIC at offset 72 and the payload at 88', () => {
    const a = { ...decodeAuthenticate(V.authenticateMessage), mic: Buffer.alloc(16, 0x11) };
    const bytes = encodeAuthenticate(a);
    expect(bytes.readUInt32LE(32)).toBe(88); // DomainName offset
    expect(decodeAuthenticate(bytes).mic?.equals(a.mic)).toBe(true);
  });

  it('encodes NEGOTIATE with flags and Version', () => {
    const n = encodeNegotiate({ flags: 0xe2888235 });
    expect(n.subarray(0, 16).toString('hex')).toBe('4e544c4d5353500001000000358288e2');
    expect(n.readUInt32LE(20)).toBe(40);
    expect(decodeNegotiate(n).flags).toBe(0xe2888235);
  });

  it('round-trips AV pairs and rejects a list without EOL', () => {
    expect(encodeAvPairs(decodeAvPairs(V.avPairs)).equals(V.avPairs)).toBe(true);
    expect(() => decodeAvPairs(hex('02000c0044006f00'))).toThrow(NtlmError);
  });

  it('rejects bytes that are not NTLMSSP', () => {
    expect(() => decodeChallenge(Buffer.from('hello world, this is not ntlm at all!!!!!!!!!!!!!!!'))).toThrow(NtlmError);
  });
});
