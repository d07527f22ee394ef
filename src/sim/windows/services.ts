/**
 * The Service Control Manager verbs (contract/services.ts) on the host model (src/sim/host/services.ts), which keeps
 * the SCM's rules and writes the rehearsal log. The model's operations finish at once; the verbs' wait is modelled
 * by the state the model leaves: a service still pending after the request (a hung service) is the 1053 a real
 * wait ends with.
 */
import {
  configureService, continueService, createService, deleteService, dependedBy, findService, findServiceByAnyName,
  pauseService, setServiceAccount, setStartMode, startService, stopService, type Actor, type ServiceConfig,
} from '../host/services.ts';
import { serviceProcessId } from '../host/service-process.ts';
import {
  changeServiceType, preferredNode, serviceConfig2, setFailureActions, setFailureActionsFlag, setPreshutdownTimeout, setRequiredPrivileges, setSidType,
  type FailureActionsChange, type ServiceTypeChange,
} from '../host/service-config2.ts';
import type {
  HostState, Service, ServiceErrorControl, ServiceFailureActionType, ServiceLaunchProtection, ServiceSidType, ServiceStatus, ServiceTriggerDataItem,
  ServiceTriggerType, ServiceType, StartMode,
} from '../host/state.ts';
import { WindowsError, win32 } from '../host/windows-error.ts';
import { type SimVerbTable, type VerbContext, bool, reqStr, str, strList } from './types.ts';

const STATES: Record<ServiceStatus, string> = {
  running: 'Running',
  stopped: 'Stopped',
  paused: 'Paused',
  start_pending: 'StartPending',
  stop_pending: 'StopPending',
};

const MODES: Record<StartMode, string> = { auto: 'Auto', delayed: 'Delayed', manual: 'Manual', disabled: 'Disabled' };

const TYPES: Record<ServiceType, string> = {
  own_process: 'Win32OwnProcess',
  share_process: 'Win32ShareProcess',
  user_own_process: 'UserOwnProcess',
  user_share_process: 'UserShareProcess',
  kernel_driver: 'KernelDriver',
};

const ERROR_CONTROLS: Record<ServiceErrorControl, string> = { ignore: 'Ignore', normal: 'Normal', severe: 'Severe', critical: 'Critical' };
const SID_TYPES: Record<ServiceSidType, string> = { none: 'None', unrestricted: 'Unrestricted', restricted: 'Restricted' };
const ACTION_TYPES: Record<ServiceFailureActionType, string> = { none: 'None', restart: 'Restart', reboot: 'Reboot', run_command: 'RunCommand' };
const LAUNCH_PROTECTION: Record<ServiceLaunchProtection, string> = { none: 'None', windows: 'Windows', windows_light: 'WindowsLight', antimalware_light: 'AntimalwareLight' };
const TRIGGER_TYPES: Record<ServiceTriggerType, string> = {
  device_interface_arrival: 'DeviceInterfaceArrival', ip_address_availability: 'IpAddressAvailability', domain_join: 'DomainJoin',
  firewall_port_event: 'FirewallPortEvent', group_policy: 'GroupPolicy', network_endpoint: 'NetworkEndpoint', custom: 'Custom',
};
const TRIGGER_DATA_TYPES: Record<ServiceTriggerDataItem['type'], string> = { binary: 'Binary', string: 'String', level: 'Level', keyword_any: 'KeywordAny', keyword_all: 'KeywordAll' };

/** A contract name (case-insensitive) back to the model's value; anything else is the SCM's 87. */
function fromName<T extends string>(table: Record<T, string>, v: string | undefined): T | undefined {
  if (v === undefined) return undefined;
  const k = (Object.keys(table) as T[]).find((x) => table[x].toLowerCase() === v.toLowerCase());
  if (k === undefined) throw new WindowsError(87, 'The parameter is incorrect.');
  return k;
}

