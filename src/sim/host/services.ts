/**
 * The Service Control Manager's rules as pure operations on HostState. Each raises Windows' own error
 * (WindowsError with the Win32 code and text) where the SCM refuses, and logs every change it makes to the
 * rehearsal log with the acting account. Operations that find the service already as asked are no-ops and
 * return false, so callers can report `changed` honestly.
 */
import { holdsRight, resolvePrincipal } from './accounts.ts';
import { notifyStopped, runStartGuards } from './hooks.ts';
import type { RehearsalLog } from './rehearsal-log.ts';
import { serviceProcessEnded } from './service-process.ts';
import type { HostState, Service, StartMode } from './state.ts';
import { WindowsError, win32 } from './windows-error.ts';

/** Who is acting, for the rehearsal log. */
export interface Actor {
  account: string;
  log: RehearsalLog;
}

export function findService(state: HostState, name: string): Service | undefined {
  const n = name.toLowerCase();
  return state.services.find((s) => s.name.toLowerCase() === n);
}

/** By key name, then by display name, as Get-Service and `net start` accept either. */
export function findServiceByAnyName(state: HostState, name: string): Service | undefined {
  const n = name.toLowerCase();
  return findService(state, name) ?? state.services.find((s) => s.display_name.toLowerCase() === n);
}

export function getService(state: HostState, name: string): Service {
  const s = findService(state, name);
  if (!s) throw win32(1060);
  return s;
}

/** OpenService(SERVICE_CHANGE_CONFIG | SERVICE_STOP ...): a protected service's DACL refuses even Administrators. */
export function serviceForChange(state: HostState, name: string): Service {
  const s = getService(state, name);
  if (s.protected) throw new WindowsError(5, 'Access is denied.');
  return s;
}

/** Names of the services that depend on `name`. */
export function dependedBy(state: HostState, name: string): string[] {
  const n = name.toLowerCase();
  return state.services.filter((s) => s.dependencies.some((d) => d.toLowerCase() === n)).map((s) => s.name);
}

function record(state: HostState, actor: Actor, what: string, target: string, detail?: Record<string, unknown>): void {
  actor.log.append({ host: state.hostname, account: actor.account, what, target, ...(detail ? { detail } : {}) });
}

/** SERVICE_WIN32 services log on as their account; LocalSystem and the NT AUTHORITY accounts need no password or right. */
function checkLogon(state: HostState, s: Service): void {
  if (s.type === 'kernel_driver') return;
  const p = resolvePrincipal(state, s.account);
  if (!p) throw win32(1069);
  if (p.kind === 'builtin') return;
  if (!p.user.enabled || p.user.locked || p.user.password !== s.password || !holdsRight(state, p.name, 'SeServiceLogonRight')) {
    throw win32(1069);
  }
  // A deny right wins over the grant, as LSA evaluates logon rights.
  if (holdsRight(state, p.name, 'SeDenyServiceLogonRight')) throw win32(1069);
}

/** StartService: dependencies first (depth first, in declared order), then the service itself. */
export function startService(state: HostState, name: string, actor: Actor): boolean {
  return startWithin(state, serviceForChange(state, name), actor, []);
}

function startWithin(state: HostState, s: Service, actor: Actor, path: string[]): boolean {
  if (s.state !== 'stopped') return false;
  if (s.start_mode === 'disabled') throw win32(1058);
  if (path.includes(s.name.toLowerCase())) throw win32(1059);
  for (const depName of s.dependencies) {
    const dep = findService(state, depName);
    if (!dep) throw win32(1075);
    try {
      startWithin(state, dep, actor, [...path, s.name.toLowerCase()]);
    } catch (e) {
      // The SCM reports a dependency's failure to start as 1068 on the service that was asked for.
      if (e instanceof WindowsError && e.code === 1059) throw e;
      throw win32(1068);
    }
  }
  checkLogon(state, s);
  runStartGuards(state, s, actor);
  serviceProcessEnded(s);
  s.state = 'running';
  record(state, actor, 'service.start', s.name);
  return true;
}

/** ControlService(STOP). Running dependents refuse the stop unless `force`, which stops them first. */
export function stopService(state: HostState, name: string, actor: Actor, opts: { force?: boolean } = {}): boolean {
  const s = serviceForChange(state, name);
  if (s.state === 'stopped') return false;
  const running = dependedBy(state, s.name).filter((d) => findService(state, d)?.state !== 'stopped');
  if (running.length > 0 && !opts.force) {
    throw win32(1051);
  }
  for (const d of running) stopService(state, d, actor, opts);
  if (s.hung) {
    // The service accepted the stop and reports STOP_PENDING forever: whoever waits for Stopped times out (1053).
    if (s.state === 'stop_pending') return false;
    s.state = 'stop_pending';
    record(state, actor, 'service.stop_pending', s.name);
    return true;
  }
  s.state = 'stopped';
  record(state, actor, 'service.stop', s.name);
  notifyStopped(state, s, actor);
  return true;
}

