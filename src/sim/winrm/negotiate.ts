/**
 * The server half of the 401 dance (reference §7.1): `Authorization: Negotiate <raw NTLMSSP>` legs, one NTLM
 * context per TCP connection. Negotiate is offered, and Basic when the host enables it (reference §7.2, off by
 * default); `NTLM` and anything else get a fresh 401. SPNEGO-wrapped tokens (pypsrp's default) are not understood yet and also get a fresh 401.
 */
import { NtlmServer } from '../../transport/winrm/ntlm/server.ts';
import type { NtlmSecurityContext } from '../../transport/winrm/ntlm/types.ts';
import type { FaultInjector, SimUser } from './types.ts';
import { resolveUser } from './users.ts';

export interface AuthSession {
  /** Account name as the client spelled it. */
  user: string;
  userKey: string;
  /** The NTLM sealing context; absent for Basic, which cannot seal. */
  security?: NtlmSecurityContext;
}

/** Authentication state of one TCP connection. */
export interface ConnAuth {
  pending?: NtlmServer;
  session?: AuthSession;
}

export type AuthOutcome =
  | { kind: 'challenge'; token: Buffer }
  | { kind: 'reject' }
  | { kind: 'accepted'; session: AuthSession };

export interface AuthContext {
  computerName: string;
  users: Map<string, SimUser>;
  faults: FaultInjector;
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
  const [scheme = '', b64 = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() !== 'negotiate' || b64 === '') return { kind: 'reject' };
  const token = Buffer.from(b64, 'base64');
  if (token.length < 12 || !token.subarray(0, 8).equals(NTLMSSP)) return { kind: 'reject' };
  const type = token.readUInt32LE(8);
  if (type === 1) {
    // A new NEGOTIATE restarts authentication on this connection, dropping any earlier logon.
    conn.session = undefined;
    conn.pending = newNtlmServer(ctx);
    return { kind: 'challenge', token: conn.pending.challenge(token) };
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
  const user = resolveUser(ctx.users, ctx.computerName, result.username, result.domain);
  // WinRM's default RootSDDL grants access to Administrators only: others authenticate but still get 401.
  if (!user || !user.account.admin || ctx.faults.wrongPassword) return { kind: 'reject' };
  return {
    kind: 'accepted',
    session: { user: user.name, userKey: user.name.toLowerCase(), security: result.security },
  };
}

function newNtlmServer(ctx: AuthContext): NtlmServer {
  const name = ctx.computerName.toUpperCase();
  return new NtlmServer({
    computerName: name,
    // A workgroup host is its own NetBIOS domain.
    domainName: name,
    lookupPassword: (username, domain) => resolveUser(ctx.users, name, username, domain)?.account.password,
  });
}
