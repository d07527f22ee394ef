/**
 * NTLM initiator (client role): NEGOTIATE, then AUTHENTICATE with an NTLMv2 response, MIC and a random exported
 * session key [MS-NLMP 3.1.5]. Only extended session security is implemented, which every Windows since Vista
 * negotiates.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { NtlmClientApi, NtlmCredentials, NtlmSecurityContext } from './types.ts';
import { NtlmError } from './errors.ts';
import {
  AV_FLAG_MIC_PROVIDED, AvId, MIC_OFFSET, NegotiateFlags as F, decodeChallenge, encodeAuthenticate, encodeAvPairs,
  encodeNegotiate, findAv, utf16, type AvPair,
} from './messages.ts';
import { computeMic, computeResponseV2, encryptRandomSessionKey, fileTimeNow, kxkey, ntowfv2 } from './crypto.ts';
import { NtlmSession } from './security.ts';
import type { ChannelBindings } from '../gss/types.ts';
import { channelBindingsHash } from '../gss/channel-bindings.ts';

/** The flags of reference 9.2 (0xE2888235), the same as MS-NLMP 4.2.4's AUTHENTICATE example. */
export const CLIENT_FLAGS =
  (F.UNICODE | F.REQUEST_TARGET | F.SIGN | F.SEAL | F.NTLM | F.ALWAYS_SIGN | F.EXTENDED_SESSIONSECURITY |
    F.TARGET_INFO | F.VERSION | F.N128 | F.KEY_EXCH | F.N56) >>> 0;

/** Bits the server may refuse; we drop those it did not echo in the CHALLENGE. */
const NEGOTIABLE = F.SIGN | F.SEAL | F.ALWAYS_SIGN | F.TARGET_INFO | F.VERSION | F.N128 | F.KEY_EXCH | F.N56;

export interface NtlmClientOptions {
  /** SPN put in MsvAvTargetName, e.g. `HTTP/host`. */
  targetName?: string;
  /** Injectable for tests: first call is the 8-byte client challenge, second the 16-byte session key. */
  randomBytes?: (n: number) => Buffer;
  /** FILETIME used when the CHALLENGE has no MsvAvTimestamp. */
  timestamp?: Buffer;
  /** HTTPS: the server certificate's tls-server-end-point binding, sent as MsvAvChannelBindings [MS-NLMP 2.2.2.1]. */
  channelBindings?: ChannelBindings;
}

/**
 * `DOMAIN\user` splits into domain and user. `user@domain` (a UPN) is sent whole as the user name with an empty
 * domain, as SSPI and pyspnego do; Windows resolves the UPN itself.
 */
export function parseUsername(username: string): { user: string; domain: string } {
  const slash = username.indexOf('\\');
  if (slash >= 0) return { domain: username.slice(0, slash), user: username.slice(slash + 1) };
  return { user: username, domain: '' };
}

/**
 * Copies the server's AV pairs, ORs MsvAvFlags with `flagBits`, adds MsvAvChannelBindings (MD5 of the
 * gss_channel_bindings_struct) and MsvAvTargetName [MS-NLMP 3.1.5.1.2].
 */
function clientAvPairs(server: readonly AvPair[], flagBits: number, targetName: string | undefined, cb: ChannelBindings | undefined): AvPair[] {
  const pairs = server.filter((p) => p.id !== AvId.EOL && p.id !== AvId.FLAGS && p.id !== AvId.TARGET_NAME && p.id !== AvId.CHANNEL_BINDINGS);
  const old = findAv(server, AvId.FLAGS);
  const avFlags = ((old && old.length >= 4 ? old.readUInt32LE(0) : 0) | flagBits) >>> 0;
  if (avFlags !== 0) {
    const v = Buffer.alloc(4);
    v.writeUInt32LE(avFlags);
    pairs.push({ id: AvId.FLAGS, value: v });
  }
  if (cb !== undefined) pairs.push({ id: AvId.CHANNEL_BINDINGS, value: channelBindingsHash(cb) });
  if (targetName !== undefined) pairs.push({ id: AvId.TARGET_NAME, value: utf16(targetName) });
  return pairs;
}

export class NtlmClient implements NtlmClientApi {
  private readonly user: string;
  private readonly domain: string;
  private readonly random: (n: number) => Buffer;
  private negotiateBytes?: Buffer;
  private session?: NtlmSession;

  constructor(
    private readonly creds: NtlmCredentials,
    private readonly opts: NtlmClientOptions = {},
  ) {
    ({ user: this.user, domain: this.domain } = parseUsername(creds.username));
    this.random = opts.randomBytes ?? nodeRandomBytes;
  }

  negotiate(): Buffer {
    this.negotiateBytes = encodeNegotiate({ flags: CLIENT_FLAGS });
    return this.negotiateBytes;
  }

  authenticate(challengeBytes: Buffer): Buffer {
    const negotiate = this.negotiateBytes ?? this.negotiate();
    const challenge = decodeChallenge(challengeBytes);
    if (!(challenge.flags & F.EXTENDED_SESSIONSECURITY)) {
      throw new NtlmError('NTLM_BAD_MESSAGE', 'the server did not agree to NTLM extended session security');
    }
    const flags = (CLIENT_FLAGS & ~(NEGOTIABLE & ~challenge.flags)) >>> 0;
    const serverTime = findAv(challenge.targetInfo, AvId.TIMESTAMP);
    // With a server timestamp the MIC is mandatory in practice (Windows always sends one) [MS-NLMP 3.1.5.1.2].
    const withMic = serverTime !== undefined;
    const pairs = clientAvPairs(challenge.targetInfo, withMic ? AV_FLAG_MIC_PROVIDED : 0, this.opts.targetName, this.opts.channelBindings);

    const clientChallenge = this.random(8);
    const response = computeResponseV2({
      responseKeyNT: ntowfv2(this.creds.password, this.user, this.domain),
      serverChallenge: challenge.serverChallenge,
      clientChallenge,
      time: serverTime ?? this.opts.timestamp ?? fileTimeNow(),
      serverName: encodeAvPairs(pairs),
      zeroLm: withMic,
    });
    const keyExchangeKey = kxkey(response.sessionBaseKey);
    const exportedSessionKey = flags & F.KEY_EXCH ? this.random(16) : keyExchangeKey;
    const message = {
      flags,
      lmChallengeResponse: response.lmChallengeResponse,
      ntChallengeResponse: response.ntChallengeResponse,
      domain: this.domain,
      user: this.user,
      workstation: this.creds.workstation ?? '',
      encryptedRandomSessionKey: flags & F.KEY_EXCH ? encryptRandomSessionKey(keyExchangeKey, exportedSessionKey) : Buffer.alloc(0),
      mic: withMic ? Buffer.alloc(16) : undefined,
    };
    const auth = encodeAuthenticate(message);
    if (withMic) computeMic(exportedSessionKey, negotiate, challengeBytes, auth).copy(auth, MIC_OFFSET);
    this.session = new NtlmSession('client', flags, exportedSessionKey);
    return auth;
  }

  get security(): NtlmSecurityContext {
    if (!this.session) throw new NtlmError('NTLM_BAD_MESSAGE', 'NTLM security context used before authenticate()');
    return this.session;
  }
}
