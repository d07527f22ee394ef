/**
 * ansible.windows.win_service against the simulated SCM, following win_service.ps1's order: create (needs
 * `path`), account, dependencies, description, display name, path, start mode, then state last. Check mode
 * computes the same `changed` and return values and touches nothing. The password is applied only when the
 * account changes, the service is new, or `update_password: always` (the module's default is on_create).
 */
import { NO_MAPPING, holdsRight, lookupAccount, sameAccount } from '../accounts.ts';
import { grantRight } from '../lsa.ts';
import {
  type Actor, configureService, continueService, createService, deleteService, findServiceByAnyName,
  pauseService, setServiceAccount, setStartMode, startService, stopService,
} from '../services.ts';
import type { HostState, Service, StartMode } from '../state.ts';
import { WindowsError } from '../windows-error.ts';
import { type Behaviour, ModuleFailure } from './types.ts';
import { type ServiceView, resultFields, translatedAccount, viewOf } from './win-service-view.ts';

export interface WinServiceArgs {
  name: string;
  state?: 'started' | 'stopped' | 'restarted' | 'paused' | 'absent';
  start_mode?: StartMode;
  display_name?: string;
  description?: string;
  path?: string;
  username?: string;
  password?: string;
  update_password?: 'always' | 'on_create';
  dependencies?: string[];
  dependency_action?: 'add' | 'remove' | 'set';
  force_dependent_services?: boolean;
}

const CONFIG_KEYS = ['state', 'start_mode', 'display_name', 'description', 'path', 'username', 'password', 'dependencies'] as const;

