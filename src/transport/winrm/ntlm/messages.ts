/**
 * NTLM wire messages [MS-NLMP 2.2.1]: NEGOTIATE, CHALLENGE, AUTHENTICATE, AV pairs and Version. Pure encode/decode,
 * no crypto. All integers little-endian; variable fields are described by "fields" (u16 len, u16 maxlen, u32 offset).
 */
import { NtlmError } from './errors.ts';

/** NEGOTIATE flags [MS-NLMP 2.2.2.5]. */
export const NegotiateFlags = {
  UNICODE: 0x1,
  OEM: 0x2,
  REQUEST_TARGET: 0x4,
  SIGN: 0x10,
  SEAL: 0x20,
  LM_KEY: 0x80,
  NTLM: 0x200,
  ALWAYS_SIGN: 0x8000,
  TARGET_TYPE_DOMAIN: 0x10000,
  TARGET_TYPE_SERVER: 0x20000,
  EXTENDED_SESSIONSECURITY: 0x80000,
  TARGET_INFO: 0x800000,
  VERSION: 0x2000000,
  N128: 0x20000000,
  KEY_EXCH: 0x40000000,
  N56: 0x80000000,
} as const;

/** AV_PAIR ids [MS-NLMP 2.2.2.1]. */
export const AvId = {
  EOL: 0,
  NB_COMPUTER_NAME: 1,
  NB_DOMAIN_NAME: 2,
  DNS_COMPUTER_NAME: 3,
  DNS_DOMAIN_NAME: 4,
  DNS_TREE_NAME: 5,
  FLAGS: 6,
  TIMESTAMP: 7,
  SINGLE_HOST: 8,
  TARGET_NAME: 9,
  CHANNEL_BINDINGS: 10,
} as const;

/** MsvAvFlags bit: the AUTHENTICATE message carries a MIC [MS-NLMP 2.2.2.1]. */
export const AV_FLAG_MIC_PROVIDED = 0x2;

export interface AvPair {
  id: number;
  value: Buffer;
}

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
export const MIC_OFFSET = 72;

/** Windows 10.0.14393 with NTLM revision 15 [MS-NLMP 2.2.2.10], what a Server 2016 host sends. */
export const DEFAULT_VERSION = Buffer.from([0x0a, 0x00, 0x39, 0x38, 0x00, 0x00, 0x00, 0x0f]);

export interface NegotiateMessage {
  flags: number;
  version?: Buffer;
}

export interface ChallengeMessage {
  flags: number;
  targetName: string;
  serverChallenge: Buffer;
  targetInfo: AvPair[];
  version?: Buffer;
}

export interface AuthenticateMessage {
  flags: number;
  lmChallengeResponse: Buffer;
  ntChallengeResponse: Buffer;
  domain: string;
  user: string;
  workstation: string;
  encryptedRandomSessionKey: Buffer;
  version?: Buffer;
  /** 16 bytes when present; encoding with a MIC moves the payload from 72 to 88. */
  mic?: Buffer;
}

export function utf16(s: string): Buffer {
  return Buffer.from(s, 'utf16le');
}

function text(flags: number, s: string): Buffer {
  return flags & NegotiateFlags.UNICODE ? utf16(s) : Buffer.from(s, 'latin1');
}

function readText(flags: number, b: Buffer): string {
  return flags & NegotiateFlags.UNICODE ? b.toString('utf16le') : b.toString('latin1');
}

export function encodeAvPairs(pairs: readonly AvPair[]): Buffer {
  const parts: Buffer[] = [];
  for (const p of pairs.filter((x) => x.id !== AvId.EOL)) {
    const h = Buffer.alloc(4);
    h.writeUInt16LE(p.id, 0);
    h.writeUInt16LE(p.value.length, 2);
    parts.push(h, p.value);
  }
  parts.push(Buffer.alloc(4)); // MsvAvEOL
  return Buffer.concat(parts);
}

/** Decodes up to (not including) MsvAvEOL. */
export function decodeAvPairs(b: Buffer): AvPair[] {
  const pairs: AvPair[] = [];
  let off = 0;
  while (off + 4 <= b.length) {
    const id = b.readUInt16LE(off);
    const len = b.readUInt16LE(off + 2);
    if (id === AvId.EOL) return pairs;
    if (off + 4 + len > b.length) break;
    pairs.push({ id, value: Buffer.from(b.subarray(off + 4, off + 4 + len)) });
    off += 4 + len;
  }
  throw new NtlmError('NTLM_BAD_MESSAGE', 'NTLM AV pair list is truncated (no MsvAvEOL)');
}

export function findAv(pairs: readonly AvPair[], id: number): Buffer | undefined {
  return pairs.find((p) => p.id === id)?.value;
}

/** Lays out the payload after a fixed header and writes each field descriptor at its position. */
function build(header: Buffer, payloadStart: number, fields: Array<[pos: number, data: Buffer]>): Buffer {
  const parts: Buffer[] = [header];
  let off = payloadStart;
  for (const [pos, data] of fields) {
    header.writeUInt16LE(data.length, pos);
    header.writeUInt16LE(data.length, pos + 2);
    header.writeUInt32LE(off, pos + 4);
    parts.push(data);
    off += data.length;
  }
  return Buffer.concat(parts);
}

