/**
 * MS-WSMV message encryption over HTTP [MS-WSMV 2.2.9.1; reference 8]: one GSS wrap per HTTP message framed as
 * multipart/encrypted. Pure framing: the security context is a parameter (NTLM, Kerberos, either inside SPNEGO),
 * so the client and the simulator share it, as pypsrp's encryption.py does over pyspnego's wrap_winrm.
 */
import type { MessageSecurity } from '../gss/types.ts';
import { GssError } from '../gss/errors.ts';

/**
 * The protocol string names how the context was set up [MS-WSMV 2.2.9.1.1, 2.2.9.1.2]: `Authorization: Negotiate`
 * (NTLM, or Kerberos inside SPNEGO or raw) seals as SPNEGO; the raw `Authorization: Kerberos` scheme as Kerberos.
 */
export const SPNEGO_ENCRYPTED = 'application/HTTP-SPNEGO-session-encrypted';
export const KERBEROS_ENCRYPTED = 'application/HTTP-Kerberos-session-encrypted';
export type EncryptionProtocol = typeof SPNEGO_ENCRYPTED | typeof KERBEROS_ENCRYPTED;

const BOUNDARY = 'Encrypted Boundary';
export const ENCRYPTED_CONTENT_TYPE = encryptedContentType(SPNEGO_ENCRYPTED);
export const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';

export function encryptedContentType(protocol: EncryptionProtocol): string {
  return `multipart/encrypted;protocol="${protocol}";boundary="${BOUNDARY}"`;
}

/** The protocol of a multipart/encrypted Content-Type, or undefined when it is not one we can read. */
export function encryptionProtocolOf(ct: string | undefined): EncryptionProtocol | undefined {
  if (ct === undefined || !/^\s*multipart\/encrypted\s*;/i.test(ct)) return undefined;
  const p = /protocol="?(application\/HTTP-(?:SPNEGO|Kerberos)-session-encrypted)"?/i.exec(ct)?.[1]?.toLowerCase();
  return p === SPNEGO_ENCRYPTED.toLowerCase() ? SPNEGO_ENCRYPTED : p === KERBEROS_ENCRYPTED.toLowerCase() ? KERBEROS_ENCRYPTED : undefined;
}

export function isEncryptedContentType(ct: string | undefined): boolean {
  return encryptionProtocolOf(ct) !== undefined;
}

/** Boundary parameter, quoted or not (pypsrp accepts both). */
function boundaryOf(ct: string): string {
  return /boundary="([^"]*)"/i.exec(ct)?.[1] ?? /boundary=([^;]+)/i.exec(ct)?.[1]?.trim() ?? BOUNDARY;
}

/**
 * A context that seals into a buffer we hand it (NTLM: src/transport/winrm/ntlm/security.ts), so a message costs one
 * allocation and no copies of its ciphertext; others (Kerberos) go through wrap().
 */
interface SealsInto {
  wrapInto(plain: Uint8Array, out: Buffer, sigAt: number, dataAt: number): void;
}
const NTLM_SIGNATURE = 16;

function sealsInto(sec: MessageSecurity): sec is MessageSecurity & SealsInto {
  return typeof (sec as Partial<SealsInto>).wrapInto === 'function';
}

/**
 * The spec demands a TAB before each part header; we always send it [MS-WSMV 2.2.9.1.1.2]. The header in front of
 * the ciphertext is NTLM's 16-byte signature or Kerberos' wrap-token header (60 bytes for AES [RFC 4121 4.2.4]);
 * Length= counts the plaintext plus any mechanism padding (RC4-HMAC only), as pypsrp writes it.
 */
function partHead(protocol: EncryptionProtocol, length: number): string {
  return (
    `--${BOUNDARY}\r\n` +
    `\tContent-Type: ${protocol}\r\n` +
    `\tOriginalContent: type=${SOAP_CONTENT_TYPE};Length=${length}\r\n` +
    `--${BOUNDARY}\r\n` +
    `\tContent-Type: application/octet-stream\r\n`
  );
}
// The closing boundary follows the ciphertext directly: readers cut exactly this suffix.
const TAIL = `--${BOUNDARY}--\r\n`;