/** Runs an SCM operation, turning its Windows error into the module's failure. The wrapper wording is ours. */
function scm<T>(what: string, name: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    throw new ModuleFailure(`Service '${name}' cannot be ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function wantedDependencies(existing: string[], a: WinServiceArgs): string[] | undefined {
  if (a.dependencies === undefined) return undefined;
  const given = a.dependencies;
  if (a.dependency_action === 'add') return [...existing, ...given.filter((d) => !existing.includes(d))];
  if (a.dependency_action === 'remove') return existing.filter((d) => !given.includes(d));
  return given;
}

function sameSet(x: string[], y: string[]): boolean {
  return x.length === y.length && x.every((v) => y.includes(v));
}

export const winService: Behaviour = (state, rawArgs, ctx) => {
  const a = rawArgs as unknown as WinServiceArgs;
  const actor: Actor = { account: ctx.account, log: ctx.log };
  const existing = findServiceByAnyName(state, a.name);
  const before = existing ? viewOf(state, existing) : undefined;
  const diff = (after: unknown) => (ctx.diff ? { diff: { before: before ?? '', after } } : {});

  if (a.state === 'absent') {
    if (existing && !ctx.check) {
      scm('stopped', existing.name, () => stopService(state, existing.name, actor, { force: a.force_dependent_services }));
      deleteService(state, existing.name, actor);
    }
    return { changed: existing !== undefined, exists: false, ...diff('') };
  }
  if (!existing && CONFIG_KEYS.every((k) => a[k] === undefined)) return { changed: false, exists: false };

  const run = new Run(state, a, actor, ctx.check, existing);
  try {
    run.apply();
  } catch (e) {
    // An SCM refusal outside the start/stop wrappers (a protected service's DACL: 5, Access is denied).
    if (e instanceof WindowsError) throw new ModuleFailure(`Service '${existing?.name ?? a.name}' cannot be configured: ${e.message}`);
    throw e;
  }
  const after = run.after();
  const granted = a.username !== undefined ? { logon_right_granted: run.logonRightGranted } : {};
  return { changed: run.changed, ...resultFields(state, after, run.svc), ...granted, ...diff(after) };
};

/** One invocation: `svc` is the live service (undefined while a check-mode run only pretends to create it). */
class Run {
  changed = false;
  /** Whether this run granted (or in check mode would grant) SeServiceLogonRight to the service's account. */
  logonRightGranted = false;
  svc: Service | undefined;
  private readonly projected: ServiceView;

  constructor(
    private readonly state: HostState,
    private readonly a: WinServiceArgs,
    private readonly actor: Actor,
    private readonly check: boolean,
    existing: Service | undefined,
  ) {
    this.svc = existing;
    this.projected = existing
      ? viewOf(state, existing)
      : // New-Service's defaults: Automatic start, LocalSystem, display name = name.
        { name: a.name, display_name: a.name, state: 'stopped', start_mode: 'auto', username: 'LocalSystem', path: a.path ?? '', description: '', dependencies: [], desktop_interact: false };
  }

  apply(): void {
    let updatePassword = this.a.update_password === 'always';
    if (!this.svc) {
      if (this.a.path === undefined) throw new ModuleFailure(`Service '${this.a.name}' is not installed, need to set 'path' to create a new service`);
      this.changed = true;
      updatePassword = true;
      if (!this.check) this.svc = createService(this.state, { name: this.a.name, path: this.a.path, start_mode: 'auto' }, this.actor);
    }
    this.account(updatePassword);
    this.logonRight();
    this.config();
    this.startMode();
    this.runState();
  }

  after(): ServiceView {
    return this.svc && !this.check ? viewOf(this.state, this.svc) : this.projected;
  }

  private account(updatePassword: boolean): void {
    const { username, password } = this.a;
    let setPassword = updatePassword;
    if (username !== undefined) {
      const translated = translatedAccount(this.state, username);
      // NTAccount.Translate's error, which win_service.ps1 lets through.
      if (!translated) throw new ModuleFailure(`Failed to translate the account '${username}' to a SID: ${NO_MAPPING}`);
      this.projected.username = translated;
      if (this.svc && !sameAccount(this.state, this.svc.account, username)) {
        this.changed = true;
        setPassword = true;
        if (!this.check) setServiceAccount(this.state, this.svc.name, username, password, this.actor);
        return;
      }
    }
    if (setPassword && password !== undefined && this.svc) {
      this.changed = true;
      if (!this.check) setServiceAccount(this.state, this.svc.name, this.svc.account, password, this.actor);
    }
  }

  /**
   * Unlike ansible.windows.win_service, a real account (not LocalSystem, the NT AUTHORITY accounts or a virtual
   * `NT SERVICE\` account) is granted "Log on as a service" when neither it nor one of its groups holds it, as
   * services.msc does; otherwise the next start fails with 1069 (peers.md P8).
   */
  private logonRight(): void {
    if (this.a.username === undefined) return;
    const account = lookupAccount(this.state, this.a.username);
    if (account?.kind !== 'user' || holdsRight(this.state, account.name, 'SeServiceLogonRight')) return;
    this.changed = true;
    this.logonRightGranted = true;
    if (!this.check) grantRight(this.state, 'SeServiceLogonRight', account, this.actor);
  }

  private config(): void {
    const p = this.projected;
    const deps = wantedDependencies(p.dependencies, this.a);
    const want = {
      ...(deps !== undefined && !sameSet(deps, p.dependencies) ? { dependencies: deps } : {}),
      ...(this.a.description !== undefined && this.a.description !== p.description ? { description: this.a.description } : {}),
      ...(this.a.display_name && this.a.display_name !== p.display_name ? { display_name: this.a.display_name } : {}),
      ...(this.a.path !== undefined && this.a.path !== p.path ? { path: this.a.path } : {}),
    };
    if (Object.keys(want).length === 0) return;
    Object.assign(p, want);
    if (!this.svc) return;
    this.changed = true;
    if (!this.check) configureService(this.state, this.svc.name, want, this.actor);
  }

  private startMode(): void {
    const mode = this.a.start_mode;
    if (mode === undefined || mode === this.projected.start_mode) return;
    this.projected.start_mode = mode;
    if (!this.svc) return;
    this.changed = true;
    if (!this.check) setStartMode(this.state, this.svc.name, mode, this.actor);
  }

  private runState(): void {
    const want = this.a.state;
    if (want === undefined || want === 'absent') return;
    this.projected.state = want === 'started' || want === 'restarted' ? 'running' : want;
    const s = this.svc;
    if (!s) return;
    const { state, actor, check } = this;
    const force = this.a.force_dependent_services;
    if (want === 'started' && s.state !== 'running') {
      this.changed = true;
      if (check) return;
      if (s.state === 'paused') {
        try {
          continueService(state, s.name, actor);
        } catch (e) {
          throw new ModuleFailure(`failed to start service from paused state ${s.name}: ${(e as Error).message}`);
        }
      } else scm('started', s.name, () => startService(state, s.name, actor));
    } else if (want === 'stopped' && s.state !== 'stopped') {
      this.changed = true;
      if (!check) scm('stopped', s.name, () => stopService(state, s.name, actor, { force }));
    } else if (want === 'restarted') {
      this.changed = true;
      if (check) return;
      scm('stopped', s.name, () => stopService(state, s.name, actor, { force }));
      scm('started', s.name, () => startService(state, s.name, actor));
    } else if (want === 'paused' && s.state !== 'paused') {
      if (!s.can_pause_and_continue) throw new ModuleFailure(`failed to pause service ${s.name}: The service does not support pausing`);
      this.changed = true;
      if (check) return;
      try {
        pauseService(state, s.name, actor);
      } catch (e) {
        throw new ModuleFailure(`failed to pause service ${s.name}: ${(e as Error).message}`);
      }
    }
  }
}
