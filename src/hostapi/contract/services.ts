/**
 * The Service Control Manager: read a service, list services, create/remove/configure one, set its logon account,
 * start/stop/pause/continue it and WAIT until it gets there (a control that does not finish in time fails with 1053,
 * as the SCM reports it, instead of waiting forever: issue 13, "services.ps1:20").
 *
 * Windows side (src/hostapi/windows/services.ps1): System.ServiceProcess.ServiceController for status and controls
 * (WaitForStatus with a TimeSpan), Win32_Service (CIM) for the configuration (Change, ChangeStartMode, Create,
 * Delete), the registry value DelayedAutostart for Automatic (Delayed Start), sc.exe only for the delayed flag where
 * no API sets it, and never with a secret on its command line.
 */
import type { VerbTable } from './types.ts';

/** The shape every service read returns (Get-WbService, Find-WbService, New-WbService). */
const SERVICE_SHAPE: Record<string, string> = {
  Name: 'the key name (Spooler)',
  DisplayName: 'the display name',
  State: "ServiceControllerStatus's name: Running, Stopped, Paused, StartPending, StopPending, ContinuePending, PausePending",
  StartMode: 'Auto, Delayed (Automatic, Delayed Start), Manual, Disabled (Boot, System for drivers)',
  Account: 'Win32_Service.StartName as the SCM stores it (LocalSystem, NT AUTHORITY\\LocalService, .\\user, DOMAIN\\user); $null for drivers',
  Path: 'Win32_Service.PathName: the command line, quoted as stored',
  Description: "the description ('' when none)",
  Dependencies: 'key names of the services this one depends on (string[], possibly empty)',
  DependentServices: 'key names of the services that depend on this one (string[], possibly empty)',
  CanPauseAndContinue: 'bool',
  ServiceType: 'dwServiceType without SERVICE_INTERACTIVE_PROCESS and SERVICE_USER_SERVICE_INSTANCE: Win32OwnProcess, Win32ShareProcess, UserOwnProcess, UserShareProcess, KernelDriver, FileSystemDriver',
  DesktopInteract: 'bool: SERVICE_INTERACTIVE_PROCESS',
  ExitCode: 'Win32_Service.ExitCode: the Win32 exit code of the last stop (0, or 1067 when the process ended unexpectedly)',
  ServiceSpecificExitCode: 'Win32_Service.ServiceSpecificExitCode',
  ErrorControl: 'dwErrorControl: Ignore, Normal, Severe, Critical',
  LoadOrderGroup: "lpLoadOrderGroup ('' when none)",
  FailureActions: 'SERVICE_CONFIG_FAILURE_ACTIONS: { ResetPeriod (s), RebootMsg ($null when none), Command ($null when none), Actions: [{ Type: None|Restart|Reboot|RunCommand, Delay (ms) }] }',
  FailureActionsOnNonCrashFailures: 'bool: SERVICE_CONFIG_FAILURE_ACTIONS_FLAG',
  SidInfo: 'SERVICE_CONFIG_SERVICE_SID_INFO: None, Unrestricted, Restricted',
  RequiredPrivileges: 'SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO: privilege constants as set (string[], possibly empty)',
  PreShutdownTimeout: 'SERVICE_CONFIG_PRESHUTDOWN_INFO: ms (the SCM default, 10000 since build 15063, when never set)',
  LaunchProtection: 'SERVICE_CONFIG_LAUNCH_PROTECTED: None, Windows, WindowsLight, AntimalwareLight',
  PreferredNode: 'SERVICE_CONFIG_PREFERRED_NODE: the NUMA node (int); $null when the host has no NUMA support (the query fails with 87) or none is set',
  Triggers:
    'SERVICE_CONFIG_TRIGGER_INFO: [{ Type: DeviceInterfaceArrival|IpAddressAvailability|DomainJoin|FirewallPortEvent|GroupPolicy|NetworkEndpoint|Custom, ' +
    'Action: ServiceStart|ServiceStop, SubType: the subtype GUID (lower case, dashes), DataItems: [{ Type: Binary|String|Level|KeywordAny|KeywordAll, ' +
    'Data: base64 text (Binary), text or string[] (String: REG_SZ or REG_MULTI_SZ), int (Level), uint64 (KeywordAny/KeywordAll) }] }]',
  ProcessId: 'QueryServiceStatusEx SERVICE_STATUS_PROCESS.dwProcessId: the process the service runs in; 0 when it is stopped',
  ServiceFlags: 'SERVICE_STATUS_PROCESS.dwServiceFlags: 1 (SERVICE_RUNS_IN_SYSTEM_PROCESS) or 0',
  // LoadOrderGroup, FailureActions, FailureActionsOnNonCrashFailures, SidInfo, RequiredPrivileges, PreShutdownTimeout,
  // LaunchProtection, PreferredNode, Triggers, ProcessId and ServiceFlags are $null for a service whose DACL refuses
  // SERVICE_QUERY_CONFIG or SERVICE_QUERY_STATUS (the list still shows it).
};

