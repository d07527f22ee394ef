/**
 * The serialisable model of one simulated Windows host: what the Service Control Manager, the local SAM and the
 * LSA policy would hold. Plain data only (no classes), so a snapshot is JSON and a test can build any host.
 */
import { addBuiltinAccounts } from './builtin-accounts.ts';
import type { FsState } from './fs-types.ts';
import type { RegistryState } from './registry-types.ts';

export type ServiceStatus = 'running' | 'stopped' | 'paused' | 'start_pending' | 'stop_pending';
export type StartMode = 'auto' | 'delayed' | 'manual' | 'disabled';

export type ServiceType = 'own_process' | 'share_process' | 'user_own_process' | 'user_share_process' | 'kernel_driver';
export type ServiceErrorControl = 'ignore' | 'normal' | 'severe' | 'critical';
export type ServiceSidType = 'none' | 'unrestricted' | 'restricted';
/** SC_ACTION's type: SC_ACTION_NONE 0, SC_ACTION_RESTART 1, SC_ACTION_REBOOT 2, SC_ACTION_RUN_COMMAND 3. */
export type ServiceFailureActionType = 'none' | 'restart' | 'reboot' | 'run_command';

/** SERVICE_FAILURE_ACTIONS as QueryServiceConfig2 returns it. */
export interface ServiceFailureActions {
  /** dwResetPeriod: seconds without a failure after which the failure count goes back to 0. */
  reset_period_sec: number;
  /** lpRebootMsg; null when none is set. */
  reboot_msg: string | null;
  /** lpCommand; null when none is set. */
  command: string | null;
  actions: Array<{ type: ServiceFailureActionType; delay_ms: number }>;
}

/** SERVICE_TRIGGER dwTriggerType (SERVICE_TRIGGER_TYPE_*: 1 device interface arrival … 7 network endpoint, 20 custom). */
export type ServiceTriggerType =
  | 'device_interface_arrival' | 'ip_address_availability' | 'domain_join' | 'firewall_port_event' | 'group_policy' | 'network_endpoint' | 'custom';

/** SERVICE_TRIGGER_SPECIFIC_DATA_ITEM (dwDataType SERVICE_TRIGGER_DATA_TYPE_BINARY 1 … KEYWORD_ALL 5). */
export interface ServiceTriggerDataItem {
  type: 'binary' | 'string' | 'level' | 'keyword_any' | 'keyword_all';
  /** binary: the bytes as base64; string: the text, or a list for a REG_MULTI_SZ item; level: a byte; keyword_*: the UInt64. */
  data: string | string[] | number;
}

/** One SERVICE_TRIGGER of SERVICE_CONFIG_TRIGGER_INFO: start or stop the service on an event. */
export interface ServiceTrigger {
  type: ServiceTriggerType;
  /** dwAction: SERVICE_TRIGGER_ACTION_SERVICE_START 1, _STOP 2. */
  action: 'start' | 'stop';
  /** pTriggerSubtype: the event's GUID, lower case (DOMAIN_JOIN_GUID 1ce20aba-…). */
  subtype: string;
  data_items: ServiceTriggerDataItem[];
}

/** SERVICE_LAUNCH_PROTECTED_* (SERVICE_CONFIG_LAUNCH_PROTECTED, Windows 8.1 and later). */
export type ServiceLaunchProtection = 'none' | 'windows' | 'windows_light' | 'antimalware_light';

/** Since Windows 10 1703 (build 15063) and Server 2019, the SCM's default preshutdown time-out (SERVICE_PRESHUTDOWN_INFO remarks). */
export const DEFAULT_PRESHUTDOWN_MS = 10_000;

