/**
 * The server half of the 401 dance (reference §7.1): `Authorization: Negotiate <token>` legs, one security context
 * per TCP connection. The token is raw NTLMSSP (pywinrm, Ruby, Go), SPNEGO (pypsrp, Windows clients: NTLM or
 * Kerberos inside), or a raw Kerberos AP-REQ, also under `Authorization: Kerberos` on domain members. Negotiate is
 * offered, Kerberos on domain members, Basic when the host enables it (reference §7.2, off by default); `NTLM` and
 * anything else get a fresh 401. On HTTPS the NTLM logon is checked against the TLS channel as
 * Service/Auth/CbtHardeningLevel says.
 */
import { NtlmServer } from '../../transport/winrm/ntlm/server.ts';
import { SpnegoAcceptor } from '../../transport/winrm/spnego/acceptor.ts';
import { NtlmAcceptorMech, type MechContext } from '../../transport/winrm/spnego/mech.ts';
import { NegState, encodeNegTokenResp, looksLikeSpnego } from '../../transport/winrm/spnego/tokens.ts';
import { KERBEROS_ENCRYPTED, SPNEGO_ENCRYPTED, type EncryptionProtocol } from '../../transport/winrm/http/encryption.ts';
import type { ChannelBindings, MessageSecurity } from '../../transport/winrm/gss/types.ts';
import type { FaultInjector, SimUser } from './types.ts';
import { resolveUser } from './users.ts';

export type CbtHardeningLevel = 'none' | 'relaxed' | 'strict';

export interface AuthSession {
  /** Account name as the client spelled it. */
  user: string;
  userKey: string;
  /** The sealing context; absent for Basic, which cannot seal. */
  security?: MessageSecurity;
  /** The multipart/encrypted protocol this session seals with [MS-WSMV 2.2.9.1]. */
  protocol?: EncryptionProtocol;
}

/** Authentication state of one TCP connection. */
export interface ConnAuth {
  pending?: NtlmServer;
  spnego?: SpnegoAcceptor;
  session?: AuthSession;
}

export type AuthOutcome =
  | { kind: 'challenge'; header: string }
  /** `header`: the refusal's `WWW-Authenticate` when the mechanism said why (a Kerberos KRB-ERROR). */
  | { kind: 'reject'; header?: string }
  /** `header`: the final `WWW-Authenticate` (SPNEGO accept-completed, Kerberos AP-REP) to send with the 200. */
  | { kind: 'accepted'; session: AuthSession; header?: string };

/** Who a finished mechanism says the client is. */
export interface Identity {
  user: string;
  /** NTLM: the domain as sent; Kerberos: the realm of the client principal. */
  domain: string;
}

/**
 * A Kerberos acceptor for one connection (domain mode, src/sim/domain/): undefined when this host cannot accept
 * Kerberos (no keytab). `oid` is the OID the client named it by, echoed in SPNEGO.
 */
export type KerberosMechFactory = (
  oid: string,
  scheme: 'Negotiate' | 'Kerberos',
  channel: { bindings: ChannelBindings; level: CbtHardeningLevel } | undefined,
) => (MechContext & { identity(): Identity; failure?: Buffer }) | undefined;

export interface AuthContext {
  computerName: string;
  /** NetBIOS domain; the computer name on a workgroup host. */
  domainName?: string;
  users: Map<string, SimUser>;
  faults: FaultInjector;
  /** Resolves domain accounts (domain mode); local accounts otherwise. */
  resolve?: (user: string, domain: string) => { name: string; account: SimUser } | undefined;
  /** HTTPS only: the listener certificate's binding and Service/Auth/CbtHardeningLevel (Relaxed by default). */
  channel?: { bindings: ChannelBindings; level: CbtHardeningLevel };
  kerberos?: KerberosMechFactory;
}

/**
 * `Authorization: Basic base64(user:password)`, checked on every request (Basic has no per-connection logon).
 * Local accounts only, Administrators only under the default RootSDDL, and only when Service/Auth/Basic is on.
 */