export function encodeEncrypted(
  plain: Buffer,
  sec: MessageSecurity,
  protocol: EncryptionProtocol = SPNEGO_ENCRYPTED,
): { body: Buffer; contentType: string } {
  if (sealsInto(sec)) {
    // One buffer, sealed in place: head, signature length, signature, ciphertext, closing boundary.
    const head = partHead(protocol, plain.length);
    const dataAt = head.length + 4 + NTLM_SIGNATURE;
    const body = Buffer.allocUnsafe(dataAt + plain.length + TAIL.length);
    body.write(head, 0, 'latin1');
    body.writeUInt32LE(NTLM_SIGNATURE, head.length);
    sec.wrapInto(plain, body, head.length + 4, dataAt);
    body.write(TAIL, dataAt + plain.length, 'latin1');
    return { body, contentType: encryptedContentType(protocol) };
  }
  const { signature, sealed, paddingLength = 0 } = sec.wrap(plain);
  const sigLen = Buffer.alloc(4);
  sigLen.writeUInt32LE(signature.length);
  const body = Buffer.concat([Buffer.from(partHead(protocol, plain.length + paddingLength), 'latin1'), sigLen, signature, sealed, Buffer.from(TAIL, 'latin1')]);
  return { body, contentType: encryptedContentType(protocol) };
}

/**
 * encodeEncrypted of a SOAP envelope still in a string: with a context that seals in place, the UTF-8 goes straight
 * into the message buffer (no intermediate Buffer of the plaintext).
 */
export function encodeEncryptedText(
  envelope: string,
  sec: MessageSecurity,
  protocol: EncryptionProtocol = SPNEGO_ENCRYPTED,
): { body: Buffer; contentType: string } {
  if (!sealsInto(sec)) return encodeEncrypted(Buffer.from(envelope, 'utf8'), sec, protocol);
  const length = Buffer.byteLength(envelope, 'utf8');
  const head = partHead(protocol, length);
  const dataAt = head.length + 4 + NTLM_SIGNATURE;
  const body = Buffer.allocUnsafe(dataAt + length + TAIL.length);
  body.write(head, 0, 'latin1');
  body.writeUInt32LE(NTLM_SIGNATURE, head.length);
  body.write(envelope, dataAt, 'utf8');
  sec.wrapInto(body.subarray(dataAt, dataAt + length), body, head.length + 4, dataAt);
  body.write(TAIL, dataAt + length, 'latin1');
  return { body, contentType: encryptedContentType(protocol) };
}

function bad(why: string): GssError {
  return new GssError('GSS_BAD_TOKEN', `encrypted WinRM message is malformed: ${why}`);
}

interface BoundaryPatterns {
  octet: RegExp;
  closing: RegExp;
}
/** Compiled once per boundary (in practice one: `Encrypted Boundary`), not once per message. */
const patterns = new Map<string, BoundaryPatterns>();
function patternsFor(boundary: string): BoundaryPatterns {
  let p = patterns.get(boundary);
  if (!p) {
    const b = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    p = {
      octet: new RegExp(`--[ ]?${b}\\r\\n[ \\t]*Content-Type:[ \\t]*application/octet-stream[ \\t]*\\r\\n`, 'i'),
      closing: new RegExp(`--[ ]?${b}(?:--)?\\r?\\n?$`),
    };
    // A peer picks the boundary; bound the cache so one that varies it cannot grow it.
    if (patterns.size >= 8) patterns.clear();
    patterns.set(boundary, p);
  }
  return p;
}
const LENGTH = /^[ \t]*OriginalContent:[ \t]*type=[^\r\n]*?Length=(\d+)[ \t]*\r?$/im;

/** A context that can unseal where the ciphertext lies (NTLM), saving a buffer of the message's size. */
interface UnsealsInPlace {
  unwrapInPlace(sealed: Buffer, signature: Buffer): Buffer;
}
function unsealsInPlace(sec: MessageSecurity): sec is MessageSecurity & UnsealsInPlace {
  return typeof (sec as Partial<UnsealsInPlace>).unwrapInPlace === 'function';
}

/**
 * The layout Windows, pywinrm and we write, byte for byte, up to the Length digits and from them to the signature
 * length: such a body is located by comparing bytes, without reading its head as text or running the patterns.
 */
const CANONICAL = new Map<EncryptionProtocol, { before: Buffer; after: Buffer }>(
  ([SPNEGO_ENCRYPTED, KERBEROS_ENCRYPTED] as const).map((protocol) => {
    const head = partHead(protocol, 0);
    const at = head.indexOf('Length=0') + 'Length='.length;
    return [protocol, { before: Buffer.from(head.slice(0, at), 'latin1'), after: Buffer.from(head.slice(at + 1), 'latin1') }];
  }),
);
const TAIL_BYTES = Buffer.from(TAIL, 'latin1');

