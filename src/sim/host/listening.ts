/**
 * Which TCP ports a simulated host listens on: a running service's `listens` ports, or for services that do not
 * say, the ports Windows' own services open (WinRM 5985, RPC endpoint mapper 135). Only the host's own view is
 * modelled: another host's name or address is not reachable from here (the connect fails, as to a closed port).
 */
import type { HostState, Service } from './state.ts';

const WELL_KNOWN_PORTS: Record<string, number[]> = {
  winrm: [5985],
  rpcss: [135],
  rpceptmapper: [135],
};

export function portsOf(s: Service): number[] {
  return s.listens ?? WELL_KNOWN_PORTS[s.name.toLowerCase()] ?? [];
}

/** Whether `host` names this host: loopback, any address, its NetBIOS name or an FQDN starting with it. */
export function isThisHost(state: HostState, host: string): boolean {
  const h = host.toLowerCase();
  const me = state.hostname.toLowerCase();
  return h === 'localhost' || h === '::1' || h === '0.0.0.0' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === me || h.startsWith(`${me}.`);
}

/** The running service listening on `port` as `host` sees it, or undefined (connection refused). */
export function listenerOf(state: HostState, host: string, port: number): Service | undefined {
  if (!isThisHost(state, host)) return undefined;
  return state.services.find((s) => s.state === 'running' && portsOf(s).includes(port));
}

/** Established connections to a local port: the controller's own WinRM connection is always there. */
export function activeConnections(state: HostState, port: number): string[] {
  const svc = listenerOf(state, '127.0.0.1', port);
  return svc && svc.name.toLowerCase() === 'winrm' ? ['controller'] : [];
}