/** The contract's service object (SERVICE_SHAPE). */
export function serviceObject(state: HostState, s: Service): Record<string, unknown> {
  const c2 = serviceConfig2(s);
  return {
    Name: s.name,
    DisplayName: s.display_name,
    State: STATES[s.state],
    StartMode: MODES[s.start_mode],
    Account: s.type === 'kernel_driver' ? null : s.account,
    Path: s.path,
    Description: s.description,
    Dependencies: [...s.dependencies],
    DependentServices: dependedBy(state, s.name),
    CanPauseAndContinue: s.can_pause_and_continue,
    ServiceType: TYPES[s.type],
    DesktopInteract: s.interactive ?? false,
    ExitCode: 0,
    ServiceSpecificExitCode: 0,
    ErrorControl: ERROR_CONTROLS[s.error_control ?? 'normal'],
    LoadOrderGroup: s.load_order_group ?? '',
    FailureActions: {
      ResetPeriod: c2.failure.reset_period_sec,
      RebootMsg: c2.failure.reboot_msg,
      Command: c2.failure.command,
      Actions: c2.failure.actions.map((a) => ({ Type: ACTION_TYPES[a.type], Delay: a.delay_ms })),
    },
    FailureActionsOnNonCrashFailures: c2.nonCrash,
    SidInfo: SID_TYPES[c2.sidType],
    RequiredPrivileges: c2.privileges,
    PreShutdownTimeout: c2.preshutdownMs,
    LaunchProtection: LAUNCH_PROTECTION[c2.launchProtection],
    PreferredNode: preferredNode(state, s),
    Triggers: c2.triggers.map((t) => ({
      Type: TRIGGER_TYPES[t.type],
      Action: t.action === 'start' ? 'ServiceStart' : 'ServiceStop',
      SubType: t.subtype.toLowerCase(),
      DataItems: t.data_items.map((d) => ({ Type: TRIGGER_DATA_TYPES[d.type], Data: d.data })),
    })),
    ProcessId: serviceProcessId(state, s),
    // SERVICE_RUNS_IN_SYSTEM_PROCESS marks services hosted by a process that must always run; the simulator has none.
    ServiceFlags: 0,
  };
}

/** The FailureActions object of Set-WbServiceConfig2 (absent or null members: unchanged). */
function failureChange(o: Record<string, unknown>): FailureActionsChange {
  const c: FailureActionsChange = {};
  if (o.ResetPeriod !== undefined && o.ResetPeriod !== null) c.reset_period_sec = Number(o.ResetPeriod);
  if (o.RebootMsg !== undefined && o.RebootMsg !== null) c.reboot_msg = String(o.RebootMsg);
  if (o.Command !== undefined && o.Command !== null) c.command = String(o.Command);
  if (o.Actions !== undefined && o.Actions !== null) {
    const list = (Array.isArray(o.Actions) ? o.Actions : [o.Actions]) as Array<Record<string, unknown>>;
    c.actions = list.map((a) => ({ type: fromName(ACTION_TYPES, String(a.Type))!, delay_ms: Number(a.Delay ?? 0) }));
  }
  return c;
}

/** PowerShell's -like: `*` any run, `?` one character, `[...]` a set; case-insensitive. */
export function likePattern(pattern: string): RegExp {
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'is');
}

function parseMode(v: string | undefined): StartMode | undefined {
  if (v === undefined) return undefined;
  const m = (Object.keys(MODES) as StartMode[]).find((k) => MODES[k].toLowerCase() === v.toLowerCase() || (k === 'auto' && v.toLowerCase() === 'automatic'));
  if (!m) throw new WindowsError(87, 'The parameter is incorrect.');
  return m;
}

function actorOf(ctx: VerbContext): Actor {
  return { account: ctx.account, log: ctx.log };
}

/** The key name for a key or display name (ServiceController accepts either); the name itself when unknown (1060 follows). */
function keyName(state: HostState, name: string): string {
  return findServiceByAnyName(state, name)?.name ?? name;
}

function live(state: HostState, name: string): Service {
  const s = findService(state, name);
  if (!s) throw win32(1060);
  return s;
}

/** The wait after a control: the model's state is final, so a service short of `want` would time out. */
function waited(s: Service, want: ServiceStatus): void {
  if (s.state !== want) throw win32(1053);
}

