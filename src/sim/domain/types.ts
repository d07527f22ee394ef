/**
 * A simulated Active Directory domain the site's hosts are joined to: its names, its accounts and groups, and the
 * keys each host's WinRM service decrypts Kerberos tickets with. The KDC is not simulated: tickets come from a real
 * KDC (MIT's krb5kdc in the tests), whose keytab for `HTTP/<host>.<dns>` the host is given, as a domain member holds
 * its computer account's keys.
 */
import type { KeytabEntry } from '../../transport/winrm/kerberos/index.ts';

export interface DomainAccount {
  /** sAMAccountName, e.g. `qliksvc`. */
  name: string;
  password: string;
  /** Domain groups it belongs to, e.g. `Domain Admins`. */
  groups?: string[];
  enabled?: boolean;
}

export interface SimDomainOptions {
  /** NetBIOS name, e.g. `WINBOOK`. */
  netbios: string;
  /** DNS name, e.g. `winbook.test`; the Kerberos realm is its upper case. */
  dns: string;
  accounts: DomainAccount[];
  /**
   * Domain groups put into each host's local groups when it joins, as Windows does with Domain Admins in
   * Administrators; default `{ Administrators: ['Domain Admins'] }`.
   */
  localGroups?: Record<string, string[]>;
  /** The host's service keys (a keytab path or entries) for `HTTP/<host>.<dns>`; undefined: no Kerberos on that host. */
  keytab?: (hostName: string) => string | KeytabEntry[] | undefined;
  /**
   * The domain account the site's inventory logs on as, over Kerberos (`ansible_user: <name>@<REALM>`,
   * `ansible_winrm_transport: kerberos`); without it the inventory keeps the local Administrator over NTLM.
   */
  inventoryAccount?: string;
  /** Shift of the hosts' clocks against the real one, to provoke KRB_AP_ERR_SKEW (tests). */
  clockSkewMs?: number;
}

/** A domain as a joined host records it (HostState.domain). */
export interface HostDomain {
  netbios: string;
  dns: string;
  /** Domain group → members as `NETBIOS\user`. */
  groups: Record<string, string[]>;
}
