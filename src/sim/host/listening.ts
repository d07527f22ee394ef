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

/** What listens on a port: a service, or a process (its image name). */
export interface Listener {
  name: string;
}

/** Ports a running process listens on while `open()` says so (a Qlik rim's waiting bootstrap on 4570). */
const PROCESS_LISTENERS = new WeakMap<HostState, Array<{ port: number; name: string; open: () => boolean }>>();

export function addProcessListener(state: HostState, port: number, name: string, open: () => boolean): void {
  const list = PROCESS_LISTENERS.get(state) ?? [];
  list.push({ port, name, open });
  PROCESS_LISTENERS.set(state, list);
}

/** The running service (or process) listening on `port` as `host` sees it, or undefined (connection refused). */
export function listenerOf(state: HostState, host: string, port: number): Listener | undefined {
  if (!isThisHost(state, host)) return undefined;
  const svc = state.services.find((s) => s.state === 'running' && portsOf(s).includes(port));
  if (svc) return svc;
  const p = PROCESS_LISTENERS.get(state)?.find((l) => l.port === port && l.open());
  return p ? { name: p.name } : undefined;
}

/** Established connections to a local port: the controller's own WinRM connection is always there. */
export function activeConnections(state: HostState, port: number): string[] {
  const svc = listenerOf(state, '127.0.0.1', port);
  return svc && svc.name.toLowerCase() === 'winrm' ? ['controller'] : [];
}
