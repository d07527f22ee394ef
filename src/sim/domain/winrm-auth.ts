/**
 * What a domain member's WinRM service adds to the logon (src/sim/winrm/negotiate.ts): domain accounts for NTLM
 * (`NETBIOS\user`, `user@dns`), and Kerberos tickets for `HTTP/<host>.<dns>` checked with the host's keytab, with
 * the channel binding held to CbtHardeningLevel and refusals answered with the KRB-ERROR Windows sends (clock skew,
 * a ticket for another service or realm).
 */
import type { HostState } from '../host/state.ts';
import { isAdmin } from '../host/accounts.ts';
import { resolveUser } from '../winrm/users.ts';
import type { AuthContext, CbtHardeningLevel, Identity } from '../winrm/negotiate.ts';
import type { SimUser } from '../winrm/types.ts';
import type { ChannelBindings, MessageSecurity } from '../../transport/winrm/gss/types.ts';
import { GssError } from '../../transport/winrm/gss/errors.ts';
import { KerberosError, ReplayCache, acceptKerberos, krbErrorToken, type AcceptResult, type KeytabEntry } from '../../transport/winrm/kerberos/index.ts';
import { NameType } from '../../transport/winrm/kerberos/types.ts';
import type { MechContext } from '../../transport/winrm/spnego/mech.ts';
import { KRB5_OID } from '../../transport/winrm/spnego/oids.ts';
import type { SimDomainOptions } from './types.ts';

/** The Kerberos acceptor of one connection, as SPNEGO (or the raw Negotiate/Kerberos scheme) drives it. */
export class KerberosAcceptorMech implements MechContext {
  readonly mech = 'kerberos';
  readonly needsMechListMic = false;
  result?: AcceptResult;
  /** The framed KRB-ERROR to answer a refused AP-REQ with, when Kerberos said why. */
  failure?: Buffer;

  constructor(
    readonly oid: string,
    private readonly o: {
      keytab: string | KeytabEntry[];
      realm: string;
      spnHost: string;
      now: () => Date;
      replay: ReplayCache;
      channel?: { bindings: ChannelBindings; level: CbtHardeningLevel };
    },
  ) {}

  step(token: Buffer | undefined): Buffer | undefined {
    if (!token) throw new GssError('GSS_BAD_TOKEN', 'Kerberos: the initiator sent no AP-REQ');
    const now = this.o.now();
    let r: AcceptResult;
    try {
      r = acceptKerberos(token, { keytab: this.o.keytab, now, channelBindings: this.o.channel?.bindings, replayCache: this.o.replay });
    } catch (e) {
      if (e instanceof KerberosError && e.krbCode !== undefined) {
        this.failure = krbErrorToken(e, { realm: this.o.realm, service: { type: NameType.SRV_HST, parts: ['HTTP', this.o.spnHost] }, now });
      }
      throw e;
    }
    // Extended Protection as HTTP.sys applies it: a wrong binding always fails, a missing one only at Strict.
    const level = this.o.channel?.level ?? 'none';
    if (level !== 'none' && r.boundChannel === 'mismatch') throw new GssError('GSS_BAD_SIGNATURE', 'Kerberos channel binding does not match this TLS connection');
    if (level === 'strict' && r.boundChannel !== 'match') throw new GssError('GSS_BAD_SIGNATURE', 'no Kerberos channel binding and CbtHardeningLevel is Strict');
    this.result = r;
    return r.reply;
  }

  get complete(): boolean {
    return this.result !== undefined;
  }

  get security(): MessageSecurity {
    if (!this.result) throw new GssError('GSS_BAD_TOKEN', 'Kerberos security context used before the AP-REQ was accepted');
    return this.result.security;
  }

  identity(): Identity {
    if (!this.result) throw new GssError('GSS_BAD_TOKEN', 'Kerberos identity asked before the AP-REQ was accepted');
    return { user: this.result.clientName.parts.join('/'), domain: this.result.clientRealm };
  }
}

/** The listener's `domain` option for one joined host. */
export function domainAuth(hostName: string, state: () => HostState, d: SimDomainOptions): NonNullable<Pick<AuthContext, 'domainName' | 'resolve' | 'kerberos'>> {
  const nb = d.netbios.toUpperCase();
  const dns = d.dns.toLowerCase();
  const realm = dns.toUpperCase();
  const fqdn = `${hostName.toLowerCase()}.${dns}`;
  const isDomain = (x: string) => [nb.toLowerCase(), dns, realm.toLowerCase()].includes(x.toLowerCase());
  const replay = new ReplayCache();

  const resolve = (username: string, domain: string): { name: string; account: SimUser } | undefined => {
    let name = username;
    let dom = domain;
    const slash = name.indexOf('\\');
    if (slash >= 0) [dom, name] = [name.slice(0, slash), name.slice(slash + 1)];
    const at = name.lastIndexOf('@');
    if (at >= 0 && dom === '') [dom, name] = [name.slice(at + 1), name.slice(0, at)];
    const s = state();
    if (!isDomain(dom)) {
      const local = new Map(s.users.filter((u) => !u.name.includes('\\') && u.enabled).map((u) => [u.name.toLowerCase(), { password: u.password, admin: isAdmin(s, `${s.hostname}\\${u.name}`) }]));
      return resolveUser(local, s.hostname, username, domain);
    }
    const qualified = `${nb}\\${name}`;
    const user = s.users.find((u) => u.name.toLowerCase() === qualified.toLowerCase() && u.enabled);
    return user ? { name: qualified, account: { password: user.password, admin: isAdmin(s, qualified) } } : undefined;
  };

  return {
    domainName: nb,
    resolve,
    kerberos: (oid, _scheme, channel) => {
      const keytab = d.keytab?.(hostName);
      if (!keytab) return undefined;
      return new KerberosAcceptorMech(oid || KRB5_OID, { keytab, realm, spnHost: fqdn, now: () => new Date(Date.now() + (d.clockSkewMs ?? 0)), replay, channel });
    },
  };
}
