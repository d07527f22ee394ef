/**
 * Joining a host to the simulated domain: the domain's accounts become known to it as `NETBIOS\name` (the host
 * model's way of saying "the DC would accept this logon"), and domain groups are put into local groups (Domain Admins
 * into Administrators, as the join does on Windows).
 */
import type { HostState } from '../host/state.ts';
import type { SimDomainOptions } from './types.ts';

export function joinDomain(state: HostState, d: SimDomainOptions): void {
  const nb = d.netbios.toUpperCase();
  const groups: Record<string, string[]> = {};
  for (const a of d.accounts) {
    state.users.push({ name: `${nb}\\${a.name}`, password: a.password, enabled: a.enabled ?? true, password_never_expires: true });
    for (const g of a.groups ?? []) (groups[g] ??= []).push(`${nb}\\${a.name}`);
  }
  state.domain = { netbios: nb, dns: d.dns.toLowerCase(), groups };
  for (const [local, domainGroups] of Object.entries(d.localGroups ?? { Administrators: ['Domain Admins'] })) {
    const members = (state.groups[local] ??= []);
    for (const g of domainGroups) members.push(`${nb}\\${g}`);
  }
}
