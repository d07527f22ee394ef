/**
 * The keys a fresh Windows Server has that modules and playbooks read: the OS identity under
 * Windows NT\CurrentVersion, the machine environment, the Services key, and the SAM/SECURITY hives that only
 * SYSTEM may open. Values as on Server 2019/2022 (build from the host's os_version).
 */
import type { RegData, RegKey, RegType, RegistryState } from './registry-types.ts';

type Seed = Record<string, [RegType, RegData]>;

export function emptyKey(name: string): RegKey {
  return { name, keys: {}, values: {} };
}

function keyAt(root: RegKey, parts: string[]): RegKey {
  let k = root;
  for (const p of parts) k = k.keys[p.toLowerCase()] ??= emptyKey(p);
  return k;
}

export function seedKey(root: RegKey, path: string, values: Seed = {}): RegKey {
  const k = keyAt(root, path.split('\\').filter((p) => p !== ''));
  for (const [name, [type, data]] of Object.entries(values)) k.values[name.toLowerCase()] = { name, type, data };
  return k;
}

function productName(build: number): string {
  if (build >= 20348) return 'Windows Server 2022 Standard';
  if (build >= 17763) return 'Windows Server 2019 Standard';
  return 'Windows Server 2016 Standard';
}

const MACHINE_ENV: Seed = {
  ComSpec: ['expandstring', '%SystemRoot%\\system32\\cmd.exe'],
  NUMBER_OF_PROCESSORS: ['string', '2'],
  OS: ['string', 'Windows_NT'],
  Path: ['expandstring', '%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem;%SYSTEMROOT%\\System32\\WindowsPowerShell\\v1.0\\;%SYSTEMROOT%\\System32\\OpenSSH\\'],
  PATHEXT: ['string', '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC'],
  PROCESSOR_ARCHITECTURE: ['string', 'AMD64'],
  PSModulePath: ['expandstring', '%ProgramFiles%\\WindowsPowerShell\\Modules;%SystemRoot%\\system32\\WindowsPowerShell\\v1.0\\Modules'],
  TEMP: ['expandstring', '%SystemRoot%\\TEMP'],
  TMP: ['expandstring', '%SystemRoot%\\TEMP'],
  USERNAME: ['string', 'SYSTEM'],
  windir: ['expandstring', '%SystemRoot%'],
};

export const MACHINE_ENV_KEY = 'SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';

export function defaultRegistry(osVersion: string): RegistryState {
  const [major, minor, build, ubr] = osVersion.split('.').map((n) => Number(n) || 0);
  const hklm = emptyKey('HKEY_LOCAL_MACHINE');
  seedKey(hklm, 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', {
    ProductName: ['string', productName(build ?? 0)],
    EditionID: ['string', 'ServerStandard'],
    InstallationType: ['string', 'Server'],
    CurrentBuild: ['string', String(build ?? 0)],
    CurrentBuildNumber: ['string', String(build ?? 0)],
    CurrentMajorVersionNumber: ['dword', major ?? 10],
    CurrentMinorVersionNumber: ['dword', minor ?? 0],
    CurrentVersion: ['string', '6.3'],
    UBR: ['dword', ubr ?? 0],
    ReleaseId: ['string', (build ?? 0) >= 20348 ? '2009' : '1809'],
    RegisteredOwner: ['string', 'Windows User'],
    SystemRoot: ['string', 'C:\\Windows'],
  });
  seedKey(hklm, 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion', {
    ProgramFilesDir: ['string', 'C:\\Program Files'],
    CommonFilesDir: ['string', 'C:\\Program Files\\Common Files'],
  });
  seedKey(hklm, 'SOFTWARE\\Classes');
  seedKey(hklm, 'SOFTWARE\\Policies\\Microsoft\\Windows');
  seedKey(hklm, MACHINE_ENV_KEY, MACHINE_ENV);
  seedKey(hklm, 'SYSTEM\\CurrentControlSet\\Services');
  seedKey(hklm, 'SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current');
  seedKey(hklm, 'SAM\\SAM');
  seedKey(hklm, 'SECURITY\\Policy');
  return { hives: { HKEY_LOCAL_MACHINE: hklm, HKEY_USERS: emptyKey('HKEY_USERS') } };
}

/** A user's hive as Windows creates it at first logon (only what the environment needs). */
export function defaultUserHive(sid: string): RegKey {
  const root = emptyKey(sid);
  seedKey(root, 'Environment', {
    Path: ['expandstring', '%USERPROFILE%\\AppData\\Local\\Microsoft\\WindowsApps;'],
    TEMP: ['expandstring', '%USERPROFILE%\\AppData\\Local\\Temp'],
    TMP: ['expandstring', '%USERPROFILE%\\AppData\\Local\\Temp'],
  });
  seedKey(root, 'Software\\Microsoft\\Windows\\CurrentVersion');
  return root;
}