/** [start of the signature length, end of the ciphertext, Length=] of a canonical body, else undefined. */
function canonicalParts(body: Buffer, protocol: EncryptionProtocol): [number, number, number] | undefined {
  const c = CANONICAL.get(protocol);
  if (!c || body.length < c.before.length + c.after.length + TAIL_BYTES.length + 1) return undefined;
  if (body.compare(c.before, 0, c.before.length, 0, c.before.length) !== 0) return undefined;
  let at = c.before.length;
  let length = 0;
  // At most 10 digits: MaxEnvelopeSize is far below that, and a longer run is not ours to guess at.
  for (let d = body[at] ?? 0; d >= 48 && d <= 57 && at - c.before.length < 10; d = body[++at] ?? 0) length = length * 10 + (d - 48);
  if (at === c.before.length) return undefined;
  if (body.compare(c.after, 0, c.after.length, at, at + c.after.length) !== 0) return undefined;
  const end = body.length - TAIL_BYTES.length;
  if (body.compare(TAIL_BYTES, 0, TAIL_BYTES.length, end) !== 0) return undefined;
  return [at + c.after.length, end, length];
}

/**
 * Accepts part headers with or without the TAB, and a space after `--` (an Exchange quirk pypsrp tolerates).
 * `body` is consumed: a context that can (NTLM) decrypts it in place, and the result is a view into it.
 */
export function decodeEncrypted(body: Buffer, contentType: string, sec: MessageSecurity): Buffer {
  const protocol = encryptionProtocolOf(contentType);
  if (!protocol) throw bad(`unexpected Content-Type ${contentType}`);
  const boundary = boundaryOf(contentType);
  const canonical = boundary === BOUNDARY ? canonicalParts(body, protocol) : undefined;
  if (canonical) return unsealPart(body.subarray(canonical[0], canonical[1]), canonical[2], sec);
  const { octet: octetRe, closing: closingRe } = patternsFor(boundary);
  // Only the part headers and the closing boundary are text: read those ends as latin1 (bytes 1:1 to chars, so
  // string offsets are byte offsets), not the whole ciphertext — a 500 KB Send would be a 500 KB string.
  const HEAD = 4096;
  let text = body.subarray(0, Math.min(body.length, HEAD)).toString('latin1');
  let octet = octetRe.exec(text);
  if (!octet && body.length > HEAD) {
    text = body.toString('latin1');
    octet = octetRe.exec(text);
  }
  if (!octet) throw bad('no application/octet-stream part');
  const start = octet.index + octet[0].length;
  const length = LENGTH.exec(text.slice(0, octet.index))?.[1];
  if (length === undefined) throw bad('no OriginalContent Length');
  // Older pywinrm (Debian's 0.3.0) ends with `--Encrypted Boundary\r\n`, without the closing hyphens. The closing
  // boundary is anchored at the end, so a window a little longer than it finds the same match as the whole text.
  const tailAt = Math.max(start, body.length - (boundary.length + 16));
  const closing = closingRe.exec(body.subarray(tailAt).toString('latin1'));
  if (!closing) throw bad('no closing boundary');
  return unsealPart(body.subarray(start, tailAt + closing.index), Number(length), sec);
}

/** The octet-stream part (signature length, signature, ciphertext) unsealed, and its length checked. */
function unsealPart(payload: Buffer, length: number, sec: MessageSecurity): Buffer {
  if (payload.length < 4) throw bad('truncated signature');
  const sigLen = payload.readUInt32LE(0);
  if (payload.length < 4 + sigLen) throw bad('truncated signature');
  const sealed = payload.subarray(4 + sigLen);
  const signature = payload.subarray(4, 4 + sigLen);
  const plain = unsealsInPlace(sec) ? sec.unwrapInPlace(sealed, signature) : sec.unwrap(sealed, signature);
  // Strict, as pypsrp: RC4-HMAC's padding (counted in Length= by pypsrp) would need the mechanism to keep it. [unverified]
  if (plain.length !== length) {
    throw new GssError('GSS_BAD_SIGNATURE', 'the encrypted length does not match OriginalContent: message has been tampered with');
  }
  return plain;
}
