/**
 * SPNEGO initiator [RFC 4178 3.2, MS-SPNG 3.3.5]: offers its mechanisms in order of preference with an optimistic
 * token for the first, follows the acceptor's choice, and exchanges mechListMICs when the choice was not our first
 * or the mechanism demands it (NTLM with a MIC), re-keying NTLM's sealing afterwards.
 */
import { GssError } from '../gss/errors.ts';
import type { MessageSecurity } from '../gss/types.ts';
import { canSign, type MechContext } from './mech.ts';
import { mechOf } from './oids.ts';
import { NegState, decodeSpnego, encodeMechTypes, encodeNegTokenInit, encodeNegTokenResp } from './tokens.ts';

export class SpnegoInitiator {
  private chosen: MechContext;
  private readonly mechTypes: string[];
  private micSent = false;
  private micReceived = false;
  private acceptorDone = false;

  /** `mechs` in order of preference; the first gets the optimistic token. */
  constructor(private readonly mechs: readonly MechContext[]) {
    const first = mechs[0];
    if (!first) throw new GssError('GSS_NO_MECH', 'SPNEGO needs at least one mechanism');
    this.chosen = first;
    this.mechTypes = mechs.map((m) => m.oid);
  }

  /** The NegTokenInit of the first leg. */
  initial(): Buffer {
    return encodeNegTokenInit({ mechTypes: this.mechTypes, mechToken: this.chosen.step(undefined) });
  }

  get mech(): MechContext {
    return this.chosen;
  }

  /** Done when our mechanism is complete, the acceptor said accept-completed, and the MICs that were due are checked. */
  get complete(): boolean {
    return this.chosen.complete && this.acceptorDone && (!this.micRequired || (this.micSent && this.micReceived));
  }

  get security(): MessageSecurity {
    return this.chosen.security;
  }

  private get micRequired(): boolean {
    return this.chosen !== this.mechs[0] || this.chosen.needsMechListMic;
  }

  /** Processes the acceptor's NegTokenResp; returns the next token to send, or undefined when there is none. */
  step(replyToken: Buffer): Buffer | undefined {
    const resp = decodeSpnego(replyToken);
    if (resp.kind !== 'resp') throw new GssError('GSS_BAD_TOKEN', 'SPNEGO: the acceptor answered with a NegTokenInit');
    if (resp.negState === NegState.REJECT) {
      // A refusing acceptor may say why in the mechanism's own words (a Kerberos KRB-ERROR: clock skew, wrong key).
      if (resp.responseToken && !this.chosen.complete) this.chosen.step(resp.responseToken);
      throw new GssError('GSS_NO_MECH', `SPNEGO: the host rejected the negotiation (offered ${this.mechs.map((m) => m.mech).join(', ')})`);
    }
    let restart = false;
    if (resp.supportedMech !== undefined && mechOf(resp.supportedMech) !== this.chosen.mech) {
      const other = this.mechs.find((m) => m.mech === mechOf(resp.supportedMech ?? ''));
      if (!other) throw new GssError('GSS_NO_MECH', `SPNEGO: the host chose mechanism ${resp.supportedMech}, which was not offered`);
      this.chosen = other;
      restart = true;
    }
    let out: Buffer | undefined;
    if (restart) out = this.chosen.step(undefined);
    else if (resp.responseToken) out = this.chosen.step(resp.responseToken);
    else if (!this.chosen.complete) throw new GssError('GSS_BAD_TOKEN', 'SPNEGO: the acceptor sent no mechanism token');
    if (resp.negState === NegState.ACCEPT_COMPLETED) this.acceptorDone = true;

    let mic: Buffer | undefined;
    if (this.chosen.complete) {
      const sec = this.chosen.security;
      const required = this.micRequired || resp.mechListMIC !== undefined || resp.negState === NegState.REQUEST_MIC;
      if (required && !canSign(sec)) throw new GssError('GSS_BAD_SIGNATURE', 'SPNEGO: a mechListMIC is required but the mechanism cannot sign');
      if (resp.mechListMIC && canSign(sec)) {
        sec.verify(encodeMechTypes(this.mechTypes), resp.mechListMIC);
        sec.resetCrypto?.('incoming');
        this.micReceived = true;
      }
      if (required && !this.micSent && canSign(sec)) {
        mic = sec.sign(encodeMechTypes(this.mechTypes));
        sec.resetCrypto?.('outgoing');
        this.micSent = true;
      }
      if (this.acceptorDone && this.micRequired && !this.micReceived) {
        throw new GssError('GSS_BAD_SIGNATURE', 'SPNEGO: the host completed without the mechListMIC that protects the mechanism choice');
      }
    }
    if (out === undefined && mic === undefined) return undefined;
    return encodeNegTokenResp({ responseToken: out, mechListMIC: mic });
  }
}
