/**
 * The registry, as Microsoft.Win32.RegistryKey sees it. Paths are PowerShell registry paths (`HKLM:\SOFTWARE\Qlik`,
 * `HKCU:\Environment`, `HKU:\…`, `HKCR:\…`, `HKCC:\…`); the verbs never go through the registry provider (whose
 * `New-Item -Force` deletes and recreates an existing key in Windows PowerShell 5.1: issue 13, M2).
 * Value kinds are RegistryValueKind names on input and REG_* names on output; data keeps its type end to end:
 * REG_MULTI_SZ as a string array, REG_BINARY/REG_NONE as base64 text, REG_DWORD/REG_QWORD as numbers.
 */
import type { VerbTable } from './types.ts';

const PATH = { type: 'string', required: true, doc: 'PowerShell registry path: HKLM:\\…, HKCU:\\…, HKU:\\…, HKCR:\\…, HKCC:\\…' } as const;
const DENIED = "Requested registry access is not allowed. (.NET's SecurityException/UnauthorizedAccessException text, kept as the message)";

export const registryVerbs: VerbTable = {
  'Get-WbRegistryKey': {
    domain: 'registry',
    doc: 'RegistryKey.OpenSubKey(path, false): the key\'s values (GetValueNames, GetValueKind, GetValue with DoNotExpandEnvironmentNames) and sub-key names. A missing key is Exists $false, not an error.',
    params: { Path: PATH },
    returns: 'object',
    shape: {
      Exists: 'bool: the key exists',
      Name: 'the key in regedit form, HKEY_LOCAL_MACHINE\\SOFTWARE\\… (as given when the key is missing)',
      Values: 'array of { Name (\'\' is the (Default) value), Type (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD, REG_QWORD, REG_BINARY, REG_NONE), Data } where Data is the text for REG_SZ/REG_EXPAND_SZ (unexpanded), a string array for REG_MULTI_SZ, an unsigned number for REG_DWORD (0..4294967295) and REG_QWORD (the simulator sends a REG_QWORD above 2^53 as decimal text, since JSON numbers would round it; compare through [decimal][string]), base64 text for REG_BINARY/REG_NONE',
      SubKeys: 'array of sub-key names',
    },
    errors: { 5: DENIED, 87: 'the path is not a registry path (The parameter is incorrect.)' },
  },
  'New-WbRegistryKey': {
    domain: 'registry',
    doc: 'RegistryKey.CreateSubKey(path): creates the key and missing parents; an existing key is left exactly as it is (never deleted and recreated). $true when something was created.',
    params: { Path: PATH },
    returns: 'bool',
    errors: { 5: DENIED, 87: 'the path is not a registry path, or names a hive root' },
  },
  'Set-WbRegistryValue': {
    domain: 'registry',
    doc: 'RegistryKey.SetValue(name, data, kind) on an existing key. The data parameter matching Kind is used: String for String/ExpandString, MultiString for MultiString, Number for DWord/QWord, Binary for Binary/None. Numbers are passed as a signed 64-bit value and stored with unchecked semantics: DWord takes 0..4294967295 (or its signed 32-bit reading), QWord takes any 64-bit pattern (0xFFFFFFFFFFFFFFFF is -1). $true when the kind or data differed.',
    params: {
      Path: PATH,
      Name: { type: 'string', required: true, doc: "value name; '' is the key's (Default) value" },
      Kind: { type: 'string', required: true, doc: 'RegistryValueKind: String, ExpandString, MultiString, DWord, QWord, Binary, None' },
      String: { type: 'string', doc: 'data for String and ExpandString' },
      MultiString: { type: 'string[]', doc: 'data for MultiString (an empty array is an empty REG_MULTI_SZ)' },
      Number: { type: 'long', doc: 'data for DWord and QWord' },
      Binary: { type: 'base64', doc: 'data for Binary and None' },
    },
    returns: 'bool',
    errors: { 2: 'the key does not exist (The system cannot find the file specified.)', 5: DENIED, 87: 'Kind is unknown, or Number is out of range for DWord' },
  },
  'Remove-WbRegistryValue': {
    domain: 'registry',
    doc: 'RegistryKey.DeleteValue(name, false): $true when the value existed. A missing key is $false.',
    params: { Path: PATH, Name: { type: 'string', required: true, doc: "value name; '' is the (Default) value" } },
    returns: 'bool',
    errors: { 5: DENIED },
  },
  'Mount-WbRegistryHive': {
    domain: 'registry',
    doc: 'RegLoadKey(HKEY_LOCAL_MACHINE, Key, Path) with SeBackupPrivilege and SeRestorePrivilege enabled for the process: the hive file appears as HKLM:\\<Key> until Dismount-WbRegistryHive.',
    params: {
      Key: { type: 'string', required: true, doc: 'the name of the HKLM sub-key to load the hive as (ANSIBLE)' },
      Path: { type: 'string', required: true, doc: 'full path of the hive file (C:\\Users\\Default\\NTUSER.DAT)' },
    },
    returns: 'none',
    errors: {
      2: 'the file does not exist',
      5: 'a key of that name exists under HKLM, or the path is a folder',
      32: 'the file is in use: the hive is loaded already, here or as a logged-on user\'s profile (The process cannot access the file because it is being used by another process.)',
      1009: 'the file is not a registry hive (The configuration registry database is corrupt.)',
      1314: 'the caller does not hold SeBackupPrivilege and SeRestorePrivilege (A required privilege is not held by the client.)',
    },
  },
  'Dismount-WbRegistryHive': {
    domain: 'registry',
    doc: 'RegUnLoadKey(HKEY_LOCAL_MACHINE, Key) after the process dropped its open handles (GC): the changes go back into the hive file and the key disappears.',
    params: { Key: { type: 'string', required: true, doc: 'the HKLM sub-key the hive was loaded as' } },
    returns: 'none',
    errors: { 87: 'no hive is loaded as that key (The parameter is incorrect.)', 1314: 'the caller does not hold SeBackupPrivilege and SeRestorePrivilege' },
  },
  'Remove-WbRegistryKey': {
    domain: 'registry',
    doc: 'RegistryKey.DeleteSubKeyTree (Recurse) or DeleteSubKey: $true when the key existed.',
    params: { Path: PATH, Recurse: { type: 'switch', doc: 'delete sub-keys too; without it a key with sub-keys is refused' } },
    returns: 'bool',
    errors: { 5: DENIED, 87: 'a hive root', 1020: 'the key has sub-keys and Recurse was not given (Cannot delete a subkey tree because the subkey does not exist. / Registry key has subkeys and recursive removes are not supported by this method.)' },
  },
};