export const servicesVerbs: SimVerbTable = {
  'Get-WbService': (ctx, args) => {
    const s = findServiceByAnyName(ctx.state, reqStr(args, 'Name'));
    return s ? serviceObject(ctx.state, s) : null;
  },
  'Find-WbService': (ctx, args) => {
    const pattern = str(args, 'Pattern');
    const re = pattern === undefined ? undefined : likePattern(pattern);
    return ctx.state.services
      // Get-Service and Win32_Service list Win32 services only, not kernel drivers such as HTTP.
      .filter((s) => s.type !== 'kernel_driver' && (!re || re.test(s.name) || re.test(s.display_name)))
      .sort((x, y) => x.name.toLowerCase().localeCompare(y.name.toLowerCase()))
      .map((s) => serviceObject(ctx.state, s));
  },
  'New-WbService': (ctx, args) => {
    const name = reqStr(args, 'Name');
    if (name === '' || /[/\\]/.test(name)) throw new WindowsError(123, 'The filename, directory name, or volume label syntax is incorrect.');
    const displayName = str(args, 'DisplayName');
    if (displayName !== undefined && findServiceByAnyName(ctx.state, displayName)) throw win32(1078);
    const actor = actorOf(ctx);
    const s = createService(ctx.state, { name, path: reqStr(args, 'Path'), display_name: displayName, start_mode: parseMode(str(args, 'StartMode')) }, actor);
    const config: ServiceConfig = {};
    const description = str(args, 'Description');
    if (description !== undefined) config.description = description;
    const deps = strList(args, 'Dependencies');
    if (deps !== undefined) config.dependencies = deps;
    if (Object.keys(config).length > 0) configureService(ctx.state, s.name, config, actor);
    return serviceObject(ctx.state, s);
  },
  'Remove-WbService': (ctx, args) => {
    deleteService(ctx.state, keyName(ctx.state, reqStr(args, 'Name')), actorOf(ctx));
    return undefined;
  },
  'Set-WbServiceConfig': (ctx, args) => {
    const name = keyName(ctx.state, reqStr(args, 'Name'));
    const actor = actorOf(ctx);
    const config: ServiceConfig = {};
    const displayName = str(args, 'DisplayName');
    if (displayName !== undefined) config.display_name = displayName;
    const path = str(args, 'Path');
    if (path !== undefined) config.path = path;
    const description = str(args, 'Description');
    if (description !== undefined) config.description = description;
    // An explicit empty list clears the dependencies; absent leaves them (issue 13, M1).
    const deps = strList(args, 'Dependencies');
    if (deps !== undefined) {
      const have = live(ctx.state, name).dependencies;
      const same = deps.length === have.length && deps.every((d) => have.some((h) => h.toLowerCase() === d.toLowerCase()));
      if (!same) config.dependencies = deps;
    }
    const mode = parseMode(str(args, 'StartMode'));
    const typeChange: ServiceTypeChange = {};
    const type = fromName(TYPES, str(args, 'ServiceType'));
    if (type !== undefined) typeChange.type = type;
    const interactive = bool(args, 'DesktopInteract');
    if (interactive !== undefined) typeChange.interactive = interactive;
    const errorControl = fromName(ERROR_CONTROLS, str(args, 'ErrorControl'));
    if (errorControl !== undefined) typeChange.error_control = errorControl;
    const group = str(args, 'LoadOrderGroup');
    if (group !== undefined) typeChange.load_order_group = group;
    let changed = configureService(ctx.state, name, config, actor);
    if (Object.keys(typeChange).length > 0) changed = changeServiceType(ctx.state, name, typeChange, actor) || changed;
    if (mode !== undefined) changed = setStartMode(ctx.state, name, mode, actor) || changed;
    return changed;
  },
  'Set-WbServiceConfig2': (ctx, args) => {
    const name = keyName(ctx.state, reqStr(args, 'Name'));
    const actor = actorOf(ctx);
    let changed = false;
    const fa = args.FailureActions;
    if (fa !== undefined && fa !== null) changed = setFailureActions(ctx.state, name, failureChange(fa as Record<string, unknown>), actor) || changed;
    const flag = bool(args, 'FailureActionsOnNonCrashFailures');
    if (flag !== undefined) changed = setFailureActionsFlag(ctx.state, name, flag, actor) || changed;
    const sid = fromName(SID_TYPES, str(args, 'SidInfo'));
    if (sid !== undefined) changed = setSidType(ctx.state, name, sid, actor) || changed;
    const privileges = strList(args, 'RequiredPrivileges');
    if (privileges !== undefined) changed = setRequiredPrivileges(ctx.state, name, privileges, actor) || changed;
    const preshutdown = args.PreShutdownTimeout;
    if (preshutdown !== undefined && preshutdown !== null) changed = setPreshutdownTimeout(ctx.state, name, Number(preshutdown), actor) || changed;
    return changed;
  },
  'Set-WbServiceAccount': (ctx, args) => {
    // Absent: the stored password stays (lpPassword NULL); '' is an empty password, as ChangeServiceConfig takes it.
    setServiceAccount(ctx.state, keyName(ctx.state, reqStr(args, 'Name')), reqStr(args, 'Account'), str(args, 'Password'), actorOf(ctx));
    return undefined;
  },
  'Start-WbService': (ctx, args) => {
    const s = live(ctx.state, keyName(ctx.state, reqStr(args, 'Name')));
    // StartService on a paused service: it is running already, as far as the SCM is concerned.
    if (s.state === 'paused') throw win32(1056);
    const changed = startService(ctx.state, s.name, actorOf(ctx));
    waited(s, 'running');
    return changed;
  },
  'Stop-WbService': (ctx, args) => {
    const s = live(ctx.state, keyName(ctx.state, reqStr(args, 'Name')));
    const changed = stopService(ctx.state, s.name, actorOf(ctx), { force: bool(args, 'Force') ?? false });
    waited(s, 'stopped');
    return changed;
  },
  'Suspend-WbService': (ctx, args) => {
    const s = live(ctx.state, keyName(ctx.state, reqStr(args, 'Name')));
    const changed = pauseService(ctx.state, s.name, actorOf(ctx));
    waited(s, 'paused');
    return changed;
  },
  'Resume-WbService': (ctx, args) => {
    const s = live(ctx.state, keyName(ctx.state, reqStr(args, 'Name')));
    const changed = continueService(ctx.state, s.name, actorOf(ctx));
    waited(s, 'running');
    return changed;
  },
};
