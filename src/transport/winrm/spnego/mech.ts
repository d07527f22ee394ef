/**
 * One GSS mechanism as SPNEGO drives it: a context that takes the peer's token and may answer one, until complete.
 * NTLM's adapters are here; Kerberos' come from the kerberos/ module through the same shape.
 */
import type { MessageSecurity, MicSecurity } from '../gss/types.ts';
import type { NtlmClient } from '../ntlm/client.ts';
import type { NtlmServer } from '../ntlm/server.ts';
import type { NtlmAcceptResult } from '../ntlm/types.ts';
import { GssError } from '../gss/errors.ts';
import { NTLM_OID, type Mech } from './oids.ts';

export interface MechContext {
  readonly mech: Mech;
  /** The OID this side names the mechanism by (Kerberos has two; the acceptor echoes the initiator's). */
  readonly oid: string;
  /** Consume the peer's token (none for an initiator's first leg) and return ours, if any. Throws on failure. */
  step(input: Buffer | undefined): Buffer | undefined;
  readonly complete: boolean;
  /** Available once complete. */
  readonly security: MessageSecurity | MicSecurity;
  /**
   * True when SPNEGO must exchange mechListMICs whatever the mechanism choice: NTLM with a MIC in its AUTHENTICATE
   * [MS-SPNG 3.1.5.1, 3.2.5.1].
   */
  readonly needsMechListMic: boolean;
}

export function canSign(sec: MessageSecurity | MicSecurity): sec is MicSecurity {
  return typeof (sec as Partial<MicSecurity>).sign === 'function' && typeof (sec as Partial<MicSecurity>).verify === 'function';
}

/** NTLM initiator legs: NEGOTIATE, then AUTHENTICATE answering the CHALLENGE. */
export class NtlmInitiatorMech implements MechContext {
  readonly mech = 'ntlm';
  readonly oid = NTLM_OID;
  private legs = 0;

  constructor(private readonly client: NtlmClient) {}

  step(input: Buffer | undefined): Buffer | undefined {
    if (this.legs === 0) {
      this.legs = 1;
      return this.client.negotiate();
    }
    if (this.legs !== 1 || !input) throw new GssError('GSS_BAD_TOKEN', 'NTLM inside SPNEGO: unexpected token after authentication');
    this.legs = 2;
    return this.client.authenticate(input);
  }

  get complete(): boolean {
    return this.legs === 2;
  }

  get security(): MicSecurity {
    return this.client.security;
  }

  /** Our AUTHENTICATE always carries a MIC when the server sent a timestamp, which every Windows does. */
  get needsMechListMic(): boolean {
    return this.complete;
  }
}

/** NTLM acceptor legs: CHALLENGE for the NEGOTIATE, then verify the AUTHENTICATE. */
export class NtlmAcceptorMech implements MechContext {
  readonly mech = 'ntlm';
  readonly oid = NTLM_OID;
  result?: NtlmAcceptResult;
  private challenged = false;

  constructor(private readonly server: NtlmServer) {}

  step(input: Buffer | undefined): Buffer | undefined {
    if (!input) throw new GssError('GSS_BAD_TOKEN', 'NTLM inside SPNEGO: the initiator sent no token');
    if (!this.challenged) {
      this.challenged = true;
      return this.server.challenge(input);
    }
    this.result = this.server.accept(input);
    return undefined;
  }

  get complete(): boolean {
    return this.result !== undefined;
  }

  get security(): MicSecurity {
    if (!this.result) throw new GssError('GSS_BAD_TOKEN', 'NTLM security context used before authentication');
    return this.result.security;
  }

  get needsMechListMic(): boolean {
    return this.complete;
  }
}