const WAIT = {
  TimeoutSeconds: { type: 'int', doc: 'seconds to wait for the service to reach the state (default 30); then 1053' },
} as const;

export const servicesVerbs: VerbTable = {
  'Get-WbService': {
    domain: 'services',
    doc: 'One service by key name, else by display name (as Get-Service matches), drivers included: ServiceController + Win32_Service + the DelayedAutostart registry value. $null when absent.',
    params: { Name: { type: 'string', required: true, doc: 'key name or display name (no wildcards)' } },
    returns: 'object-or-null',
    shape: SERVICE_SHAPE,
  },
  'Find-WbService': {
    domain: 'services',
    doc: 'The Win32 services (not drivers, as Get-Service lists them) whose key name or display name is -like Pattern, sorted by name. Every service when Pattern is absent.',
    params: { Pattern: { type: 'string', doc: 'PowerShell -like wildcard, case-insensitive; absent: all' } },
    returns: 'list',
    shape: SERVICE_SHAPE,
  },
  'New-WbService': {
    domain: 'services',
    doc: 'CreateService (Win32_Service.Create): an own-process service, stopped, logging on as LocalSystem. Returns the new service.',
    params: {
      Name: { type: 'string', required: true, doc: 'key name' },
      Path: { type: 'string', required: true, doc: 'the command line (quote an executable path with spaces)' },
      DisplayName: { type: 'string', doc: 'default: the key name' },
      Description: { type: 'string', doc: 'default: none' },
      StartMode: { type: 'string', doc: 'Auto, Delayed, Manual (default), Disabled' },
      Dependencies: { type: 'string[]', doc: 'key names of services it depends on' },
    },
    returns: 'object',
    shape: SERVICE_SHAPE,
    errors: { 1073: 'a service with that name exists', 1078: 'the display name is taken by another service', 5: 'access denied', 123: 'the name is not valid' },
  },
  'Remove-WbService': {
    domain: 'services',
    doc: 'DeleteService (Win32_Service.Delete). A running service is only marked for deletion: stop it first.',
    params: { Name: { type: 'string', required: true, doc: 'key name' } },
    returns: 'none',
    errors: { 1060: 'no such service', 1072: 'already marked for deletion', 5: 'access denied (a protected service)' },
  },
  'Set-WbServiceConfig': {
    domain: 'services',
    doc: 'ChangeServiceConfig/ChangeServiceConfig2 for the given fields only (Win32_Service.Change, ChangeStartMode, the DelayedAutostart flag, the description). Returns $true when something differed.',
    params: {
      Name: { type: 'string', required: true, doc: 'key name' },
      DisplayName: { type: 'string', doc: 'new display name' },
      Path: { type: 'string', doc: 'new command line' },
      Description: { type: 'string', doc: "new description ('' clears it)" },
      StartMode: { type: 'string', doc: 'Auto, Delayed, Manual, Disabled' },
      Dependencies: { type: 'string[]', doc: 'the complete new list; an explicit empty list clears every dependency, absent leaves them' },
      ServiceType: { type: 'string', doc: 'Win32OwnProcess, Win32ShareProcess, UserOwnProcess, UserShareProcess (a driver stays a driver)' },
      DesktopInteract: { type: 'bool', doc: 'SERVICE_INTERACTIVE_PROCESS on or off; on only for a Win32 type running as LocalSystem' },
      ErrorControl: { type: 'string', doc: 'Ignore, Normal, Severe, Critical' },
      LoadOrderGroup: { type: 'string', doc: "the load order group ('' for none)" },
    },
    returns: 'bool',
    errors: {
      1060: 'no such service',
      5: 'access denied (a protected service)',
      1075: 'a dependency does not exist',
      1059: 'the dependencies would make a cycle',
      1078: 'the display name is taken by another service',
      87: 'a start mode, type or error control that is not valid; DesktopInteract with an account other than LocalSystem or a non-Win32 type',
    },
  },
  'Set-WbServiceConfig2': {
    domain: 'services',
    doc: 'ChangeServiceConfig2 for the given levels only: FAILURE_ACTIONS, FAILURE_ACTIONS_FLAG, SERVICE_SID_INFO, REQUIRED_PRIVILEGES_INFO, PRESHUTDOWN_INFO (SeShutdownPrivilege enabled for a Reboot action, as the API requires). Returns $true when something differed.',
    params: {
      Name: { type: 'string', required: true, doc: 'key name' },
      FailureActions: {
        type: 'object',
        doc: "{ ResetPeriod, RebootMsg, Command, Actions: [{ Type, Delay }] }; an absent or $null member is left as it is ('' deletes RebootMsg/Command, an empty Actions list deletes the actions; ResetPeriod is only applied with Actions, as the API reads it)",
      },
      FailureActionsOnNonCrashFailures: { type: 'bool', doc: 'run the failure actions when the service stops with an error exit code, too' },
      SidInfo: { type: 'string', doc: 'None, Unrestricted, Restricted' },
      RequiredPrivileges: { type: 'string[]', doc: 'the complete list of privilege constants (SeBackupPrivilege); an empty list clears it' },
      PreShutdownTimeout: { type: 'long', doc: 'ms the SCM waits after SERVICE_CONTROL_PRESHUTDOWN' },
    },
    returns: 'bool',
    errors: {
      1060: 'no such service',
      5: 'access denied (a protected service)',
      87: 'a privilege name that is no privilege constant; a SID type for a driver; a value out of range',
      1080: 'failure actions for a driver (ERROR_CANNOT_DETECT_DRIVER_FAILURE)',
    },
  },
  'Set-WbServiceAccount': {
    domain: 'services',
    doc: 'ChangeServiceConfig(lpServiceStartName, lpPassword) via Win32_Service.Change(StartName, StartPassword). Does NOT grant SeServiceLogonRight (that is Grant-WbRight): a start then fails with 1069. Always applies (a password cannot be compared) and returns nothing.',
    params: {
      Name: { type: 'string', required: true, doc: 'key name' },
      Account: { type: 'string', required: true, doc: 'LocalSystem, NT AUTHORITY\\LocalService, NT AUTHORITY\\NetworkService, NT SERVICE\\x, .\\user, DOMAIN\\user, user' },
      Password: { type: 'string', secret: true, doc: "the account's password; absent or '' for the built-in and virtual accounts" },
    },
    returns: 'none',
    errors: { 1060: 'no such service', 1057: 'the account name is invalid or does not exist', 5: 'access denied (a protected service)' },
  },
  'Start-WbService': {
    domain: 'services',
    doc: 'StartService (dependencies first, by the SCM), then WaitForStatus(Running, Timeout). $false when it already runs.',
    params: { Name: { type: 'string', required: true, doc: 'key name' }, ...WAIT },
    returns: 'bool',
    errors: {
      1060: 'no such service',
      1058: 'the service is disabled',
      1068: 'a dependency failed to start',
      1069: 'the logon failed (wrong password, or the account lacks SeServiceLogonRight)',
      1067: 'the process terminated unexpectedly while starting',
      1053: 'it did not reach Running within the timeout',
      1075: 'a dependency does not exist',
      5: 'access denied',
    },
  },
  'Stop-WbService': {
    domain: 'services',
    doc: 'ControlService(STOP), then WaitForStatus(Stopped, Timeout). Running dependents refuse the stop (1051) unless -Force, which stops them first. $false when already stopped.',
    params: {
      Name: { type: 'string', required: true, doc: 'key name' },
      Force: { type: 'switch', doc: 'stop running dependent services first' },
      ...WAIT,
    },
    returns: 'bool',
    errors: { 1060: 'no such service', 1051: 'running services depend on it (no -Force)', 1052: 'the service does not accept STOP', 1053: 'it did not reach Stopped within the timeout', 5: 'access denied' },
  },
  'Suspend-WbService': {
    domain: 'services',
    doc: 'ControlService(PAUSE), then WaitForStatus(Paused, Timeout). $false when already paused.',
    params: { Name: { type: 'string', required: true, doc: 'key name' }, ...WAIT },
    returns: 'bool',
    errors: { 1060: 'no such service', 1062: 'the service is not running', 1052: 'it cannot pause', 1053: 'it did not reach Paused within the timeout' },
  },
  'Resume-WbService': {
    domain: 'services',
    doc: 'ControlService(CONTINUE), then WaitForStatus(Running, Timeout). $false when it already runs.',
    params: { Name: { type: 'string', required: true, doc: 'key name' }, ...WAIT },
    returns: 'bool',
    errors: { 1060: 'no such service', 1062: 'the service is not paused', 1052: 'it cannot continue', 1053: 'it did not reach Running within the timeout' },
  },
};
