/**
 * The SCM's optional configuration (ChangeServiceConfig2 / QueryServiceConfig2 levels) and the ChangeServiceConfig
 * fields beyond the descriptive ones (service type with SERVICE_INTERACTIVE_PROCESS, error control, load order
 * group), as pure operations on HostState. Each refuses as the SCM does (MS-SCMR 3.1.4.11 RChangeServiceConfigW,
 * 3.1.4.35 RChangeServiceConfig2W), changes only what differs, and logs each change with the acting account.
 */
import { resolvePrincipal } from './accounts.ts';
import { canonicalRight } from './lsa.ts';
import { type Actor, serviceForChange } from './services.ts';
import {
  DEFAULT_PRESHUTDOWN_MS, type HostState, type Service, type ServiceErrorControl, type ServiceFailureActions, type ServiceFailureActionType,
  type ServiceLaunchProtection, type ServiceSidType, type ServiceTrigger, type ServiceType,
} from './state.ts';
import { WindowsError } from './windows-error.ts';

function invalidParameter(): WindowsError {
  return new WindowsError(87, 'The parameter is incorrect.');
}

function record(state: HostState, actor: Actor, what: string, target: string, detail: Record<string, unknown>): void {
  actor.log.append({ host: state.hostname, account: actor.account, what, target, detail });
}

const WIN32_TYPES: readonly ServiceType[] = ['own_process', 'share_process'];

/** The service logs on as LocalSystem (its StartName is that literal, or SYSTEM spelled another way). */
export function runsAsLocalSystem(state: HostState, s: Service): boolean {
  return resolvePrincipal(state, s.account)?.name === 'LocalSystem';
}

/** The optional configuration as QueryServiceConfig2 returns it, defaults filled in. */
export function serviceConfig2(s: Service): {
  failure: ServiceFailureActions; nonCrash: boolean; sidType: ServiceSidType; privileges: string[]; preshutdownMs: number;
  triggers: ServiceTrigger[]; launchProtection: ServiceLaunchProtection;
} {
  return {
    failure: s.failure_actions ?? { reset_period_sec: 0, reboot_msg: null, command: null, actions: [] },
    nonCrash: s.failure_actions_on_non_crash ?? false,
    sidType: s.sid_type ?? 'none',
    privileges: [...(s.required_privileges ?? [])],
    preshutdownMs: s.preshutdown_timeout_ms ?? DEFAULT_PRESHUTDOWN_MS,
    triggers: structuredClone(s.triggers ?? []),
    launchProtection: s.launch_protection ?? 'none',
  };
}

/**
 * QueryServiceConfig2(SERVICE_CONFIG_PREFERRED_NODE): the node set for the service. On a host without NUMA support
 * the call fails with ERROR_INVALID_PARAMETER (87), which ansible.windows' SCManager utility reads as null. A NUMA
 * host's answer for a service with no node set is not documented; it reads as null here too.
 */
export function preferredNode(state: HostState, s: Service): number | null {
  if ((state.numa_nodes ?? 1) <= 1 || s.preferred_node === undefined) return null;
  return s.preferred_node;
}

export interface ServiceTypeChange {
  type?: ServiceType;
  interactive?: boolean;
  error_control?: ServiceErrorControl;
  load_order_group?: string;
}

/**
 * ChangeServiceConfig(dwServiceType, dwErrorControl, lpLoadOrderGroup). A driver stays a driver and a Win32 service
 * stays a service process; SERVICE_INTERACTIVE_PROCESS only with a Win32 type running as LocalSystem: otherwise
 * ERROR_INVALID_PARAMETER, as the SCM answers.
 */
export function changeServiceType(state: HostState, name: string, change: ServiceTypeChange, actor: Actor): boolean {
  const s = serviceForChange(state, name);
  const type = change.type ?? s.type;
  const interactive = change.interactive ?? s.interactive ?? false;
  if ((s.type === 'kernel_driver') !== (type === 'kernel_driver')) throw invalidParameter();
  if (interactive && (!WIN32_TYPES.includes(type) || !runsAsLocalSystem(state, s))) throw invalidParameter();
  const before = { type: s.type, interactive: s.interactive ?? false, error_control: s.error_control ?? 'normal', load_order_group: s.load_order_group ?? '' };
  const after = { type, interactive, error_control: change.error_control ?? before.error_control, load_order_group: change.load_order_group ?? before.load_order_group };
  const changed: Record<string, unknown> = {};
  for (const k of Object.keys(after) as Array<keyof typeof after>) if (after[k] !== before[k]) changed[k] = after[k];
  if (Object.keys(changed).length === 0) return false;
  s.type = after.type;
  s.interactive = after.interactive;
  s.error_control = after.error_control;
  s.load_order_group = after.load_order_group;
  record(state, actor, 'service.configure', s.name, changed);
  return true;
}

