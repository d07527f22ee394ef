/**
 * PowerShell registry paths (`HKLM:\SOFTWARE\…`) as the simulated registry stores them: the drive mapped to
 * its hive, HKCU to the caller's HKEY_USERS\<SID>, HKCR and HKCC to the HKLM keys Windows maps them to.
 */
export interface RegPath {
  hive: 'HKEY_LOCAL_MACHINE' | 'HKEY_USERS';
  /** Key names below the hive, as given (empty for the hive itself). */
  parts: string[];
}

const DRIVE = /^(HKLM|HKCU|HKU|HKCR|HKCC):(\\|$)/i;

/** `HKLM:\SOFTWARE\X` → hive + parts; undefined when it is not one of the five registry drives. */
export function parseRegPath(path: string, userSid: string): RegPath | undefined {
  const m = DRIVE.exec(path);
  if (!m) return undefined;
  const rest = path.slice(m[0].length).split('\\').filter((p) => p !== '');
  switch (m[1]!.toUpperCase()) {
    case 'HKLM':
      return { hive: 'HKEY_LOCAL_MACHINE', parts: rest };
    case 'HKU':
      return { hive: 'HKEY_USERS', parts: rest };
    case 'HKCU':
      return { hive: 'HKEY_USERS', parts: [userSid, ...rest] };
    case 'HKCR':
      // The merged view's machine half; per-user classes are not modelled.
      return { hive: 'HKEY_LOCAL_MACHINE', parts: ['SOFTWARE', 'Classes', ...rest] };
    default:
      return { hive: 'HKEY_LOCAL_MACHINE', parts: ['SYSTEM', 'CurrentControlSet', 'Hardware Profiles', 'Current', ...rest] };
  }
}

/** `HKEY_LOCAL_MACHINE\SOFTWARE\X`, the form regedit and .reg files use. */
export function regPathText(p: RegPath, parts = p.parts): string {
  return [p.hive, ...parts].join('\\');
}
