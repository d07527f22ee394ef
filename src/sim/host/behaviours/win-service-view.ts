/**
 * win_service's return values, computed the way ansible.windows' win_service.ps1 does from its "after" diff:
 * `state` is the lower-case ServiceControllerStatus (running, stopped, paused, startpending), `username` is the
 * translated NT account name with SYSTEM shown as LocalSystem.
 */
import { resolvePrincipal } from '../accounts.ts';
import { dependedBy } from '../services.ts';
import type { HostState, Service } from '../state.ts';

export interface ServiceView {
  name: string;
  display_name: string;
  state: string;
  start_mode: string;
  username: string | null;
  path: string;
  description: string;
  dependencies: string[];
  desktop_interact: boolean;
}

const NT_NAMES: Record<string, string> = {
  LocalSystem: 'LocalSystem',
  'NT AUTHORITY\\LocalService': 'NT AUTHORITY\\LOCAL SERVICE',
  'NT AUTHORITY\\NetworkService': 'NT AUTHORITY\\NETWORK SERVICE',
};

/** The account as NTAccount.Translate would name it; undefined when it does not resolve. */
export function translatedAccount(state: HostState, account: string): string | undefined {
  const p = resolvePrincipal(state, account);
  if (!p) return undefined;
  return p.kind === 'builtin' ? NT_NAMES[p.name] : p.name;
}

export function viewOf(state: HostState, s: Service): ServiceView {
  return {
    name: s.name,
    display_name: s.display_name,
    state: s.state.replace('_', ''),
    start_mode: s.start_mode,
    username: s.type === 'kernel_driver' ? null : translatedAccount(state, s.account) ?? s.account,
    path: s.path,
    description: s.description,
    dependencies: [...s.dependencies],
    desktop_interact: false,
  };
}

export function resultFields(state: HostState, view: ServiceView, live: Service | undefined): Record<string, unknown> {
  return {
    exists: true,
    ...view,
    depended_by: live ? dependedBy(state, live.name) : [],
    can_pause_and_continue: live ? live.can_pause_and_continue : null,
  };
}