/** What SERVICE_FAILURE_ACTIONS carries on a change: null/undefined members are "leave as is", as the API reads NULL. */
export interface FailureActionsChange {
  reset_period_sec?: number;
  /** '' deletes the message, as the API reads an empty string. */
  reboot_msg?: string;
  command?: string;
  /** Present (even empty) replaces the actions; dwResetPeriod is only read with them. */
  actions?: Array<{ type: ServiceFailureActionType; delay_ms: number }>;
}

const UINT32_MAX = 0xffffffff;

function uint32(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > UINT32_MAX) throw invalidParameter();
  return n;
}

/**
 * ChangeServiceConfig2(SERVICE_CONFIG_FAILURE_ACTIONS). Drivers are refused with 1080
 * (ERROR_CANNOT_DETECT_DRIVER_FAILURE); dwResetPeriod is ignored unless actions are given (lpsaActions NULL).
 */
export function setFailureActions(state: HostState, name: string, change: FailureActionsChange, actor: Actor): boolean {
  const s = serviceForChange(state, name);
  if (s.type === 'kernel_driver') throw new WindowsError(1080, 'Failure actions can only be set for Win32 services, not for drivers.');
  const have = serviceConfig2(s).failure;
  const next: ServiceFailureActions = {
    reset_period_sec: change.actions !== undefined && change.reset_period_sec !== undefined ? uint32(change.reset_period_sec) : have.reset_period_sec,
    reboot_msg: change.reboot_msg === undefined ? have.reboot_msg : change.reboot_msg === '' ? null : change.reboot_msg,
    command: change.command === undefined ? have.command : change.command === '' ? null : change.command,
    actions: change.actions === undefined ? have.actions : change.actions.map((a) => ({ type: a.type, delay_ms: uint32(a.delay_ms) })),
  };
  if (JSON.stringify(next) === JSON.stringify(have)) return false;
  s.failure_actions = next;
  record(state, actor, 'service.set_failure_actions', s.name, { ...next });
  return true;
}

export function setFailureActionsFlag(state: HostState, name: string, onNonCrash: boolean, actor: Actor): boolean {
  const s = serviceForChange(state, name);
  if ((s.failure_actions_on_non_crash ?? false) === onNonCrash) return false;
  s.failure_actions_on_non_crash = onNonCrash;
  record(state, actor, 'service.set_failure_actions_flag', s.name, { on_non_crash_failures: onNonCrash });
  return true;
}

/** ChangeServiceConfig2(SERVICE_CONFIG_SERVICE_SID_INFO): a per-service SID is for Win32 services, not drivers (87). */
export function setSidType(state: HostState, name: string, sidType: ServiceSidType, actor: Actor): boolean {
  const s = serviceForChange(state, name);
  if (s.type === 'kernel_driver') throw invalidParameter();
  if ((s.sid_type ?? 'none') === sidType) return false;
  s.sid_type = sidType;
  record(state, actor, 'service.set_sid_type', s.name, { sid_type: sidType });
  return true;
}

/**
 * ChangeServiceConfig2(SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO): the list as given (an empty one clears it). A name
 * that is no privilege constant is refused with ERROR_INVALID_PARAMETER; logon rights (SeServiceLogonRight) are
 * rights, not privileges, and refused the same way. Stored with the constant's own spelling.
 */
export function setRequiredPrivileges(state: HostState, name: string, privileges: string[], actor: Actor): boolean {
  const s = serviceForChange(state, name);
  const canonical = privileges.map((p) => {
    const c = canonicalRight(p);
    if (c === undefined || !c.endsWith('Privilege')) throw invalidParameter();
    return c;
  });
  const have = s.required_privileges ?? [];
  if (JSON.stringify(canonical) === JSON.stringify(have)) return false;
  s.required_privileges = canonical;
  record(state, actor, 'service.set_required_privileges', s.name, { privileges: canonical });
  return true;
}

export function setPreshutdownTimeout(state: HostState, name: string, ms: number, actor: Actor): boolean {
  const s = serviceForChange(state, name);
  const value = uint32(ms);
  if ((s.preshutdown_timeout_ms ?? DEFAULT_PRESHUTDOWN_MS) === value) return false;
  s.preshutdown_timeout_ms = value;
  record(state, actor, 'service.set_preshutdown_timeout', s.name, { timeout_ms: value });
  return true;
}
