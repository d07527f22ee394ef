/**
 * Sign + seal after authentication [MS-NLMP 3.4.4.2, 3.4.3] with extended session security and KEY_EXCH. One RC4
 * handle per direction, keyed once, whose keystream continues across messages; sequence numbers start at 0 per
 * direction and are checked on receipt, which rejects replays and reordering.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NtlmSecurityContext } from './types.ts';
import { NtlmError } from './errors.ts';
import { Rc4 } from './rc4.ts';
import { hmacMd5, sealKey, signKey, type Direction } from './crypto.ts';
import { NegotiateFlags } from './messages.ts';

export type NtlmRole = 'client' | 'server';

interface DirectionState {
  rc4: Rc4;
  sealKey: Buffer;
  signKey: Buffer;
  seq: number;
}

function direction(flags: number, exportedSessionKey: Buffer, dir: Direction): DirectionState {
  const key = sealKey(flags, exportedSessionKey, dir);
  return { rc4: new Rc4(key), sealKey: key, signKey: signKey(exportedSessionKey, dir), seq: 0 };
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** Checksum = HMAC_MD5(SignKey, SeqNum ‖ Message)[0..7], RC4'd with the sealing handle when KEY_EXCH [3.4.4.2]. */
function checksum(state: DirectionState, keyExch: boolean, seq: number, plain: Buffer): Buffer {
  const mac = hmacMd5(state.signKey, u32(seq), plain).subarray(0, 8);
  return keyExch ? state.rc4.update(mac) : Buffer.from(mac);
}

export class NtlmSession implements NtlmSecurityContext {
  private readonly out: DirectionState;
  private readonly in: DirectionState;
  private readonly keyExch: boolean;

  constructor(role: NtlmRole, flags: number, exportedSessionKey: Buffer) {
    const c2s = direction(flags, exportedSessionKey, 'client-to-server');
    const s2c = direction(flags, exportedSessionKey, 'server-to-client');
    [this.out, this.in] = role === 'client' ? [c2s, s2c] : [s2c, c2s];
    this.keyExch = (flags & NegotiateFlags.KEY_EXCH) !== 0;
  }

  wrap(plain: Buffer): { signature: Buffer; sealed: Buffer } {
    const seq = this.out.seq++;
    // Seal first, then the checksum consumes the next 8 keystream bytes [3.4.3]; the order matters.
    const sealed = this.out.rc4.update(plain);
    const sum = checksum(this.out, this.keyExch, seq, plain);
    return { signature: Buffer.concat([u32(1), sum, u32(seq)]), sealed };
  }

  /** GSS_GetMIC [MS-NLMP 3.4.4.2]: the signature alone, on the sealing handle's keystream and sequence number. */
  sign(data: Buffer): Buffer {
    const seq = this.out.seq++;
    return Buffer.concat([u32(1), checksum(this.out, this.keyExch, seq, data), u32(seq)]);
  }

  verify(data: Buffer, mic: Buffer): void {
    const seq = this.in.seq++;
    const expected = Buffer.concat([u32(1), checksum(this.in, this.keyExch, seq, data), u32(seq)]);
    if (mic.length !== 16 || !timingSafeEqual(expected, mic)) {
      throw new NtlmError('NTLM_BAD_SIGNATURE', 'NTLM mechListMIC does not match: the SPNEGO negotiation was tampered with');
    }
  }

  /**
   * MS-SPNG 3.3.5.1: after the mechListMIC, NTLM inside SPNEGO re-keys the RC4 handle of that direction; the
   * sequence number runs on, so the first sealed message uses seq 1 with the keystream the MIC used (pyspnego does
   * the same).
   */
  resetCrypto(dir: 'outgoing' | 'incoming'): void {
    const state = dir === 'outgoing' ? this.out : this.in;
    state.rc4 = new Rc4(state.sealKey);
  }

  unwrap(sealed: Buffer, signature: Buffer): Buffer {
    if (signature.length !== 16 || signature.readUInt32LE(0) !== 1) {
      throw new NtlmError('NTLM_BAD_SIGNATURE', 'NTLM message signature is malformed');
    }
    const seq = this.in.seq++;
    const plain = this.in.rc4.update(sealed);
    const expected = checksum(this.in, this.keyExch, seq, plain);
    if (signature.readUInt32LE(12) !== seq) {
      throw new NtlmError('NTLM_BAD_SIGNATURE', `NTLM sequence number ${signature.readUInt32LE(12)} where ${seq} was expected`);
    }
    if (!timingSafeEqual(expected, signature.subarray(4, 12))) {
      throw new NtlmError('NTLM_BAD_SIGNATURE', 'NTLM message signature does not match: the message was tampered with');
    }
    return plain;
  }
}
