/**
 * Channel binding to the TLS server certificate (RFC 5929 4, tls-server-end-point), in the two forms WinRM's
 * mechanisms carry: the gss_channel_bindings_struct [RFC 2744 3.11] and its MD5, which NTLM puts in
 * MsvAvChannelBindings [MS-NLMP 2.2.2.1] and Kerberos in the authenticator checksum's Bnd field [RFC 4121 4.1.1.2].
 */
import { createHash } from 'node:crypto';
import type { ChannelBindings } from './types.ts';
import { children, decodeOid, expectTlv } from './der.ts';

/** Signature algorithm OID → its hash, for the algorithms certificates use. */
const SIGNATURE_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5', // md5WithRSAEncryption
  '1.2.840.113549.1.1.5': 'sha1', // sha1WithRSAEncryption
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.10045.4.1': 'sha1', // ecdsa-with-SHA1
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.10040.4.3': 'sha1', // dsa-with-sha1
  '2.16.840.1.101.3.4.3.2': 'sha256', // dsa-with-sha256
};

/**
 * The hash RFC 5929 4.1 names for a certificate: its signature's hash, except that MD5 and SHA-1 become SHA-256.
 * Algorithms without a single hash (RSASSA-PSS, Ed25519) also use SHA-256, as Windows' SChannel does. [unverified]
 */
export function certificateBindingHash(certDer: Buffer): string {
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue } [RFC 5280 4.1]
  const cert = children(expectTlv(certDer, 0x30, 'Certificate').value);
  const algId = cert[1];
  const hash = algId && algId.tag === 0x30 ? SIGNATURE_HASH[decodeOid(expectTlv(algId.value, 0x06, 'signature algorithm').value)] : undefined;
  return hash === undefined || hash === 'md5' || hash === 'sha1' ? 'sha256' : hash;
}

export function tlsServerEndPoint(certDer: Buffer): ChannelBindings {
  const digest = createHash(certificateBindingHash(certDer)).update(certDer).digest();
  return { applicationData: Buffer.concat([Buffer.from('tls-server-end-point:', 'ascii'), digest]) };
}

/** gss_channel_bindings_struct flattened as MIT and SSPI hash it: empty addresses, then the application data. */
export function channelBindingsStruct(cb: ChannelBindings): Buffer {
  const head = Buffer.alloc(20);
  // initiator_addrtype, initiator_address.length, acceptor_addrtype, acceptor_address.length: all 0
  head.writeUInt32LE(cb.applicationData.length, 16);
  return Buffer.concat([head, cb.applicationData]);
}

/** MD5 of the struct: NTLM's MsvAvChannelBindings value and Kerberos' Bnd. */
export function channelBindingsHash(cb: ChannelBindings): Buffer {
  return createHash('md5').update(channelBindingsStruct(cb)).digest();
}
