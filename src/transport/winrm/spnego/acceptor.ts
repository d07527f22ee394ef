/**
 * SPNEGO acceptor [RFC 4178 3.2, MS-SPNG 3.3.5], one per TCP connection: picks the initiator's most preferred
 * mechanism it supports, runs it, and exchanges mechListMICs when the choice was not the initiator's first or the
 * mechanism demands it (NTLM with a MIC). Answers in NegTokenResp; `reject` when nothing fits.
 */
import { GssError } from '../gss/errors.ts';
import type { MessageSecurity } from '../gss/types.ts';
import { canSign, type MechContext } from './mech.ts';
import { mechOf, type Mech } from './oids.ts';
import { NegState, decodeSpnego, encodeMechTypes, encodeNegTokenResp } from './tokens.ts';

export interface AcceptorStep {
  /** NegTokenResp for `WWW-Authenticate: Negotiate`. */
  reply: Buffer;
  complete: boolean;
}

export class SpnegoAcceptor {
  private chosen?: MechContext;
  private mechTypes: string[] = [];
  private firstChoice = true;
  private micReceived = false;
  private micSent = false;

  /** `factory` makes an acceptor context for a mechanism it supports, or returns undefined. */
  constructor(private readonly factory: (mech: Mech, oid: string) => MechContext | undefined) {}

  get mech(): MechContext | undefined {
    return this.chosen;
  }

  get security(): MessageSecurity {
    if (!this.chosen?.complete) throw new GssError('GSS_BAD_TOKEN', 'SPNEGO context used before it completed');
    return this.chosen.security;
  }

  step(token: Buffer): AcceptorStep {
    const t = decodeSpnego(token);
    let input: Buffer | undefined;
    let supportedMech: string | undefined;
    let mic: Buffer | undefined;
    if (t.kind === 'init') {
      if (this.chosen) throw new GssError('GSS_BAD_TOKEN', 'SPNEGO: a second NegTokenInit on one context');
      this.mechTypes = t.mechTypes;
      for (const [i, oid] of t.mechTypes.entries()) {
        const mech = mechOf(oid);
        const ctx = mech && this.factory(mech, oid);
        if (ctx) {
          this.chosen = ctx;
          this.firstChoice = i === 0;
          break;
        }
      }
      if (!this.chosen) return { reply: encodeNegTokenResp({ negState: NegState.REJECT }), complete: false };
      supportedMech = this.chosen.oid;
      // The optimistic token belongs to the initiator's first mechanism; for any other choice it is dropped.
      if (this.firstChoice) input = t.mechToken;
      mic = t.mechListMIC;
    } else {
      if (!this.chosen) throw new GssError('GSS_BAD_TOKEN', 'SPNEGO: a NegTokenResp before any NegTokenInit');
      input = t.responseToken;
      mic = t.mechListMIC;
    }
    const ctx = this.chosen;
    const out = input !== undefined && !ctx.complete ? ctx.step(input) : undefined;
    if (!ctx.complete) {
      return { reply: encodeNegTokenResp({ negState: NegState.ACCEPT_INCOMPLETE, supportedMech, responseToken: out }), complete: false };
    }
    const required = !this.firstChoice || ctx.needsMechListMic;
    const sec = ctx.security;
    if (mic && canSign(sec)) {
      sec.verify(encodeMechTypes(this.mechTypes), mic);
      sec.resetCrypto?.('incoming');
      this.micReceived = true;
    }
    if (required && !this.micReceived) {
      // The initiator must send its MIC with (or after) its last mechanism token [MS-SPNG 3.2.5.1]: ask for it.
      if (!canSign(sec)) throw new GssError('GSS_BAD_SIGNATURE', 'SPNEGO: a mechListMIC is required but the mechanism cannot sign');
      return { reply: encodeNegTokenResp({ negState: NegState.REQUEST_MIC, supportedMech, responseToken: out }), complete: false };
    }
    let outMic: Buffer | undefined;
    if ((required || this.micReceived) && !this.micSent && canSign(sec)) {
      outMic = sec.sign(encodeMechTypes(this.mechTypes));
      sec.resetCrypto?.('outgoing');
      this.micSent = true;
    }
    return { reply: encodeNegTokenResp({ negState: NegState.ACCEPT_COMPLETED, supportedMech, responseToken: out, mechListMIC: outMic }), complete: true };
  }
}
