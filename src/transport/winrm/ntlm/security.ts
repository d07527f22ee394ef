/**
 * Sign + seal after authentication [MS-NLMP 3.4.4.2, 3.4.3] with extended session security and KEY_EXCH. One RC4
 * handle per direction, keyed once, whose keystream continues across messages; sequence numbers start at 0 per
 * direction and are checked on receipt, which rejects replays and reordering.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NtlmSecurityContext } from './types.ts';
import { NtlmError } from './errors.ts';
import { Rc4 } from './rc4.ts';
import { createHmac } from 'node:crypto';
import { sealKey, signKey, type Direction } from './crypto.ts';
import { NegotiateFlags } from './messages.ts';

export type NtlmRole = 'client' | 'server';

interface DirectionState {
  rc4: Rc4;
  sealKey: Buffer;
  signKey: Buffer;
  seq: number;
  /** SeqNum as the 4 bytes HMAC reads, reused for every message of the direction. */
  seqBytes: Buffer;
}

function direction(flags: number, exportedSessionKey: Buffer, dir: Direction): DirectionState {
  const key = sealKey(flags, exportedSessionKey, dir);
  return { rc4: new Rc4(key), sealKey: key, signKey: signKey(exportedSessionKey, dir), seq: 0, seqBytes: Buffer.alloc(4) };
}

/** HMAC_MD5(SignKey, SeqNum ‖ Message) [3.4.4.2]; the caller takes the first 8 bytes. */
function mac(state: DirectionState, seq: number, plain: Uint8Array): Buffer {
  state.seqBytes.writeUInt32LE(seq >>> 0, 0);
  return createHmac('md5', state.signKey).update(state.seqBytes).update(plain).digest();
}

/**
 * The 16-byte signature [3.4.4.2] written at `out[at..at+16]`: Version 1, Checksum = the MAC's first 8 bytes, RC4'd
 * with the sealing handle when KEY_EXCH (consuming the next 8 keystream bytes), SeqNum.
 */
function putSignature(state: DirectionState, keyExch: boolean, seq: number, macBytes: Buffer, out: Buffer, at: number): void {
  out.writeUInt32LE(1, at);
  if (keyExch) state.rc4.update(macBytes.subarray(0, 8), out, at + 4);
  else macBytes.copy(out, at + 4, 0, 8);
  out.writeUInt32LE(seq >>> 0, at + 12);
}

function signature(state: DirectionState, keyExch: boolean, seq: number, plain: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(16);
  putSignature(state, keyExch, seq, mac(state, seq, plain), out, 0);
  return out;
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
    const out = Buffer.allocUnsafe(16 + plain.length);
    this.wrapInto(plain, out, 0, 16);
    return { signature: out.subarray(0, 16), sealed: out.subarray(16) };
  }

  /**
   * wrap() into the caller's buffer, without allocating: the signature at `out[sigAt..sigAt+16]`, the ciphertext at
   * `out[dataAt..]`. `plain` may already lie at `out[dataAt..]`: it is then sealed in place (the MAC is taken first).
   */
  wrapInto(plain: Uint8Array, out: Buffer, sigAt: number, dataAt: number): void {
    const seq = this.out.seq++;
    const m = mac(this.out, seq, plain);
    // Seal first, then the checksum consumes the next 8 keystream bytes [3.4.3]; the order matters.
    this.out.rc4.update(plain, out, dataAt);
    putSignature(this.out, this.keyExch, seq, m, out, sigAt);
  }

  /** GSS_GetMIC [MS-NLMP 3.4.4.2]: the signature alone, on the sealing handle's keystream and sequence number. */
  sign(data: Buffer): Buffer {
    const seq = this.out.seq++;
    return signature(this.out, this.keyExch, seq, data);
  }

  verify(data: Buffer, mic: Buffer): void {
    const seq = this.in.seq++;
    const expected = signature(this.in, this.keyExch, seq, data);
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
    return this.unseal(sealed, signature, Buffer.allocUnsafe(sealed.length));
  }

  /**
   * unwrap() that decrypts where the ciphertext lies (the HTTP body is the caller's and read once): no buffer of
   * the message's size. The signature is read before anything is written, and is checked all the same; on a bad
   * signature the bytes are garbage and the error is thrown.
   */
  unwrapInPlace(sealed: Buffer, signature: Buffer): Buffer {
    return this.unseal(sealed, signature, sealed);
  }

  private unseal(sealed: Buffer, signature: Buffer, out: Buffer): Buffer {
    if (signature.length !== 16 || signature.readUInt32LE(0) !== 1) {
      throw new NtlmError('NTLM_BAD_SIGNATURE', 'NTLM message signature is malformed');
    }
    const seq = this.in.seq++;
    const plain = this.in.rc4.update(sealed, out, 0);
    const expected = Buffer.allocUnsafe(16);
    putSignature(this.in, this.keyExch, seq, mac(this.in, seq, plain), expected, 0);
    if (signature.readUInt32LE(12) !== seq) {
      throw new NtlmError('NTLM_BAD_SIGNATURE', `NTLM sequence number ${signature.readUInt32LE(12)} where ${seq} was expected`);
    }
    if (!timingSafeEqual(expected.subarray(4, 12), signature.subarray(4, 12))) {
      throw new NtlmError('NTLM_BAD_SIGNATURE', 'NTLM message signature does not match: the message was tampered with');
    }
    return plain;
  }
}