export function basicLogon(header: string, ctx: AuthContext & { basic: boolean }): AuthSession | undefined {
  const [scheme = '', b64 = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() !== 'basic' || !ctx.basic || ctx.faults.wrongPassword) return undefined;
  const decoded = Buffer.from(b64, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = resolveUser(ctx.users, ctx.computerName, decoded.slice(0, colon), '');
  if (!user || !user.account.admin || user.account.password !== decoded.slice(colon + 1)) return undefined;
  return { user: user.name, userKey: user.name.toLowerCase() };
}

const NTLMSSP = Buffer.from('NTLMSSP\0', 'latin1');

export function authLeg(header: string, conn: ConnAuth, ctx: AuthContext): AuthOutcome {
  const [rawScheme = '', b64 = ''] = header.trim().split(/\s+/, 2);
  const scheme = rawScheme.toLowerCase();
  if ((scheme !== 'negotiate' && scheme !== 'kerberos') || b64 === '') return { kind: 'reject' };
  const token = Buffer.from(b64, 'base64');
  if (scheme === 'kerberos') return rawKerberos(token, conn, ctx, 'Kerberos');
  if (token.length >= 12 && token.subarray(0, 8).equals(NTLMSSP)) return rawNtlm(token, conn, ctx);
  if (looksLikeSpnego(token)) return spnegoLeg(token, conn, ctx);
  // A raw krb5 InitialContextToken under Negotiate (pykerberos, requests-kerberos): Windows accepts it.
  return rawKerberos(token, conn, ctx, 'Negotiate');
}

function rawNtlm(token: Buffer, conn: ConnAuth, ctx: AuthContext): AuthOutcome {
  const type = token.readUInt32LE(8);
  if (type === 1) {
    // A new NEGOTIATE restarts authentication on this connection, dropping any earlier logon.
    conn.session = undefined;
    conn.spnego = undefined;
    conn.pending = newNtlmServer(ctx);
    return { kind: 'challenge', header: `Negotiate ${conn.pending.challenge(token).toString('base64')}` };
  }
  const server = conn.pending;
  conn.pending = undefined;
  if (type !== 3 || !server) return { kind: 'reject' };
  let result;
  try {
    result = server.accept(token);
  } catch {
    return { kind: 'reject' };
  }
  return admit({ user: result.username, domain: result.domain }, result.security, SPNEGO_ENCRYPTED, ctx);
}

function spnegoLeg(token: Buffer, conn: ConnAuth, ctx: AuthContext): AuthOutcome {
  // A NegTokenInit (0x60) starts over, as a raw NEGOTIATE does.
  if (token[0] === 0x60) {
    conn.session = undefined;
    conn.pending = undefined;
    conn.spnego = new SpnegoAcceptor((mech, oid) => (mech === 'ntlm' ? new NtlmAcceptorMech(newNtlmServer(ctx)) : ctx.kerberos?.(oid, 'Negotiate', ctx.channel)));
  }
  const spnego = conn.spnego;
  if (!spnego) return { kind: 'reject' };
  let step;
  try {
    step = spnego.step(token);
  } catch {
    conn.spnego = undefined;
    const failure = (spnego.mech as { failure?: Buffer } | undefined)?.failure;
    // Windows answers a refused Kerberos AP-REQ with the KRB-ERROR inside a SPNEGO reject (RFC 4178 4.2.2).
    if (failure) return { kind: 'reject', header: `Negotiate ${encodeNegTokenResp({ negState: NegState.REJECT, responseToken: failure }).toString('base64')}` };
    return { kind: 'reject' };
  }
  const header = `Negotiate ${step.reply.toString('base64')}`;
  if (!step.complete) {
    if (!spnego.mech) return { kind: 'reject' };
    return { kind: 'challenge', header };
  }
  conn.spnego = undefined;
  const mech = spnego.mech;
  const identity = mech instanceof NtlmAcceptorMech
    ? mech.result && { user: mech.result.username, domain: mech.result.domain }
    : (mech as (MechContext & { identity(): Identity }) | undefined)?.identity();
  if (!identity) return { kind: 'reject' };
  const outcome = admit(identity, spnego.security, SPNEGO_ENCRYPTED, ctx);
  return outcome.kind === 'accepted' ? { ...outcome, header } : outcome;
}

function rawKerberos(token: Buffer, conn: ConnAuth, ctx: AuthContext, scheme: 'Negotiate' | 'Kerberos'): AuthOutcome {
  conn.session = undefined;
  conn.pending = undefined;
  conn.spnego = undefined;
  const mech = ctx.kerberos?.('', scheme, ctx.channel);
  if (!mech) return { kind: 'reject' };
  let reply;
  try {
    reply = mech.step(token);
  } catch {
    return mech.failure ? { kind: 'reject', header: `${scheme} ${mech.failure.toString('base64')}` } : { kind: 'reject' };
  }
  if (!mech.complete) return { kind: 'reject' };
  const outcome = admit(mech.identity(), mech.security, scheme === 'Kerberos' ? KERBEROS_ENCRYPTED : SPNEGO_ENCRYPTED, ctx);
  if (outcome.kind !== 'accepted' || !reply) return outcome;
  return { ...outcome, header: `${scheme} ${reply.toString('base64')}` };
}

/** WinRM's default RootSDDL grants access to Administrators only: others authenticate but still get 401. */
function admit(id: Identity, security: MessageSecurity, protocol: EncryptionProtocol, ctx: AuthContext): AuthOutcome {
  const user = ctx.resolve ? ctx.resolve(id.user, id.domain) : resolveUser(ctx.users, ctx.computerName, id.user, id.domain);
  if (!user || !user.account.admin || ctx.faults.wrongPassword) return { kind: 'reject' };
  return { kind: 'accepted', session: { user: user.name, userKey: user.name.toLowerCase(), security, protocol } };
}

function newNtlmServer(ctx: AuthContext): NtlmServer {
  const name = ctx.computerName.toUpperCase();
  const lookup = ctx.resolve ?? ((u: string, d: string) => resolveUser(ctx.users, name, u, d));
  return new NtlmServer({
    computerName: name,
    // A workgroup host is its own NetBIOS domain.
    domainName: ctx.domainName?.toUpperCase() ?? name,
    lookupPassword: (username, domain) => lookup(username, domain)?.account.password,
    channelBindings: ctx.channel && { expected: ctx.channel.bindings, level: ctx.channel.level },
  });
}