export interface Service {
  /** Key name (`Spooler`); the SCM compares it case-insensitively. */
  name: string;
  display_name: string;
  state: ServiceStatus;
  start_mode: StartMode;
  /** StartName as the SCM stores it: `LocalSystem`, `NT AUTHORITY\LocalService`, `.\svc_qlik`, `CORP\svc`. */
  account: string;
  /** The logon password stored with the service (LSA secret on Windows); undefined for built-in accounts. */
  password?: string;
  path: string;
  description: string;
  /** Names of the services this one depends on. */
  dependencies: string[];
  can_pause_and_continue: boolean;
  /**
   * dwServiceType without its flag bits. Kernel drivers (e.g. HTTP) have no logon account; sc shows their type as
   * 1 KERNEL_DRIVER. user_* are per-user service templates (SERVICE_USER_OWN_PROCESS 0x50, _SHARE_ 0x60).
   */
  type: ServiceType;
  /** SERVICE_INTERACTIVE_PROCESS (0x100) in dwServiceType: LocalSystem Win32 services only. */
  interactive?: boolean;
  /** dwErrorControl; absent: normal (SERVICE_ERROR_NORMAL), CreateService's usual value. */
  error_control?: ServiceErrorControl;
  /** lpLoadOrderGroup; absent: none (''). */
  load_order_group?: string;
  /** SERVICE_CONFIG_FAILURE_ACTIONS; absent: reset period 0, no actions, no command or reboot message. */
  failure_actions?: ServiceFailureActions;
  /** SERVICE_CONFIG_FAILURE_ACTIONS_FLAG fFailureActionsOnNonCrashFailures; absent: false. */
  failure_actions_on_non_crash?: boolean;
  /** SERVICE_CONFIG_SERVICE_SID_INFO dwServiceSidType; absent: none. */
  sid_type?: ServiceSidType;
  /** SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO, as set (privilege constants); absent: none set. */
  required_privileges?: string[];
  /** SERVICE_CONFIG_PRESHUTDOWN_INFO dwPreshutdownTimeout in ms; absent: the default (DEFAULT_PRESHUTDOWN_MS). */
  preshutdown_timeout_ms?: number;
  /** SERVICE_CONFIG_TRIGGER_INFO; absent: no triggers. */
  triggers?: ServiceTrigger[];
  /** SERVICE_CONFIG_LAUNCH_PROTECTED; absent: none (an antimalware service such as WinDefend has antimalware_light). */
  launch_protection?: ServiceLaunchProtection;
  /** SERVICE_CONFIG_PREFERRED_NODE: the NUMA node; read only on a host with NUMA (HostState.numa_nodes > 1). */
  preferred_node?: number;
  /** Protected by its security descriptor (WinDefend, TrustedInstaller-owned): even Administrators get 5 on change. */
  protected?: boolean;
  /**
   * A hung service: it accepts a stop request, then reports STOP_PENDING forever (a stuck shutdown), so a caller
   * waiting for Stopped times out with 1053 instead of waiting for ever.
   */
  hung?: boolean;
  /** TCP ports the service's process listens on while it runs (win_wait_for); default per well-known service in listening.ts. */
  listens?: number[];
}

import type { HostDomain } from '../domain/types.ts';
import type { NetAdapter } from '../windows/adapters.ts';
import type { FeatureChange } from '../windows/features.ts';
import type { WindowsUpdateState } from '../windows/updates.ts';

/** A local account, or (name `DOMAIN\user`) a domain account the simulated DC would accept. */
export interface User {
  name: string;
  password: string;
  enabled: boolean;
  /** Relative ID of a local account (500 = Administrator); assigned from 1000 up when created. */
  rid?: number;
  full_name?: string;
  /** USER_INFO_3 usri3_home_dir, usri3_script_path and usri3_profile ('' when unset). */
  home_directory?: string;
  login_script?: string;
  profile?: string;
  description?: string;
  password_never_expires?: boolean;
  user_cannot_change_password?: boolean;
  password_expired?: boolean;
  /** UF_PASSWD_NOTREQD: created without a password (New-LocalUser -NoPassword); its empty password passed no policy check. */
  password_not_required?: boolean;
  /** Locked out by the lockout policy; only an administrator's unlock clears it. */
  locked?: boolean;
}