export function pauseService(state: HostState, name: string, actor: Actor): boolean {
  const s = serviceForChange(state, name);
  if (s.state === 'paused') return false;
  if (s.state !== 'running') throw win32(1062);
  if (!s.can_pause_and_continue) throw win32(1052);
  s.state = 'paused';
  record(state, actor, 'service.pause', s.name);
  return true;
}

export function continueService(state: HostState, name: string, actor: Actor): boolean {
  const s = serviceForChange(state, name);
  if (s.state === 'running') return false;
  if (s.state !== 'paused') throw win32(1062);
  s.state = 'running';
  record(state, actor, 'service.continue', s.name);
  return true;
}

export function setStartMode(state: HostState, name: string, mode: StartMode, actor: Actor): boolean {
  const s = serviceForChange(state, name);
  if (s.start_mode === mode) return false;
  const before = s.start_mode;
  s.start_mode = mode;
  record(state, actor, 'service.set_start_mode', s.name, { before, after: mode });
  return true;
}

/**
 * ChangeServiceConfig(lpServiceStartName, lpPassword). An account Windows cannot resolve is refused with 1057.
 * Like sc.exe and unlike services.msc, this does not grant SeServiceLogonRight: the start fails later with 1069.
 */
export function setServiceAccount(state: HostState, name: string, account: string, password: string | undefined, actor: Actor): void {
  const s = serviceForChange(state, name);
  const p = resolvePrincipal(state, account);
  if (!p) throw win32(1057);
  // SERVICE_INTERACTIVE_PROCESS is for LocalSystem only: the SCM refuses another account while the flag is set.
  if (s.interactive && !(p.kind === 'builtin' && p.name === 'LocalSystem')) throw new WindowsError(87, 'The parameter is incorrect.');
  s.account = p.kind === 'builtin' ? p.name : account;
  s.password = p.kind === 'builtin' ? undefined : password ?? s.password;
  record(state, actor, 'service.set_account', s.name, {
    account: s.account,
    ...(password !== undefined && p.kind === 'user' ? { credentials: 'password changed' } : {}),
  });
}

export type ServiceConfig = Partial<Pick<Service, 'display_name' | 'description' | 'path' | 'dependencies'>>;

/** True when `from` reaches `to` through the dependency graph, with `from`'s dependencies taken as `deps`. */
function reaches(state: HostState, deps: string[], to: string, seen: Set<string>): boolean {
  for (const d of deps) {
    const n = d.toLowerCase();
    if (n === to) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    const dep = findService(state, d);
    if (dep && reaches(state, dep.dependencies, to, seen)) return true;
  }
  return false;
}

/**
 * ChangeServiceConfig for the descriptive fields; logs only the fields that differ. As the SCM: a display name
 * another service has (as its key or display name) is 1078; dependencies that would form a cycle are 1059.
 */
export function configureService(state: HostState, name: string, config: ServiceConfig, actor: Actor): boolean {
  const s = serviceForChange(state, name);
  if (config.display_name !== undefined) {
    const d = config.display_name.toLowerCase();
    if (state.services.some((o) => o !== s && (o.name.toLowerCase() === d || o.display_name.toLowerCase() === d))) throw win32(1078);
  }
  if (config.dependencies !== undefined && reaches(state, config.dependencies, s.name.toLowerCase(), new Set())) throw win32(1059);
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config) as Array<[keyof ServiceConfig, Service[keyof ServiceConfig]]>) {
    if (v === undefined || JSON.stringify(s[k]) === JSON.stringify(v)) continue;
    (s as unknown as Record<string, unknown>)[k] = v;
    changed[k] = v;
  }
  if (Object.keys(changed).length === 0) return false;
  record(state, actor, 'service.configure', s.name, changed);
  return true;
}

export interface NewService {
  name: string;
  path: string;
  display_name?: string;
  start_mode?: StartMode;
}

/** CreateService: a new own-process service, stopped, running as LocalSystem. */
export function createService(state: HostState, spec: NewService, actor: Actor): Service {
  if (findService(state, spec.name) || state.services.some((s) => s.display_name.toLowerCase() === spec.name.toLowerCase())) {
    throw win32(1073);
  }
  const s: Service = {
    name: spec.name,
    display_name: spec.display_name ?? spec.name,
    state: 'stopped',
    start_mode: spec.start_mode ?? 'manual',
    account: 'LocalSystem',
    path: spec.path,
    description: '',
    dependencies: [],
    can_pause_and_continue: false,
    type: 'own_process',
  };
  state.services.push(s);
  record(state, actor, 'service.create', s.name, { path: s.path, start_mode: s.start_mode });
  return s;
}

/** DeleteService. Windows only marks a running service for deletion; callers stop it first, as win_service does. */
export function deleteService(state: HostState, name: string, actor: Actor): void {
  const s = serviceForChange(state, name);
  state.services = state.services.filter((x) => x !== s);
  record(state, actor, 'service.delete', s.name);
}
