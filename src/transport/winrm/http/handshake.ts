/**
 * The token legs of one HTTP authentication, whatever the mechanism: the first token, the answer to each 401
 * challenge, and the check of the token the 200 carries (SPNEGO's accept-completed and mechListMIC, Kerberos'
 * AP-REP: mutual authentication). connection.ts drives it; NTLM, SPNEGO and Kerberos plug in here.
 */
import type { EncryptionProtocol } from './encryption.ts';
import { SPNEGO_ENCRYPTED } from './encryption.ts';
import type { MessageSecurity } from '../gss/types.ts';
import { GssError } from '../gss/errors.ts';
import type { NtlmClient } from '../ntlm/client.ts';
import { SpnegoInitiator } from '../spnego/initiator.ts';
import type { MechContext } from '../spnego/mech.ts';

export interface Handshake {
  /** The `Authorization` scheme: `Negotiate`, or `Kerberos` for the raw Kerberos scheme. */
  readonly scheme: 'Negotiate' | 'Kerberos';
  /** True when the host must answer the first token with a challenge (NTLM); Kerberos may finish at once. */
  readonly multiLeg: boolean;
  /** The multipart/encrypted protocol the session then seals with. */
  readonly protocol: EncryptionProtocol;
  first(): Promise<Buffer> | Buffer;
  /** The next token for a 401 that carried `challenge`; throws when the mechanism cannot go on. */
  next(challenge: Buffer): Buffer;
  /** Called with the 200's token (if any); throws when the host did not prove itself. */
  finish(reply: Buffer | undefined): void;
  /** Available after finish(). */
  readonly security: MessageSecurity;
  /** What a bare 401 (no token) to our token means for this mechanism, when more can be said than "rejected". */
  readonly refused?: string;
}

/** Raw NTLMSSP inside `Negotiate`, as pywinrm, Ruby and Go send it (reference §7.1). */
export function ntlmHandshake(client: NtlmClient): Handshake {
  let done = false;
  return {
    scheme: 'Negotiate',
    multiLeg: true,
    protocol: SPNEGO_ENCRYPTED,
    first: () => client.negotiate(),
    next: (challenge) => {
      if (done) throw new GssError('GSS_BAD_TOKEN', 'NTLM: the host challenged again after AUTHENTICATE');
      done = true;
      return client.authenticate(challenge);
    },
    finish: () => {
      if (!done) throw new GssError('GSS_BAD_TOKEN', 'the host did not answer with a Negotiate challenge');
    },
    get security() {
      return client.security;
    },
  };
}

/** SPNEGO over the given mechanisms in order of preference (RFC 4178): the host picks, MICs protect the pick. */
export function spnegoHandshake(mechs: MechContext[]): Handshake {
  const init = new SpnegoInitiator(mechs);
  return {
    scheme: 'Negotiate',
    multiLeg: mechs[0]?.mech === 'ntlm',
    refused: mechs[0]?.mech === 'kerberos'
      ? 'the host refused the Kerberos logon without a reason (HTTP 401): the account may not be allowed (Administrators or Remote Management Users), or the channel binding did not match (CbtHardeningLevel)'
      : undefined,
    protocol: SPNEGO_ENCRYPTED,
    first: () => init.initial(),
    next: (challenge) => {
      const out = init.step(challenge);
      if (!out) throw new GssError('GSS_BAD_TOKEN', 'SPNEGO: the host asked for another leg but the negotiation had nothing more to send');
      return out;
    },
    finish: (reply) => {
      if (reply && !init.complete) {
        const extra = init.step(reply);
        if (extra) throw new GssError('GSS_BAD_TOKEN', 'SPNEGO: the host accepted before the negotiation finished');
      }
      if (!init.complete) {
        throw new GssError('GSS_BAD_SIGNATURE', `SPNEGO: the host accepted the logon without completing ${init.mech.mech} (no final token${init.mech.mech === 'kerberos' ? ': mutual authentication failed' : ''})`);
      }
    },
    get security() {
      return init.security;
    },
  };
}
