/**
 * SPNEGO tokens [RFC 4178 4.2]: NegTokenInit inside the InitialContextToken framing [RFC 2743 3.1], and
 * NegTokenResp. Encode and decode, for both roles. MS-SPNG's NegTokenInit2 (negHints) is read and ignored.
 */
import { GssError } from '../gss/errors.ts';
import { children, decodeOid, encodeOid, expectTlv, readTlv, tlv } from '../gss/der.ts';
import { SPNEGO_OID } from './oids.ts';

/** negState [RFC 4178 4.2.2]. */
export const NegState = { ACCEPT_COMPLETED: 0, ACCEPT_INCOMPLETE: 1, REJECT: 2, REQUEST_MIC: 3 } as const;
export type NegStateValue = (typeof NegState)[keyof typeof NegState];

export interface NegTokenInit {
  kind: 'init';
  mechTypes: string[];
  mechToken?: Buffer;
  mechListMIC?: Buffer;
}

export interface NegTokenResp {
  kind: 'resp';
  negState?: NegStateValue;
  supportedMech?: string;
  responseToken?: Buffer;
  mechListMIC?: Buffer;
}

export type SpnegoToken = NegTokenInit | NegTokenResp;

function bad(why: string): GssError {
  return new GssError('GSS_BAD_TOKEN', `malformed SPNEGO token: ${why}`);
}

const octets = (b: Buffer) => tlv(0x04, b);
const ctx = (n: number, ...parts: Buffer[]) => tlv(0xa0 | n, ...parts);

/** The DER MechTypeList, exactly the bytes the mechListMIC covers [RFC 4178 5]. */
export function encodeMechTypes(mechTypes: readonly string[]): Buffer {
  return tlv(0x30, ...mechTypes.map(encodeOid));
}

export function encodeNegTokenInit(t: Omit<NegTokenInit, 'kind'>): Buffer {
  const fields = [ctx(0, encodeMechTypes(t.mechTypes))];
  if (t.mechToken) fields.push(ctx(2, octets(t.mechToken)));
  if (t.mechListMIC) fields.push(ctx(3, octets(t.mechListMIC)));
  return tlv(0x60, encodeOid(SPNEGO_OID), ctx(0, tlv(0x30, ...fields)));
}

export function encodeNegTokenResp(t: Omit<NegTokenResp, 'kind'>): Buffer {
  const fields: Buffer[] = [];
  if (t.negState !== undefined) fields.push(ctx(0, tlv(0x0a, Buffer.from([t.negState]))));
  if (t.supportedMech) fields.push(ctx(1, encodeOid(t.supportedMech)));
  if (t.responseToken) fields.push(ctx(2, octets(t.responseToken)));
  if (t.mechListMIC) fields.push(ctx(3, octets(t.mechListMIC)));
  return ctx(1, tlv(0x30, ...fields));
}

/** True for a token that starts like SPNEGO (InitialContextToken or a bare NegTokenResp), not raw NTLMSSP/krb5. */
export function looksLikeSpnego(token: Buffer): boolean {
  if (token.length < 2) return false;
  if (token[0] === 0xa1) return true;
  if (token[0] !== 0x60) return false;
  try {
    const inner = readTlv(token);
    const oid = expectTlv(inner.value, 0x06, 'thisMech');
    return decodeOid(oid.value) === SPNEGO_OID;
  } catch {
    return false;
  }
}

function octetString(value: Buffer, what: string): Buffer {
  return Buffer.from(expectTlv(value, 0x04, what).value);
}

export function decodeSpnego(token: Buffer): SpnegoToken {
  const outer = readTlv(token);
  if (outer.tag === 0x60) {
    const oid = expectTlv(outer.value, 0x06, 'thisMech');
    if (decodeOid(oid.value) !== SPNEGO_OID) throw bad(`thisMech ${decodeOid(oid.value)} is not SPNEGO`);
    const choice = readTlv(outer.value, oid.end);
    if (choice.tag !== 0xa0) throw bad('InitialContextToken does not hold a NegTokenInit');
    return decodeInit(choice.value);
  }
  if (outer.tag === 0xa1) return decodeResp(outer.value);
  throw bad(`tag 0x${outer.tag.toString(16)} is neither NegTokenInit nor NegTokenResp`);
}

function decodeInit(choice: Buffer): NegTokenInit {
  const out: NegTokenInit = { kind: 'init', mechTypes: [] };
  for (const f of children(expectTlv(choice, 0x30, 'NegTokenInit').value)) {
    if (f.tag === 0xa0) {
      out.mechTypes = children(expectTlv(f.value, 0x30, 'mechTypes').value).map((o) => {
        if (o.tag !== 0x06) throw bad('mechTypes holds a non-OID');
        return decodeOid(o.value);
      });
    } else if (f.tag === 0xa2) {
      out.mechToken = octetString(f.value, 'mechToken');
    } else if (f.tag === 0xa3) {
      // RFC 4178's mechListMIC, or MS-SPNG's NegTokenInit2 negHints (a SEQUENCE), which only servers send.
      if (f.value[0] === 0x04) out.mechListMIC = octetString(f.value, 'mechListMIC');
    } else if (f.tag === 0xa4) {
      out.mechListMIC = octetString(f.value, 'mechListMIC');
    }
  }
  if (out.mechTypes.length === 0) throw bad('NegTokenInit without mechTypes');
  return out;
}

function decodeResp(choice: Buffer): NegTokenResp {
  const out: NegTokenResp = { kind: 'resp' };
  for (const f of children(expectTlv(choice, 0x30, 'NegTokenResp').value)) {
    if (f.tag === 0xa0) {
      const e = expectTlv(f.value, 0x0a, 'negState').value;
      const v = e[0];
      if (e.length !== 1 || v === undefined || v > 3) throw bad('negState out of range');
      out.negState = v as NegStateValue;
    } else if (f.tag === 0xa1) {
      out.supportedMech = decodeOid(expectTlv(f.value, 0x06, 'supportedMech').value);
    } else if (f.tag === 0xa2) {
      out.responseToken = octetString(f.value, 'responseToken');
    } else if (f.tag === 0xa3) {
      out.mechListMIC = octetString(f.value, 'mechListMIC');
    }
  }
  return out;
}
