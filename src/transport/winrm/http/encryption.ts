/**
 * MS-WSMV message encryption over HTTP [MS-WSMV 2.2.9.1; reference 8]: one GSS wrap per HTTP message framed as
 * multipart/encrypted. Pure framing: the security context is a parameter, so the client and the simulator share it.
 */
import type { NtlmSecurityContext } from '../ntlm/types.ts';
import { NtlmError } from '../ntlm/errors.ts';

const PROTOCOL = 'application/HTTP-SPNEGO-session-encrypted';
const BOUNDARY = 'Encrypted Boundary';
export const ENCRYPTED_CONTENT_TYPE = `multipart/encrypted;protocol="${PROTOCOL}";boundary="${BOUNDARY}"`;
export const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';

export function isEncryptedContentType(ct: string | undefined): boolean {
  return ct !== undefined && /^\s*multipart\/encrypted\s*;/i.test(ct) && /protocol="?application\/HTTP-SPNEGO-session-encrypted"?/i.test(ct);
}

/** Boundary parameter, quoted or not (pypsrp accepts both). */
function boundaryOf(ct: string): string {
  return /boundary="([^"]*)"/i.exec(ct)?.[1] ?? /boundary=([^;]+)/i.exec(ct)?.[1]?.trim() ?? BOUNDARY;
}

/** The spec demands a TAB before each part header; we always send it [MS-WSMV 2.2.9.1.1.2]. */
export function encodeEncrypted(plain: Buffer, sec: NtlmSecurityContext): { body: Buffer; contentType: string } {
  const { signature, sealed } = sec.wrap(plain);
  const head =
    `--${BOUNDARY}\r\n` +
    `\tContent-Type: ${PROTOCOL}\r\n` +
    `\tOriginalContent: type=${SOAP_CONTENT_TYPE};Length=${plain.length}\r\n` +
    `--${BOUNDARY}\r\n` +
    `\tContent-Type: application/octet-stream\r\n`;
  const sigLen = Buffer.alloc(4);
  sigLen.writeUInt32LE(signature.length);
  // The closing boundary follows the ciphertext directly: RC4 has no padding and readers cut exactly this suffix.
  const body = Buffer.concat([Buffer.from(head, 'latin1'), sigLen, signature, sealed, Buffer.from(`--${BOUNDARY}--\r\n`, 'latin1')]);
  return { body, contentType: ENCRYPTED_CONTENT_TYPE };
}

function bad(why: string): NtlmError {
  return new NtlmError('NTLM_BAD_MESSAGE', `encrypted WinRM message is malformed: ${why}`);
}

/** Accepts part headers with or without the TAB, and a space after `--` (an Exchange quirk pypsrp tolerates). */
export function decodeEncrypted(body: Buffer, contentType: string, sec: NtlmSecurityContext): Buffer {
  if (!isEncryptedContentType(contentType)) throw bad(`unexpected Content-Type ${contentType}`);
  const boundary = boundaryOf(contentType).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // latin1 maps bytes 1:1 to chars, so string offsets are byte offsets.
  const text = body.toString('latin1');
  const length = /^[ \t]*OriginalContent:[ \t]*type=[^\r\n]*?Length=(\d+)[ \t]*\r?$/im.exec(text)?.[1];
  if (length === undefined) throw bad('no OriginalContent Length');
  const octet = new RegExp(`--[ ]?${boundary}\\r\\n[ \\t]*Content-Type:[ \\t]*application/octet-stream[ \\t]*\\r\\n`, 'i').exec(text);
  if (!octet) throw bad('no application/octet-stream part');
  const start = octet.index + octet[0].length;
  // Older pywinrm (Debian's 0.3.0) ends with `--Encrypted Boundary\r\n`, without the closing hyphens.
  const closing = new RegExp(`--[ ]?${boundary}(?:--)?\\r?\\n?$`).exec(text.slice(start));
  if (!closing) throw bad('no closing boundary');
  const payload = body.subarray(start, start + closing.index);
  if (payload.length < 4) throw bad('truncated signature');
  const sigLen = payload.readUInt32LE(0);
  if (payload.length < 4 + sigLen) throw bad('truncated signature');
  const plain = sec.unwrap(payload.subarray(4 + sigLen), payload.subarray(4, 4 + sigLen));
  if (plain.length !== Number(length)) {
    throw new NtlmError('NTLM_BAD_SIGNATURE', 'the encrypted length does not match OriginalContent: message has been tampered with');
  }
  return plain;
}
