/**
 * Per-message protection after a krb5 context is established [RFC 4121 4.2]: Wrap tokens with confidentiality
 * (4.2.6.2) and MIC tokens (4.2.6.1), with the sequence numbers and direction flags RFC 4121 4.2.2 requires.
 *
 * WinRM carries a Wrap token split in two [MS-WSMV 2.2.9.1]: a "signature" (the token header, the right-rotated
 * trailer and the encrypted confounder) and the encrypted data, which is exactly as long as the plaintext. That is
 * the standard token with RRC = 16 + MAC length and EC = 0, as Windows and MIT's gss_wrap_iov (HEADER, DATA,
 * PADDING) produce for AES; the receiver glues the two halves back together and reads a normal token.
 */
import { timingSafeEqual } from 'node:crypto';
import { KeyUsage, enctype, type Enctype } from './crypto/index.ts';
import { KerberosError } from './errors.ts';
import type { MessageSecurity, MicSecurity } from '../gss/types.ts';
import type { EncryptionKey } from './types.ts';

export type { MessageSecurity };

/**
 * The krb5 context's full per-message interface. `wrap` gives the WinRM split (signature = token header part,
 * sealed = ciphertext as long as the plaintext); `unwrap` throws KerberosError (KRB_BAD_INTEGRITY) on a bad token,
 * direction or order. `sign`/`verify` are `getMic`/`verifyMic` under the names SPNEGO's MicSecurity uses.
 */
export interface KerberosMessageSecurity extends MicSecurity {
  /** A MIC token over `message` [RFC 4121 4.2.6.1] (SPNEGO's mechListMIC). */
  getMic(message: Buffer): Buffer;
  /** Checks a MIC token from the peer; throws KRB_BAD_INTEGRITY when it does not verify. */
  verifyMic(message: Buffer, mic: Buffer): void;
  /** A whole Wrap token as gss_wrap returns it (RRC 0), sealed unless `conf` is false. */
  wrapToken(plain: Buffer, conf?: boolean): Buffer;
  /** Opens a whole Wrap token (any RRC and EC, sealed or integrity-only). */
  unwrapToken(token: Buffer): Buffer;
}

const TOK_MIC = 0x0404;
const TOK_WRAP = 0x0504;
const HEADER = 16;
const Flag = { SENT_BY_ACCEPTOR: 1, SEALED: 2, ACCEPTOR_SUBKEY: 4 } as const;

export interface WrapContext {
  /** The key protecting messages: the acceptor subkey when there is one, else the initiator subkey [RFC 4121 2]. */
  key: EncryptionKey;
  initiator: boolean;
  /** Set in every token when `key` is the acceptor's subkey. */
  acceptorSubkey: boolean;
  sendSeq: number;
  recvSeq: number;
}

function bad(message: string): KerberosError {
  return new KerberosError('KRB_BAD_INTEGRITY', message, {
    hint: 'the message was altered, replayed or sent out of order, or the peer uses another security context',
  });
}

/** Checksums compared in constant time, so a forger learns nothing from how long a refusal takes. */
const sameMac = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

function rotateRight(b: Buffer, n: number): Buffer {
  if (b.length === 0) return b;
  const r = n % b.length;
  return Buffer.concat([b.subarray(b.length - r), b.subarray(0, b.length - r)]);
}

const rotateLeft = (b: Buffer, n: number): Buffer => rotateRight(b, b.length === 0 ? 0 : b.length - (n % b.length));

export class KrbWrap implements KerberosMessageSecurity {
  private readonly et: Enctype;
  private sendSeq: number;
  private recvSeq: number;

  constructor(private readonly ctx: WrapContext) {
    this.et = enctype(ctx.key.keytype);
    this.sendSeq = ctx.sendSeq;
    this.recvSeq = ctx.recvSeq;
  }

  /**
   * rc4-hmac contexts protect messages with the RFC 4757 7.2 token format, which winbook does not implement; such a
   * context still authenticates (HTTPS needs no message encryption), so the refusal waits for the first message.
   */
  private checkEtype(): void {
    if (this.et.etype !== 23) return;
    throw new KerberosError('KRB_ETYPE_UNSUPPORTED', 'message protection with an rc4-hmac session key is not supported', {
      hint: 'enable AES for the service account (msDS-SupportedEncryptionTypes) so the session key is AES, or use https, which needs no message encryption',
    });
  }

  private flags(sealed: boolean): number {
    return (this.ctx.initiator ? 0 : Flag.SENT_BY_ACCEPTOR) | (sealed ? Flag.SEALED : 0) | (this.ctx.acceptorSubkey ? Flag.ACCEPTOR_SUBKEY : 0);
  }

  private header(tokId: number, flags: number, ec: number, rrc: number, seq: number): Buffer {
    const h = Buffer.alloc(HEADER);
    h.writeUInt16BE(tokId, 0);
    h[2] = flags;
    if (tokId === TOK_MIC) h.fill(0xff, 3, 8);
    else {
      h[3] = 0xff;
      h.writeUInt16BE(ec, 4);
      h.writeUInt16BE(rrc, 6);
    }
    h.writeBigUInt64BE(BigInt(seq), 8);
    return h;
  }

  private usage(sign: boolean, mine: boolean): number {
    const fromInitiator = mine === this.ctx.initiator;
    if (sign) return fromInitiator ? KeyUsage.GSS_INITIATOR_SIGN : KeyUsage.GSS_ACCEPTOR_SIGN;
    return fromInitiator ? KeyUsage.GSS_INITIATOR_SEAL : KeyUsage.GSS_ACCEPTOR_SEAL;
  }