export interface HostState {
  /** NetBIOS name, upper case (WIN01). */
  hostname: string;
  /** Shown by `ver`. */
  os_version: string;
  services: Service[];
  users: User[];
  /** Group name → members as `HOST\user` / `DOMAIN\user`. */
  groups: Record<string, string[]>;
  /** User right (SeServiceLogonRight) → accounts or groups holding it. */
  rights: Record<string, string[]>;
  /** Local group name → its description (absent: empty). */
  group_descriptions?: Record<string, string>;
  /** The C: volume (fs-types.ts); created with Windows' default folders on first use (fs.ts fsOf). */
  fs?: FsState;
  /** The registry (registry-hive.ts); created with Windows' default keys on first use (registryOf). */
  registry?: RegistryState;
  /** Environment of the agent's own process (win_environment level process); machine and user live in the registry. */
  process_env?: Record<string, string>;
  /**
   * NUMA nodes; absent or 1: the host has no NUMA support (most VMs), so QueryServiceConfig2's
   * SERVICE_CONFIG_PREFERRED_NODE fails with ERROR_INVALID_PARAMETER (87).
   */
  numa_nodes?: number;
  /** Count of boots so far (win_reboot; the boot time the controller compares). */
  boots?: number;
  /** The domain the host is joined to (src/sim/domain/join.ts); absent on a workgroup host. */
  domain?: HostDomain;
  /**
   * A stalled WMI provider (a hung WMI repository, a classic cause of slow fact gathering): the adapter query
   * (Win32_NetworkAdapterConfiguration, Get-WbNetworkAdapter) answers after this many milliseconds; absent: at once.
   */
  wmi_stall_ms?: number;
  /** Network adapters (src/sim/windows/adapters.ts); absent: one adapter with the listener's address. */
  adapters?: NetAdapter[];
  /** The address the host's listener answers on, which its default adapter holds (set by the site). */
  address?: string;
  /** Windows features changed since a fresh server, by name (src/sim/windows/features.ts); absent: none changed. */
  features?: Record<string, FeatureChange>;
  /** The updates Windows Update offers this host (src/sim/windows/updates.ts); absent: its OS build's default list. */
  windows_update?: WindowsUpdateState;
}

export interface DefaultHostOptions {
  /** Password of the built-in Administrator. */
  adminPassword?: string;
  /** Windows build shown by `ver`; default Server 2019. */
  osVersion?: string;
}

const SVCHOST = 'C:\\Windows\\system32\\svchost.exe';

/** SERVICE_TRIGGER's subtypes for SERVICE_TRIGGER_TYPE_DOMAIN_JOIN (winsvc.h DOMAIN_JOIN_GUID, DOMAIN_LEAVE_GUID). */
export const DOMAIN_JOIN_GUID = '1ce20aba-9851-4421-9430-1ddeb766e809';
export const DOMAIN_LEAVE_GUID = 'ddaf516e-58c2-4866-9574-c3b615d42ea1';

function svc(s: Partial<Service> & Pick<Service, 'name' | 'display_name'>): Service {
  return {
    state: 'stopped',
    start_mode: 'manual',
    account: 'LocalSystem',
    path: `${SVCHOST} -k netsvcs -p`,
    description: '',
    dependencies: [],
    can_pause_and_continue: false,
    type: 'share_process',
    ...s,
  };
}

