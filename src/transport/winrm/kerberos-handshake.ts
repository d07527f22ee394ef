/**
 * ansible_winrm_transport: kerberos for one HTTP connection: a service ticket for `<service>/<host>` (the
 * hostname override, else ansible_host) from ansible_user/ansible_password or the KRB5CCNAME cache, sent inside
 * SPNEGO with the TLS channel binding; NTLM offered after it when the inventory listed ntlm, and used alone when no
 * ticket can be had, which is what Ansible's next transport attempt would do.
 */
import type { ConnectionSettings, KerberosSettings } from '../types.ts';
import type { ChannelBindings } from './gss/types.ts';
import { initiateKerberos, type KerberosInitiator, type KerberosMessageSecurity, type TicketCache } from './kerberos/index.ts';
import { KerberosError } from './kerberos/errors.ts';
import type { NtlmClient } from './ntlm/client.ts';
import { ntlmHandshake, spnegoHandshake, type Handshake } from './http/handshake.ts';
import { NtlmInitiatorMech, type MechContext } from './spnego/mech.ts';
import { KRB5_OID } from './spnego/oids.ts';

/** The Kerberos initiator as SPNEGO drives it: AP-REQ first, then the AP-REP proves the host (mutual authentication). */
class KerberosInitiatorMech implements MechContext {
  readonly mech = 'kerberos';
  readonly oid = KRB5_OID;
  readonly needsMechListMic = false;
  private sent = false;
  private sec?: KerberosMessageSecurity;

  constructor(private readonly init: KerberosInitiator) {}

  step(input: Buffer | undefined): Buffer | undefined {
    if (!this.sent) {
      this.sent = true;
      return this.init.token;
    }
    // complete() throws the KRB-ERROR a refusing host sent back (clock skew, wrong key), in Kerberos' words.
    this.sec = this.init.complete(input);
    return undefined;
  }

  get complete(): boolean {
    return this.sec !== undefined;
  }

  get security(): KerberosMessageSecurity {
    if (!this.sec) throw new KerberosError('KRB_BAD_MESSAGE', 'Kerberos security context used before the AP-REP was checked');
    return this.sec;
  }
}

export function kerberosHandshake(s: Pick<ConnectionSettings, 'address' | 'user' | 'password'>, k: KerberosSettings, tickets?: TicketCache) {
  return async (cb: ChannelBindings | undefined, ntlmFallback: (() => NtlmClient) | undefined): Promise<Handshake> => {
    const host = k.hostnameOverride ?? s.address;
    let init: KerberosInitiator;
    try {
      init = await initiateKerberos({
        host,
        spn: `${k.service}/${host}`,
        ...(k.mode === 'managed' ? { username: s.user, password: s.password } : s.user ? { username: s.user } : {}),
        channelBindings: cb,
        delegate: k.delegate,
        tickets,
      });
    } catch (e) {
      if (ntlmFallback && e instanceof KerberosError) return ntlmHandshake(ntlmFallback());
      throw e;
    }
    const mechs: MechContext[] = [new KerberosInitiatorMech(init)];
    if (ntlmFallback) mechs.push(new NtlmInitiatorMech(ntlmFallback()));
    return spnegoHandshake(mechs);
  };
}
