/** The simulated registry's data: hives of keys, each with sub-keys and values, names compared case-insensitively. */

/** win_regedit's type names for REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD, REG_QWORD, REG_BINARY, REG_NONE. */
export type RegType = 'string' | 'expandstring' | 'multistring' | 'dword' | 'qword' | 'binary' | 'none';

export type RegData = string | string[] | number | number[] | null;

export interface RegValue {
  /** As created (case kept); '' is the key's (Default) value. */
  name: string;
  type: RegType;
  /** string/expandstring: string; multistring: string[]; dword/qword: number; binary/none: bytes. */
  data: RegData;
}

export interface RegKey {
  /** As created (case kept). */
  name: string;
  /** By lower-case name. */
  keys: Record<string, RegKey>;
  /** By lower-case name; '' is (Default). */
  values: Record<string, RegValue>;
}

export interface RegistryState {
  /** HKEY_LOCAL_MACHINE and HKEY_USERS; HKCU, HKCR and HKCC are views into them (registry-path.ts). */
  hives: Record<'HKEY_LOCAL_MACHINE' | 'HKEY_USERS', RegKey>;
}
