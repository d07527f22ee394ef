/** ansible.windows.win_service_info against the simulated SCM: read-only, name or display name with wildcards. */
import { dependedBy } from '../services.ts';
import type { HostState, Service } from '../state.ts';
import type { Behaviour } from './types.ts';

/** PowerShell's -like: `*` any run, `?` one character, `[...]` a set; case-insensitive. */
export function likePattern(pattern: string): RegExp {
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'is');
}

const SERVICE_TYPES: Record<Service['type'], string> = {
  own_process: 'Win32OwnProcess',
  share_process: 'Win32ShareProcess',
  kernel_driver: 'KernelDriver',
};

function info(state: HostState, s: Service): Record<string, unknown> {
  return {
    name: s.name,
    display_name: s.display_name,
    state: s.state,
    start_mode: s.start_mode,
    dependencies: [...s.dependencies],
    dependency_of: dependedBy(state, s.name),
    can_pause_and_continue: s.can_pause_and_continue,
    service_type: SERVICE_TYPES[s.type],
    username: s.type === 'kernel_driver' ? null : s.account,
    path: s.path,
    description: s.description,
    desktop_interact: false,
  };
}

export const winServiceInfo: Behaviour = (state, args) => {
  const name = typeof args.name === 'string' ? args.name : undefined;
  const re = name === undefined ? undefined : likePattern(name);
  const services = state.services
    // Get-Service lists Win32 services only, not kernel drivers such as HTTP.
    .filter((s) => s.type !== 'kernel_driver' && (!re || re.test(s.name) || re.test(s.display_name)))
    .sort((x, y) => x.name.toLowerCase().localeCompare(y.name.toLowerCase()))
    .map((s) => info(state, s));
  return { changed: false, exists: services.length > 0, services };
};
