/**
 * NTLM acceptor (server role) for the simulator [MS-NLMP 3.2.5; reference 9.8]. One instance per TCP connection:
 * challenge() remembers the NEGOTIATE and CHALLENGE bytes that accept() needs for the MIC.
 */
import { randomBytes as nodeRandomBytes, timingSafeEqual } from 'node:crypto';
import type { NtlmAcceptResult, NtlmServerApi, NtlmServerOptions } from './types.ts';
import { NtlmError } from './errors.ts';
import {
  AV_FLAG_MIC_PROVIDED, AvId, MIC_OFFSET, NegotiateFlags as F, decodeAuthenticate, decodeAvPairs, decodeNegotiate,
  encodeChallenge, findAv, utf16, type AvPair,
} from './messages.ts';
import { computeMic, encryptRandomSessionKey, fileTimeNow, hmacMd5, kxkey, ntowfv2, sessionBaseKeyV2 } from './crypto.ts';
import { NtlmSession } from './security.ts';
import { channelBindingsHash } from '../gss/channel-bindings.ts';

/** Client bits the server echoes; the rest it decides itself. LM_KEY is dropped because ESS wins [MS-NLMP 2.2.2.5]. */
const ECHOED = F.REQUEST_TARGET | F.SIGN | F.SEAL | F.ALWAYS_SIGN | F.VERSION | F.N128 | F.KEY_EXCH | F.N56;

export type NtlmServerConfig = NtlmServerOptions & {
  randomBytes?: (n: number) => Buffer;
  /** FILETIME source for MsvAvTimestamp (tests). */
  now?: () => Buffer;
};

// ProofStr (16) + fixed blob header (28) + MsvAvEOL (4) + trailing Z(4): anything shorter is not NTLMv2.
const MIN_NTLMV2_RESPONSE = 16 + 28 + 8;

function logonFailed(why: string): NtlmError {
  return new NtlmError('NTLM_LOGON_FAILED', `NTLM logon failed: ${why}`);
}

export class NtlmServer implements NtlmServerApi {
  private pending?: { negotiate: Buffer; challenge: Buffer; serverChallenge: Buffer };

  constructor(private readonly opts: NtlmServerConfig) {}

  /** AV pairs in the order a Windows host sends them: 2, 1, 4, 3, 5, 7, 0 (reference 9.1). */
  private targetInfo(): AvPair[] {
    const { computerName, domainName } = this.opts;
    const workgroup = computerName.toUpperCase() === domainName.toUpperCase();
    const dnsDomain = domainName.toLowerCase();
    const dnsComputer = workgroup ? computerName.toLowerCase() : `${computerName.toLowerCase()}.${dnsDomain}`;
    return [
      { id: AvId.NB_DOMAIN_NAME, value: utf16(domainName) },
      { id: AvId.NB_COMPUTER_NAME, value: utf16(computerName) },
      { id: AvId.DNS_DOMAIN_NAME, value: utf16(dnsDomain) },
      { id: AvId.DNS_COMPUTER_NAME, value: utf16(dnsComputer) },
      { id: AvId.DNS_TREE_NAME, value: utf16(dnsDomain) },
      { id: AvId.TIMESTAMP, value: (this.opts.now ?? fileTimeNow)() },
    ];
  }

  challenge(negotiate: Buffer): Buffer {
    const client = decodeNegotiate(negotiate);
    const workgroup = this.opts.computerName.toUpperCase() === this.opts.domainName.toUpperCase();
    const flags =
      ((client.flags & ECHOED) |
        (client.flags & F.UNICODE ? F.UNICODE : F.OEM) |
        F.NTLM | F.EXTENDED_SESSIONSECURITY | F.TARGET_INFO |
        (workgroup ? F.TARGET_TYPE_SERVER : F.TARGET_TYPE_DOMAIN)) >>> 0;
    const serverChallenge = (this.opts.randomBytes ?? nodeRandomBytes)(8);
    const challenge = encodeChallenge({
      flags,
      targetName: workgroup ? this.opts.computerName : this.opts.domainName,
      serverChallenge,
      targetInfo: this.targetInfo(),
    });
    this.pending = { negotiate: Buffer.from(negotiate), challenge, serverChallenge };
    return challenge;
  }

