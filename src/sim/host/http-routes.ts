/**
 * Names the simulated host's network resolves to a real HTTP server outside the simulator: a test's file server
 * (win_get_url downloads from it). Everything else stays the host's own view (listening.ts): a name without a route
 * is not reachable. A route's address must be a loopback address, so a rehearsal never sends traffic off the
 * machine. Keyed by the HostState object like http-endpoints.ts, so two sites never share routes.
 */
import { isIP } from 'node:net';
import type { HostState } from './state.ts';

const ROUTES = new WeakMap<HostState, Map<string, string>>();

function isLoopback(address: string): boolean {
  return address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));
}

/** From now on, `name` (case-insensitive, as DNS) reaches the real server on `address` from this host. */
export function addHttpRoute(state: HostState, name: string, address: string): void {
  if (!isLoopback(address)) throw new Error(`a simulated host's HTTP route must lead to a loopback address, not ${address}`);
  const routes = ROUTES.get(state) ?? new Map<string, string>();
  routes.set(name.toLowerCase(), address);
  ROUTES.set(state, routes);
}

/** The loopback address a host name is routed to, or undefined. */
export function routeOf(state: HostState, name: string): string | undefined {
  return ROUTES.get(state)?.get(name.toLowerCase());
}
