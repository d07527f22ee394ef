/**
 * The Qlik Sense services as the installer creates them (qlik-sense.md §1): key names, display names, binaries,
 * the roles that switch them on, and the start order Qlik documents (QRD → QSD → QRS → the rest; stop in reverse).
 */

export type QlikRole = 'db' | 'dispatcher' | 'repository' | 'proxy' | 'engine' | 'scheduler' | 'printing';

export interface QlikServiceDef {
  name: string;
  display_name: string;
  acronym: string;
  role: QlikRole;
  path: string;
}

const PF = 'C:\\Program Files\\Qlik\\Sense';

/** In the documented start order [V] R2/C3/R4. */
export const QLIK_SERVICES: readonly QlikServiceDef[] = [
  { name: 'QlikSenseRepositoryDatabase', display_name: 'Qlik Sense Repository Database', acronym: 'QRD', role: 'db', path: `"${PF}\\Repository\\PostgreSQL\\9.6\\bin\\postgres.exe"` },
  { name: 'QlikSenseServiceDispatcher', display_name: 'Qlik Sense Service Dispatcher', acronym: 'QSD', role: 'dispatcher', path: `"${PF}\\ServiceDispatcher\\ServiceDispatcher.exe"` },
  { name: 'QlikSenseRepositoryService', display_name: 'Qlik Sense Repository Service', acronym: 'QRS', role: 'repository', path: `"${PF}\\Repository\\Repository.exe"` },
  { name: 'QlikSenseProxyService', display_name: 'Qlik Sense Proxy Service', acronym: 'QPS', role: 'proxy', path: `"${PF}\\Proxy\\Proxy.exe"` },
  { name: 'QlikSenseEngineService', display_name: 'Qlik Sense Engine Service', acronym: 'QES', role: 'engine', path: `"${PF}\\Engine\\Engine.exe"` },
  { name: 'QlikSenseSchedulerService', display_name: 'Qlik Sense Scheduler Service', acronym: 'QSS', role: 'scheduler', path: `"${PF}\\Scheduler\\Scheduler.exe"` },
  { name: 'QlikSensePrintingService', display_name: 'Qlik Sense Printing Service', acronym: 'QPR', role: 'printing', path: `"${PF}\\Printing\\Printing.exe"` },
];

export const QRD = 'QlikSenseRepositoryDatabase';
export const QSD = 'QlikSenseServiceDispatcher';
export const QRS = 'QlikSenseRepositoryService';

export const SERVICE_USERS_GROUP = 'Qlik Sense Service Users';
export const PERFMON_GROUP = 'Performance Monitor Users';
export const SENSE_DATA_DIR = 'C:\\ProgramData\\Qlik\\Sense';

/** Executables with a bootstrap mode (§2) → the service whose binary they are. */
export const BOOTSTRAP_EXES: Record<string, string> = {
  'repository.exe': QRS,
  'proxy.exe': 'QlikSenseProxyService',
  'scheduler.exe': 'QlikSenseSchedulerService',
};

export function qlikServiceDef(name: string): QlikServiceDef | undefined {
  const n = name.toLowerCase();
  return QLIK_SERVICES.find((s) => s.name.toLowerCase() === n);
}

/** Position in the start order; unknown names sort last. */
export function startRank(name: string): number {
  const i = QLIK_SERVICES.findIndex((s) => s.name.toLowerCase() === name.toLowerCase());
  return i < 0 ? QLIK_SERVICES.length : i;
}

/** QRS service-status serviceType (D11) for a role, when the role has one. */
export const SERVICE_TYPE: Partial<Record<QlikRole, number>> = { repository: 0, proxy: 1, scheduler: 2, engine: 3, printing: 5 };
