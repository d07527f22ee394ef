/**
 * GSS-API framing for the krb5 mechanism: the InitialContextToken wrapper [RFC 2743 3.1] around AP-REQ, AP-REP and
 * KRB-ERROR with their two-byte TOK_IDs [RFC 4121 4.1], the authenticator checksum 0x8003 [RFC 4121 4.1.1], and
 * the channel-binding hash [RFC 4121 4.1.1.2] over gss_channel_bindings_struct.
 */
import { channelBindingsHash } from '../gss/channel-bindings.ts';
import { oid, readTlv, tlv } from './der.ts';
import { KerberosError } from './errors.ts';
import type { ChannelBindings } from '../gss/types.ts';

export const KRB5_OID = '1.2.840.113554.1.2.2';
const KRB5_OID_DER = oid(KRB5_OID);

export const TokId = { AP_REQ: 0x0100, AP_REP: 0x0200, KRB_ERROR: 0x0300 } as const;

/** GSS context flags as carried in the checksum [RFC 4121 4.1.1.1]. */
export const GssFlag = { DELEG: 1, MUTUAL: 2, REPLAY: 4, SEQUENCE: 8, CONF: 16, INTEG: 32 } as const;

/** The checksum type of the GSS authenticator checksum [RFC 4121 4.1.1]. */
export const GSS_CHECKSUM_TYPE = 0x8003;

export function frame(tokId: number, body: Buffer): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(tokId, 0);
  return tlv(0x60, Buffer.concat([KRB5_OID_DER, id, body]));
}

/** The TOK_ID and inner message of a framed krb5 token. */
export function unframe(token: Buffer): { tokId: number; body: Buffer } {
  const bad = (why: string): KerberosError =>
    new KerberosError('KRB_BAD_MESSAGE', `not a Kerberos GSS token: ${why}`, { hint: 'the peer may be speaking NTLM or SPNEGO where Kerberos was expected' });
  if (token[0] !== 0x60) throw bad('no InitialContextToken tag');
  const { der, next } = readTlv(token);
  if (next !== token.length) throw bad('trailing bytes');
  const inner = der.content;
  if (!inner.subarray(0, KRB5_OID_DER.length).equals(KRB5_OID_DER)) throw bad('mechanism is not krb5 (1.2.840.113554.1.2.2)');
  const rest = inner.subarray(KRB5_OID_DER.length);
  if (rest.length < 2) throw bad('no TOK_ID');
  return { tokId: rest.readUInt16BE(0), body: rest.subarray(2) };
}

/**
 * Bnd of the 0x8003 checksum: MD5 of the gss_channel_bindings_struct [RFC 4121 4.1.1.2] — zero addresses and the
 * application data (`tls-server-end-point:` + certificate hash on HTTPS [RFC 5929 4]), built where NTLM builds it.
 */
export function channelBindingHash(cb: Buffer | ChannelBindings): Buffer {
  return channelBindingsHash(Buffer.isBuffer(cb) ? { applicationData: cb } : cb);
}

/**
 * The 0x8003 checksum value: Lgth (16), Bnd, Flags, little-endian [RFC 4121 4.1.1]; with a KRB-CRED, DlgOpt (1),
 * Dlgth and the delegated credentials follow (and Flags carries GSS_C_DELEG_FLAG).
 */
export function encodeGssChecksum(bindingHash: Buffer, flags: number, krbCred?: Buffer): Buffer {
  const b = Buffer.alloc(24 + (krbCred ? 4 + krbCred.length : 0));
  b.writeUInt32LE(16, 0);
  bindingHash.copy(b, 4);
  b.writeUInt32LE((krbCred ? flags | GssFlag.DELEG : flags) >>> 0, 20);
  if (krbCred) {
    b.writeUInt16LE(1, 24);
    b.writeUInt16LE(krbCred.length, 26);
    krbCred.copy(b, 28);
  }
  return b;
}

export function decodeGssChecksum(value: Buffer): { bindingHash: Buffer; flags: number } {
  if (value.length < 24 || value.readUInt32LE(0) !== 16) {
    throw new KerberosError('KRB_BAD_MESSAGE', 'the authenticator checksum is not a GSS checksum (0x8003 with Lgth 16)', {
      hint: 'the client does not speak the GSS-API krb5 mechanism (RFC 4121)',
    });
  }
  return { bindingHash: value.subarray(4, 20), flags: value.readUInt32LE(20) };
}
