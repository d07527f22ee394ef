/**
 * The host's network adapters as Windows configures them (NetworkInterface + Win32_NetworkAdapterConfiguration):
 * a fresh host has one, `Ethernet0`, holding the address its listener answers on (/24, no gateway: the loopback
 * network has none), the connection-specific suffix of its domain and no DNS servers. Changes (DNS servers) are
 * stored in HostState.adapters; reading never stores, so a read leaves the host state as it was.
 */
import type { HostState } from '../host/state.ts';

export interface NetAdapter {
  /** Connection name (NetConnectionID), e.g. `Ethernet0`. */
  name: string;
  description: string;
  interface_index: number;
  mac: string;
  ipv4: { address: string; prefix: number }[];
  ipv6: { address: string; prefix: number }[];
  gateway: string | null;
  dns_suffix: string;
  /** DNSServerSearchOrder, in order. */
  dns_servers: string[];
  mtu: number;
  speed_mbps: number;
}

/** A MAC in Hyper-V's range (00-15-5D) from the last three octets of the address, so each host differs. */
function macFor(address: string): string {
  const octets = address.split('.').map((n) => Number(n) & 255);
  return ['00', '15', '5D', ...octets.slice(1).map((n) => n.toString(16).padStart(2, '0').toUpperCase())].join(':');
}

function defaultAdapters(state: HostState): NetAdapter[] {
  const address = state.address ?? '10.0.0.10';
  return [
    {
      name: 'Ethernet0',
      description: 'Microsoft Hyper-V Network Adapter',
      interface_index: 4,
      mac: macFor(address),
      ipv4: [{ address, prefix: 24 }],
      ipv6: [],
      gateway: null,
      dns_suffix: state.domain?.dns ?? '',
      dns_servers: [],
      mtu: 1500,
      speed_mbps: 10000,
    },
  ];
}

/** The adapters as configured (a copy when none were changed yet). */
export function adaptersOf(state: HostState): NetAdapter[] {
  return state.adapters ?? defaultAdapters(state);
}

/** The adapters for a change: stored from now on. */
export function adaptersForChange(state: HostState): NetAdapter[] {
  return (state.adapters ??= defaultAdapters(state));
}