  accept(authenticate: Buffer): NtlmAcceptResult {
    const pending = this.pending;
    if (!pending) throw new NtlmError('NTLM_BAD_MESSAGE', 'AUTHENTICATE_MESSAGE received before any CHALLENGE_MESSAGE');
    this.pending = undefined; // one CHALLENGE answers at most one AUTHENTICATE
    const msg = decodeAuthenticate(authenticate);
    if (msg.ntChallengeResponse.length < MIN_NTLMV2_RESPONSE) throw logonFailed('only NTLMv2 responses are accepted');

    const password = this.opts.lookupPassword(msg.user, msg.domain);
    if (password === undefined) throw logonFailed(`unknown user ${msg.domain ? `${msg.domain}\\` : ''}${msg.user}`);
    const responseKeyNT = ntowfv2(password, msg.user, msg.domain);
    const ntProofStr = msg.ntChallengeResponse.subarray(0, 16);
    const temp = msg.ntChallengeResponse.subarray(16);
    if (!timingSafeEqual(hmacMd5(responseKeyNT, pending.serverChallenge, temp), ntProofStr)) {
      throw logonFailed('wrong password');
    }

    const keyExchangeKey = kxkey(sessionBaseKeyV2(responseKeyNT, ntProofStr));
    const keyExch = (msg.flags & F.KEY_EXCH) !== 0;
    if (keyExch && msg.encryptedRandomSessionKey.length !== 16) throw logonFailed('bad EncryptedRandomSessionKey');
    const exportedSessionKey = keyExch ? encryptRandomSessionKey(keyExchangeKey, msg.encryptedRandomSessionKey) : keyExchangeKey;

    // The client's AV pairs start after the blob's 28-byte fixed header [MS-NLMP 2.2.2.7].
    const clientPairs = decodeAvPairs(temp.subarray(28));
    this.checkChannelBindings(findAv(clientPairs, AvId.CHANNEL_BINDINGS));
    const avFlags = findAv(clientPairs, AvId.FLAGS);
    if (avFlags && avFlags.length >= 4 && avFlags.readUInt32LE(0) & AV_FLAG_MIC_PROVIDED) {
      if (!msg.mic) throw logonFailed('MsvAvFlags announces a MIC but the message has none');
      const zeroed = Buffer.from(authenticate);
      zeroed.fill(0, MIC_OFFSET, MIC_OFFSET + 16);
      const mic = computeMic(exportedSessionKey, pending.negotiate, pending.challenge, zeroed);
      if (!timingSafeEqual(mic, msg.mic)) throw logonFailed('MIC mismatch: the handshake was tampered with');
    }
    return { username: msg.user, domain: msg.domain, security: new NtlmSession('server', msg.flags, exportedSessionKey) };
  }

  /**
   * Extended Protection for Authentication as HTTP.sys applies it (WinRM's CbtHardeningLevel): the MD5 is checked
   * when present and not all zeros; Strict also refuses a client that sent none. The value is covered by NTProofStr,
   * so it cannot be stripped or swapped without the password.
   */
  private checkChannelBindings(sent: Buffer | undefined): void {
    const cbt = this.opts.channelBindings;
    if (!cbt || cbt.level === 'none') return;
    const absent = sent === undefined || sent.every((b) => b === 0);
    if (absent) {
      if (cbt.level === 'strict') throw logonFailed('the client sent no channel binding and CbtHardeningLevel is Strict');
      return;
    }
    if (sent.length !== 16 || !timingSafeEqual(sent, channelBindingsHash(cbt.expected))) {
      throw logonFailed('the channel binding does not match this TLS connection (another certificate: a proxy or relay in between)');
    }
  }
}
