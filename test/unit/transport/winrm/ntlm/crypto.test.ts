import { describe, it, expect } from 'vitest';
import {
  computeResponseV2, encryptRandomSessionKey, kxkey, ntlmv2Temp, ntowfv1, ntowfv2, sealKey, sessionBaseKeyV2, signKey,
} from '../../../../../src/transport/winrm/ntlm/crypto.ts';
import { V } from './vectors.ts';

// MS-NLMP 4.2.4 (NTLMv2 authentication), values in reference 9.7.
describe('NTLMv2 crypto against MS-NLMP 4.2.4', () => {
  const response = computeResponseV2({
    responseKeyNT: ntowfv2(V.password, V.user, V.domain),
    serverChallenge: V.serverChallenge,
    clientChallenge: V.clientChallenge,
    time: V.time,
    serverName: V.avPairs,
  });

  it('computes NTOWFv1 and NTOWFv2', () => {
    expect(ntowfv1(V.password).toString('hex')).toBe(V.ntowfv1.toString('hex'));
    expect(ntowfv2(V.password, V.user, V.domain).toString('hex')).toBe(V.ntowfv2.toString('hex'));
  });

  it('upper-cases the user but keeps the domain as sent', () => {
    expect(ntowfv2(V.password, 'user', V.domain).equals(V.ntowfv2)).toBe(true);
    expect(ntowfv2(V.password, V.user, 'DOMAIN').equals(V.ntowfv2)).toBe(false);
  });

  it('builds the temp blob', () => {
    expect(ntlmv2Temp(V.time, V.clientChallenge, V.avPairs).toString('hex')).toBe(V.temp.toString('hex'));
  });

  it('computes NTProofStr, the NTv2 and LMv2 responses and SessionBaseKey', () => {
    expect(response.ntProofStr.toString('hex')).toBe(V.ntProofStr.toString('hex'));
    expect(response.ntChallengeResponse.toString('hex')).toBe(Buffer.concat([V.ntProofStr, V.temp]).toString('hex'));
    expect(response.lmChallengeResponse.toString('hex')).toBe(V.lmv2.toString('hex'));
    expect(response.sessionBaseKey.toString('hex')).toBe(V.sessionBaseKey.toString('hex'));
    expect(sessionBaseKeyV2(V.ntowfv2, V.ntProofStr).equals(V.sessionBaseKey)).toBe(true);
  });

  it('sends Z(24) as the LM response when asked (server sent MsvAvTimestamp)', () => {
    const r = computeResponseV2({
      responseKeyNT: V.ntowfv2, serverChallenge: V.serverChallenge, clientChallenge: V.clientChallenge,
      time: V.time, serverName: V.avPairs, zeroLm: true,
    });
    expect(r.lmChallengeResponse.equals(Buffer.alloc(24))).toBe(true);
  });

  it('encrypts the random session key with the key exchange key, and decrypts it back', () => {
    const enc = encryptRandomSessionKey(kxkey(V.sessionBaseKey), V.randomSessionKey);
    expect(enc.toString('hex')).toBe(V.encryptedSessionKey.toString('hex'));
    expect(encryptRandomSessionKey(V.sessionBaseKey, enc).equals(V.randomSessionKey)).toBe(true);
  });

  it('derives the seal and sign keys in both directions', () => {
    expect(sealKey(V.challengeFlags, V.randomSessionKey, 'client-to-server').toString('hex')).toBe(V.sealKeyC2S.toString('hex'));
    expect(signKey(V.randomSessionKey, 'client-to-server').toString('hex')).toBe(V.signKeyC2S.toString('hex'));
    expect(sealKey(V.challengeFlags, V.randomSessionKey, 'server-to-client').toString('hex')).toBe(V.sealKeyS2C.toString('hex'));
    expect(signKey(V.randomSessionKey, 'server-to-client').toString('hex')).toBe(V.signKeyS2C.toString('hex'));
  });
});
