/**
 * The Node half of the user layer's service cmdlets (src/sim/runner/user-cmdlets/services.ps1): what
 * System.ServiceProcess.ServiceController and the SCM calls behind Windows PowerShell 5.1's Start-, Stop-, Set- and
 * New-Service do, on the host model (src/sim/host/services.ts keeps the SCM's rules and writes the rehearsal log).
 * Sim-only verbs, never façade verbs: a user's script reaches them, a module's own script cannot. Reads go through
 * the façade's Find-WbService (any account may query the SCM); every change first opens the service (or the SCM)
 * for change, which the default service DACL grants only to Administrators and SYSTEM: another account gets 5.
 */
import { isAdmin, qualify, resolvePrincipal } from '../host/accounts.ts';
import {
  configureService, continueService, createService, findServiceByAnyName, pauseService, setServiceAccount, setStartMode, startService, stopService,
  type Actor, type ServiceConfig,
} from '../host/services.ts';
import { serviceProcessId } from '../host/service-process.ts';
import type { HostState, Service, StartMode } from '../host/state.ts';
import { WindowsError, win32 } from '../host/windows-error.ts';
import { type SimVerbTable, type VerbContext, bool, reqStr, str, strList } from './types.ts';
import { type Row, WqlError, filterRows, parseSelect } from './wql.ts';

function actorOf(ctx: VerbContext): Actor {
  return { account: ctx.account, log: ctx.log };
}

/** OpenService / OpenSCManager for a change: Administrators only (the default DACL of a service and of the SCM). */
function openForChange(ctx: VerbContext): void {
  if (!isAdmin(ctx.state, qualify(ctx.state, ctx.account))) throw new WindowsError(5, 'Access is denied.');
}

/** ServiceController resolves a key or a display name; anything else is 1060 at the first call. */
function keyOf(ctx: VerbContext, name: string): string {
  const s = findServiceByAnyName(ctx.state, name);
  if (!s) throw win32(1060);
  return s.name;
}

/** ServiceStartMode's names (5.1 has no AutomaticDelayedStart: Set-Service cannot set it, 6.0 added it). */
function startMode(v: string | undefined): StartMode | undefined {
  if (v === undefined) return undefined;
  const m = ({ automatic: 'auto', manual: 'manual', disabled: 'disabled' } as Record<string, StartMode>)[v.toLowerCase()];
  if (m === undefined) throw new WindowsError(87, 'The parameter is incorrect.');
  return m;
}

const WIN32_STATE: Record<Service['state'], string> = { running: 'Running', stopped: 'Stopped', paused: 'Paused', start_pending: 'Start Pending', stop_pending: 'Stop Pending' };
const WIN32_TYPE: Record<Service['type'], string> = { own_process: 'Own Process', share_process: 'Share Process', user_own_process: 'Unknown', user_share_process: 'Unknown', kernel_driver: 'Kernel Driver' };

/** A Win32_Service instance (root/cimv2) as Windows' WMI provider fills it from the SCM. */
function win32Service(state: HostState, s: Service): Row {
  const running = s.state === 'running';
  return {
    AcceptPause: running && s.can_pause_and_continue,
    AcceptStop: running || s.state === 'paused',
    Caption: s.display_name,
    CheckPoint: 0,
    CreationClassName: 'Win32_Service',
    DelayedAutoStart: s.start_mode === 'delayed',
    Description: s.description,
    DesktopInteract: s.interactive ?? false,
    DisplayName: s.display_name,
    ErrorControl: { ignore: 'Ignore', normal: 'Normal', severe: 'Severe', critical: 'Critical' }[s.error_control ?? 'normal'],
    ExitCode: 0,
    InstallDate: null,
    Name: s.name,
    PathName: s.path,
    ProcessId: serviceProcessId(state, s),
    ServiceSpecificExitCode: 0,
    ServiceType: WIN32_TYPE[s.type],
    Started: running || s.state === 'paused',
    StartMode: s.start_mode === 'delayed' ? 'Auto' : s.start_mode === 'auto' ? 'Auto' : s.start_mode === 'manual' ? 'Manual' : 'Disabled',
    StartName: s.account,
    State: WIN32_STATE[s.state],
    Status: 'OK',
    SystemCreationClassName: 'Win32_ComputerSystem',
    SystemName: state.hostname,
    TagId: 0,
    WaitHint: 0,
  };
}