/** The services every host starts with; dependencies as on Windows Server 2019. */
function defaultServices(): Service[] {
  return [
    svc({ name: 'DcomLaunch', display_name: 'DCOM Server Process Launcher', state: 'running', start_mode: 'auto', path: `${SVCHOST} -k DcomLaunch -p` }),
    svc({ name: 'RpcEptMapper', display_name: 'RPC Endpoint Mapper', state: 'running', start_mode: 'auto', account: 'NT AUTHORITY\\NetworkService', path: `${SVCHOST} -k RPCSS -p` }),
    svc({
      name: 'RpcSs', display_name: 'Remote Procedure Call (RPC)', state: 'running', start_mode: 'auto', account: 'NT AUTHORITY\\NetworkService',
      path: `${SVCHOST} -k rpcss -p`, dependencies: ['RpcEptMapper', 'DcomLaunch'],
      description: 'The RPCSS service is the Service Control Manager for COM and DCOM servers.',
    }),
    svc({ name: 'HTTP', display_name: 'HTTP Service', state: 'running', start_mode: 'manual', account: '', path: 'system32\\drivers\\HTTP.sys', type: 'kernel_driver' }),
    svc({
      name: 'WinRM', display_name: 'Windows Remote Management (WS-Management)', state: 'running', start_mode: 'auto',
      account: 'NT AUTHORITY\\NetworkService', path: `${SVCHOST} -k NetworkService -p`, dependencies: ['RPCSS', 'HTTP'],
      description: 'Windows Remote Management (WinRM) service implements the WS-Management protocol for remote management.',
    }),
    svc({
      name: 'Spooler', display_name: 'Print Spooler', state: 'running', start_mode: 'auto', path: 'C:\\Windows\\System32\\spoolsv.exe',
      type: 'own_process', dependencies: ['RPCSS', 'http'],
      description: 'This service spools print jobs and handles interaction with the printer.',
    }),
    svc({
      name: 'W32Time', display_name: 'Windows Time', account: 'NT AUTHORITY\\LocalService', path: `${SVCHOST} -k LocalService`,
      description: 'Maintains date and time synchronization on all clients and servers in the network.',
      // As `sc qtriggerinfo w32time` shows on a Server 2019: started on joining a domain, stopped on leaving it.
      triggers: [
        { type: 'domain_join', action: 'start', subtype: DOMAIN_JOIN_GUID, data_items: [] },
        { type: 'domain_join', action: 'stop', subtype: DOMAIN_LEAVE_GUID, data_items: [] },
      ],
    }),
    svc({ name: 'wuauserv', display_name: 'Windows Update', dependencies: ['rpcss'], description: 'Enables the detection, download, and installation of updates for Windows and other programs.' }),
    svc({
      name: 'Dnscache', display_name: 'DNS Client', state: 'running', start_mode: 'auto', account: 'NT AUTHORITY\\NetworkService',
      path: `${SVCHOST} -k NetworkService -p`, description: 'The DNS Client service (dnscache) caches Domain Name System (DNS) names.',
    }),
  ];
}

/**
 * A fresh Windows Server 2019 member server: the default services, Administrator (enabled) plus Guest,
 * DefaultAccount and WDAGUtilityAccount (disabled), and every BUILTIN group with its default members and
 * description (builtin-accounts.ts).
 */
export function defaultHostState(name: string, opts: DefaultHostOptions = {}): HostState {
  const hostname = name.toUpperCase();
  return addBuiltinAccounts({
    hostname,
    os_version: opts.osVersion ?? '10.0.17763.5458',
    services: defaultServices(),
    users: [{ name: 'Administrator', password: opts.adminPassword ?? 'Passw0rd!', enabled: true }],
    groups: { Administrators: [`${hostname}\\Administrator`] },
    // Windows grants SeServiceLogonRight to NT SERVICE\ALL SERVICES by default, not to users or Administrators.
    rights: { SeServiceLogonRight: ['NT SERVICE\\ALL SERVICES'] },
  });
}

export function toJSON(state: HostState): string {
  return JSON.stringify(state, null, 2);
}

/**
 * A saved state. States saved before the simulator modelled every built-in account (only Administrators and
 * Users) still load: the built-in groups and users they lack are added here with Windows' defaults, and what
 * they hold is kept as saved (addBuiltinAccounts). So the result may differ from `text` by those additions only.
 */
export function fromJSON(text: string): HostState {
  const v = JSON.parse(text) as HostState;
  if (typeof v.hostname !== 'string' || !Array.isArray(v.services) || !Array.isArray(v.users)) {
    throw new Error('not a simulated host state: hostname, services and users are required');
  }
  return addBuiltinAccounts({ ...v, groups: v.groups ?? {}, rights: v.rights ?? {} });
}
