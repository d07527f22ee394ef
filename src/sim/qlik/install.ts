/**
 * What Qlik_Sense_setup.exe leaves on a Windows host (simulated): the services with their real names, start modes
 * and logon, the local groups, the service account and the %ProgramData%\Qlik\Sense ACL. A central node has the
 * Repository Database; rims point at the central one (§1).
 */
import { qualify } from '../host/accounts.ts';
import { fsOf, makeDirectory } from '../host/fs.ts';
import { FULL_CONTROL } from '../host/fs-rights.ts';
import { RehearsalLog } from '../host/rehearsal-log.ts';
import type { HostState, Service } from '../host/state.ts';
import { PERFMON_GROUP, QLIK_SERVICES, QRD, SENSE_DATA_DIR, SERVICE_USERS_GROUP } from './catalogue.ts';
import type { QlikNode } from './node.ts';

export interface InstallOptions {
  central: boolean;
  address: string;
  /** Service account as typed on the installer's Service Credentials screen (`.\qliksvc`). */
  account: string;
  password: string;
  /** Add the account to Administrators (the usual admin install) or leave it a plain user (procedure a). */
  accountIsAdmin: boolean;
  /** Installed, registered and running (true), or freshly installed with services stopped and no certificates. */
  inSite: boolean;
}

function service(def: (typeof QLIK_SERVICES)[number], o: InstallOptions): Service {
  // QRD stays on Local System when the service account is an administrator (procedure b, step 11 note).
  const local = def.name === QRD;
  return {
    name: def.name,
    display_name: def.display_name,
    state: o.inSite ? 'running' : 'stopped',
    start_mode: 'auto',
    account: local ? 'LocalSystem' : o.account,
    ...(local ? {} : { password: o.password }),
    path: def.path,
    description: '',
    dependencies: [],
    can_pause_and_continue: false,
    type: 'own_process',
  };
}

function userName(account: string): string {
  return account.replace(/^\.\\/, '');
}

/**
 * %ProgramData%\Qlik\Sense as setup leaves it: inherited from ProgramData (Administrators and SYSTEM Full
 * control), plus Full control for a non-admin service account (procedure a installs it that way). Setup is not a
 * rehearsed step, so it goes to a scratch log.
 */
function installDataDir(state: HostState, account: string | undefined): void {
  const setup = { account: 'NT AUTHORITY\\SYSTEM', log: new RehearsalLog() };
  for (const sub of ['', '\\Repository', '\\Log', '\\Repository\\Exported Certificates\\.Local Certificates']) makeDirectory(state, SENSE_DATA_DIR + sub, setup);
  const node = fsOf(state).nodes[SENSE_DATA_DIR.toLowerCase()];
  if (node && account) node.acl.aces.push({ identity: account, rights: FULL_CONTROL, type: 'allow', inherit: ['ContainerInherit', 'ObjectInherit'], propagation: 'None', inherited: false });
}

/** The folders of the services' executables (C:\\Program Files\\Qlik\\Sense\\Repository...): a bootstrap runs there. */
function installProgramDirs(state: HostState, paths: string[]): void {
  const setup = { account: 'NT AUTHORITY\\SYSTEM', log: new RehearsalLog() };
  for (const p of paths) {
    const exe = p.replace(/^"([^"]+)".*$/, '$1');
    makeDirectory(state, exe.slice(0, exe.lastIndexOf('\\')), setup);
  }
}

/** Adds the Qlik services, groups and account to `state`; returns the node's Qlik-side state. */
export function installQlik(state: HostState, o: InstallOptions): QlikNode {
  const defs = QLIK_SERVICES.filter((d) => o.central || d.name !== QRD);
  state.services.push(...defs.map((d) => service(d, o)));
  const name = userName(o.account);
  if (!state.users.some((u) => u.name.toLowerCase() === name.toLowerCase())) {
    state.users.push({ name, password: o.password, enabled: true, password_never_expires: true });
  }
  const qualified = qualify(state, o.account);
  state.groups[SERVICE_USERS_GROUP] ??= [];
  state.groups[PERFMON_GROUP] ??= [];
  if (o.accountIsAdmin) (state.groups.Administrators ??= []).push(qualified);
  else state.groups[SERVICE_USERS_GROUP].push(qualified);
  // Services need SeServiceLogonRight; the installer grants it to the account it was given.
  (state.rights.SeServiceLogonRight ??= []).push(qualified);
  installDataDir(state, o.accountIsAdmin ? undefined : qualified);
  installProgramDirs(state, defs.map((d) => d.path));
  return {
    hostname: state.hostname,
    address: o.address,
    central: o.central,
    registered: o.central || o.inSite,
    certs: o.central || o.inSite ? 'installed' : 'not_installed',
    roles: { proxy: true, engine: true, scheduler: true, printing: true },
    // Admin installs never ran a bootstrap (admins need none, S9); a non-admin rim install still owes QRS's (procedure a).
    bootstrapped: { QlikSenseRepositoryService: false, QlikSenseProxyService: !o.accountIsAdmin, QlikSenseSchedulerService: !o.accountIsAdmin },
    duplicateRoot: false,
    unlockPortOpen: !(o.central || o.inSite),
    port4444Blocked: false,
  };
}