/** WBEM_E_INVALID_QUERY, as the bridge raises a COM HRESULT; WMI's text ends with a space. */
const invalidQuery = () => new WindowsError(0x80041017 | 0, 'Invalid query ');

export const userServiceVerbs: SimVerbTable = {
  /**
   * Win32_Service instances for Get-CimInstance / Get-WmiObject: `Query` (a whole WQL SELECT) or `Filter` (its WHERE
   * condition). Returns the class the query names and the rows it keeps; other classes are the caller's to refuse.
   */
  'User.Win32Service': (ctx, args) => {
    let className = 'Win32_Service';
    let where = str(args, 'Filter');
    let properties: string[] | undefined;
    try {
      const query = str(args, 'Query');
      if (query !== undefined) ({ className, where, properties } = parseSelect(query));
      if (className.toLowerCase() !== 'win32_service') return { Class: className, Rows: [] };
      const rows = ctx.state.services.filter((s) => s.type !== 'kernel_driver').map((s) => win32Service(ctx.state, s));
      return { Class: 'Win32_Service', Properties: properties ?? null, Rows: filterRows(rows, where) };
    } catch (e) {
      if (e instanceof WqlError) throw invalidQuery();
      throw e;
    }
  },

  /** ServiceController.Start/Stop/Pause/Continue. Stop(force) stops running dependants first, as ServiceController.Stop does. */
  'User.ServiceControl': (ctx, args) => {
    const name = keyOf(ctx, reqStr(args, 'Name'));
    openForChange(ctx);
    const actor = actorOf(ctx);
    switch (reqStr(args, 'Control')) {
      case 'start':
        return startService(ctx.state, name, actor);
      case 'stop':
        return stopService(ctx.state, name, actor, { force: bool(args, 'Force') ?? false });
      case 'pause':
        return pauseService(ctx.state, name, actor);
      case 'continue':
        return continueService(ctx.state, name, actor);
      default:
        throw new WindowsError(87, 'The parameter is incorrect.');
    }
  },
  /** ChangeServiceConfig (display name, start type) and ChangeServiceConfig2 (description), as Set-Service calls them. */
  'User.ServiceConfigure': (ctx, args) => {
    const name = keyOf(ctx, reqStr(args, 'Name'));
    openForChange(ctx);
    const actor = actorOf(ctx);
    const config: ServiceConfig = {};
    const displayName = str(args, 'DisplayName');
    if (displayName !== undefined) config.display_name = displayName;
    const description = str(args, 'Description');
    if (description !== undefined) config.description = description;
    const mode = startMode(str(args, 'StartMode'));
    let changed = configureService(ctx.state, name, config, actor);
    if (mode !== undefined) changed = setStartMode(ctx.state, name, mode, actor) || changed;
    return changed;
  },
  /** CreateService with New-Service's arguments: a Win32 own-process service, stopped. */
  'User.ServiceCreate': (ctx, args) => {
    openForChange(ctx);
    const actor = actorOf(ctx);
    // CreateService takes the account with the rest: one it cannot resolve creates nothing (1057).
    const account = str(args, 'Account');
    if (account !== undefined && !resolvePrincipal(ctx.state, account)) throw win32(1057);
    const displayName = str(args, 'DisplayName');
    if (displayName !== undefined && findServiceByAnyName(ctx.state, displayName)) throw win32(1078);
    const s = createService(ctx.state, { name: reqStr(args, 'Name'), path: reqStr(args, 'Path'), display_name: displayName, start_mode: startMode(str(args, 'StartMode')) }, actor);
    const config: ServiceConfig = {};
    const description = str(args, 'Description');
    if (description !== undefined) config.description = description;
    const deps = strList(args, 'Dependencies');
    if (deps !== undefined && deps.length > 0) config.dependencies = deps;
    if (Object.keys(config).length > 0) configureService(ctx.state, s.name, config, actor);
    if (account !== undefined) setServiceAccount(ctx.state, s.name, account, str(args, 'Password'), actor);
    return s.name;
  },
};