  /** Sealed token with RRC rotation [RFC 4121 4.2.5]; EC is 0 (AES-CTS needs no padding). */
  private seal(plain: Buffer, rrc: number): Buffer {
    this.checkEtype();
    const seq = this.sendSeq++;
    const flags = this.flags(true);
    const inner = this.header(TOK_WRAP, flags, 0, 0, seq);
    const cipher = this.et.encrypt(this.ctx.key.value, this.usage(false, true), Buffer.concat([plain, inner]));
    return Buffer.concat([this.header(TOK_WRAP, flags, 0, rrc, seq), rotateRight(cipher, rrc)]);
  }

  wrap(plain: Buffer): { signature: Buffer; sealed: Buffer } {
    // Trailer (encrypted header copy + MAC) rotated to the front, so everything after the confounder is the data.
    const rrc = HEADER + this.et.checksumBytes;
    const token = this.seal(plain, rrc);
    const split = token.length - plain.length;
    return { signature: token.subarray(0, split), sealed: token.subarray(split) };
  }

  unwrap(sealed: Buffer, signature: Buffer): Buffer {
    return this.unwrapToken(Buffer.concat([signature, sealed]));
  }

  wrapToken(plain: Buffer, conf = true): Buffer {
    this.checkEtype();
    if (conf) return this.seal(plain, 0);
    const seq = this.sendSeq++;
    const flags = this.flags(false);
    const ec = this.et.checksumBytes;
    // Integrity only [RFC 4121 4.2.4]: data, then a checksum over data || header (with EC = checksum length, RRC 0).
    const mac = this.et.checksum(this.ctx.key.value, this.usage(true, true), Buffer.concat([plain, this.header(TOK_WRAP, flags, ec, 0, seq)]));
    return Buffer.concat([this.header(TOK_WRAP, flags, ec, 0, seq), plain, mac]);
  }

  private checkHeader(h: Buffer, tokId: number): { flags: number; seq: number } {
    this.checkEtype();
    if (h.length < HEADER || h.readUInt16BE(0) !== tokId) throw bad(`not a Kerberos ${tokId === TOK_WRAP ? 'Wrap' : 'MIC'} token`);
    const flags = h[2] as number;
    const fromAcceptor = (flags & Flag.SENT_BY_ACCEPTOR) !== 0;
    if (fromAcceptor === !this.ctx.initiator) throw bad('a message came back in the direction it was sent (reflected token)');
    if (((flags & Flag.ACCEPTOR_SUBKEY) !== 0) !== this.ctx.acceptorSubkey) throw bad('the token says another key protects it (AcceptorSubkey flag)');
    const seq = Number(h.readBigUInt64BE(8));
    if (seq !== this.recvSeq) throw bad(`message sequence number ${seq}, expected ${this.recvSeq}`);
    return { flags, seq };
  }

  unwrapToken(token: Buffer): Buffer {
    const { flags } = this.checkHeader(token, TOK_WRAP);
    if (token[3] !== 0xff) throw bad('bad filler in Wrap token');
    const ec = token.readUInt16BE(4);
    const rrc = token.readUInt16BE(6);
    const body = rotateLeft(token.subarray(HEADER), rrc);
    let data: Buffer;
    if (flags & Flag.SEALED) {
      const plain = this.et.decrypt(this.ctx.key.value, this.usage(false, false), body);
      if (!plain || plain.length < HEADER + ec) throw bad('a sealed message does not decrypt (integrity check failed)');
      const inner = plain.subarray(plain.length - HEADER);
      const expect = Buffer.from(token.subarray(0, HEADER));
      expect.writeUInt16BE(0, 6); // the encrypted copy carries RRC 0 [RFC 4121 4.2.4]
      if (!inner.equals(expect)) throw bad('the encrypted header copy differs from the token header');
      data = plain.subarray(0, plain.length - HEADER - ec);
    } else {
      if (body.length < ec) throw bad('Wrap token too short');
      data = body.subarray(0, body.length - ec);
      const h = Buffer.from(token.subarray(0, HEADER));
      h.writeUInt16BE(0, 6);
      const want = this.et.checksum(this.ctx.key.value, this.usage(true, false), Buffer.concat([data, h]));
      if (!sameMac(want, body.subarray(body.length - ec))) throw bad('the Wrap token checksum does not verify');
    }
    this.recvSeq++;
    return data;
  }

  getMic(message: Buffer): Buffer {
    this.checkEtype();
    const h = this.header(TOK_MIC, this.flags(false), 0, 0, this.sendSeq++);
    return Buffer.concat([h, this.et.checksum(this.ctx.key.value, this.usage(true, true), Buffer.concat([message, h]))]);
  }

  sign(data: Buffer): Buffer {
    return this.getMic(data);
  }

  verify(data: Buffer, mic: Buffer): void {
    this.verifyMic(data, mic);
  }

  verifyMic(message: Buffer, mic: Buffer): void {
    this.checkHeader(mic, TOK_MIC);
    if (!mic.subarray(3, 8).equals(Buffer.alloc(5, 0xff))) throw bad('bad filler in MIC token');
    const h = mic.subarray(0, HEADER);
    const want = this.et.checksum(this.ctx.key.value, this.usage(true, false), Buffer.concat([message, h]));
    if (!sameMac(want, mic.subarray(HEADER))) throw bad('the MIC does not verify');
    this.recvSeq++;
  }
}