function readField(b: Buffer, pos: number): Buffer {
  const len = b.readUInt16LE(pos);
  const off = b.readUInt32LE(pos + 4);
  if (len === 0) return Buffer.alloc(0);
  if (off + len > b.length) throw new NtlmError('NTLM_BAD_MESSAGE', 'NTLM message field points past the end');
  return Buffer.from(b.subarray(off, off + len));
}

function fieldOffset(b: Buffer, pos: number): number | undefined {
  return b.readUInt16LE(pos) === 0 ? undefined : b.readUInt32LE(pos + 4);
}

function checkHeader(b: Buffer, type: number, minLen: number): void {
  if (b.length < minLen || !b.subarray(0, 8).equals(SIGNATURE) || b.readUInt32LE(8) !== type) {
    throw new NtlmError('NTLM_BAD_MESSAGE', `not an NTLM message of type ${type}`);
  }
}

/** NEGOTIATE [MS-NLMP 2.2.1.1]: no domain or workstation supplied, Version if flagged. */
export function encodeNegotiate(m: NegotiateMessage): Buffer {
  const header = Buffer.alloc(40);
  SIGNATURE.copy(header);
  header.writeUInt32LE(1, 8);
  header.writeUInt32LE(m.flags >>> 0, 12);
  header.writeUInt32LE(40, 20);
  header.writeUInt32LE(40, 28);
  (m.version ?? DEFAULT_VERSION).copy(header, 32);
  return header;
}

export function decodeNegotiate(b: Buffer): NegotiateMessage {
  checkHeader(b, 1, 32);
  const flags = b.readUInt32LE(12);
  const version = flags & NegotiateFlags.VERSION && b.length >= 40 ? Buffer.from(b.subarray(32, 40)) : undefined;
  return { flags, version };
}

/** CHALLENGE [MS-NLMP 2.2.1.2]: payload at 56 holds TargetName then TargetInfo. */
export function encodeChallenge(m: ChallengeMessage): Buffer {
  const header = Buffer.alloc(56);
  SIGNATURE.copy(header);
  header.writeUInt32LE(2, 8);
  header.writeUInt32LE(m.flags >>> 0, 20);
  m.serverChallenge.copy(header, 24);
  (m.version ?? DEFAULT_VERSION).copy(header, 48);
  return build(header, 56, [
    [12, text(m.flags, m.targetName)],
    [40, encodeAvPairs(m.targetInfo)],
  ]);
}

export function decodeChallenge(b: Buffer): ChallengeMessage {
  checkHeader(b, 2, 48);
  const flags = b.readUInt32LE(20);
  const info = readField(b, 40);
  return {
    flags,
    targetName: readText(flags, readField(b, 12)),
    serverChallenge: Buffer.from(b.subarray(24, 32)),
    targetInfo: info.length > 0 ? decodeAvPairs(info) : [],
    version: b.length >= 56 ? Buffer.from(b.subarray(48, 56)) : undefined,
  };
}

/** AUTHENTICATE [MS-NLMP 2.2.1.3]: payload order Domain, User, Workstation, LM, NT, key, as Windows sends it. */
export function encodeAuthenticate(m: AuthenticateMessage): Buffer {
  const start = m.mic ? 88 : 72;
  const header = Buffer.alloc(start);
  SIGNATURE.copy(header);
  header.writeUInt32LE(3, 8);
  header.writeUInt32LE(m.flags >>> 0, 60);
  (m.version ?? DEFAULT_VERSION).copy(header, 64);
  m.mic?.copy(header, MIC_OFFSET);
  const order: Array<[number, Buffer]> = [
    [28, text(m.flags, m.domain)],
    [36, text(m.flags, m.user)],
    [44, text(m.flags, m.workstation)],
    [12, m.lmChallengeResponse],
    [20, m.ntChallengeResponse],
    [52, m.encryptedRandomSessionKey],
  ];
  return build(header, start, order);
}

export function decodeAuthenticate(b: Buffer): AuthenticateMessage {
  checkHeader(b, 3, 64);
  const flags = b.readUInt32LE(60);
  // The MIC is present when the payload starts at or after 88 [MS-NLMP 2.2.1.3; pyspnego does the same].
  const offsets = [12, 20, 28, 36, 44, 52].map((p) => fieldOffset(b, p)).filter((o): o is number => o !== undefined);
  const payloadStart = Math.min(b.length, ...offsets);
  return {
    flags,
    lmChallengeResponse: readField(b, 12),
    ntChallengeResponse: readField(b, 20),
    domain: readText(flags, readField(b, 28)),
    user: readText(flags, readField(b, 36)),
    workstation: readText(flags, readField(b, 44)),
    encryptedRandomSessionKey: readField(b, 52),
    version: payloadStart >= 72 ? Buffer.from(b.subarray(64, 72)) : undefined,
    mic: payloadStart >= 88 ? Buffer.from(b.subarray(MIC_OFFSET, MIC_OFFSET + 16)) : undefined,
  };
}
