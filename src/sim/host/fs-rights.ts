/**
 * System.Security.AccessControl.FileSystemRights: the names admins write (`Modify`, `ReadAndExecute`), their
 * bit masks, and the formatting .NET uses when it prints a mask (`Modify, Synchronize`). Masks, not names, are
 * compared, so "Modify is already covered by FullControl" is a subset test.
 */

/** Every FileSystemRights name with its value (docs.microsoft.com, FileSystemRights Enum). */
export const FILE_SYSTEM_RIGHTS: Record<string, number> = {
  ListDirectory: 1,
  ReadData: 1,
  CreateFiles: 2,
  WriteData: 2,
  AppendData: 4,
  CreateDirectories: 4,
  ReadExtendedAttributes: 8,
  WriteExtendedAttributes: 16,
  ExecuteFile: 32,
  Traverse: 32,
  DeleteSubdirectoriesAndFiles: 64,
  ReadAttributes: 128,
  WriteAttributes: 256,
  Write: 278,
  Delete: 65536,
  ReadPermissions: 131072,
  Read: 131209,
  ReadAndExecute: 131241,
  Modify: 197055,
  ChangePermissions: 262144,
  TakeOwnership: 524288,
  Synchronize: 1048576,
  FullControl: 2032127,
};

export const SYNCHRONIZE = 1048576;
export const FULL_CONTROL = 2032127;

/** The order .NET's flags formatting tries names in: largest composite first, then single bits. */
const FORMAT_ORDER = [
  'FullControl', 'Modify', 'ReadAndExecute', 'Read', 'Write', 'TakeOwnership', 'ChangePermissions', 'ReadPermissions',
  'Delete', 'WriteAttributes', 'ReadAttributes', 'DeleteSubdirectoriesAndFiles', 'ExecuteFile', 'WriteExtendedAttributes',
  'ReadExtendedAttributes', 'AppendData', 'CreateFiles', 'ReadData', 'Synchronize',
];

/** `Modify, Synchronize` → mask; undefined names are returned in `unknown`. */
export function parseRights(text: string | string[]): { mask: number; unknown: string[] } {
  const names = (Array.isArray(text) ? text : text.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  let mask = 0;
  const unknown: string[] = [];
  for (const n of names) {
    const key = Object.keys(FILE_SYSTEM_RIGHTS).find((k) => k.toLowerCase() === n.toLowerCase());
    if (key === undefined) unknown.push(n);
    else mask |= FILE_SYSTEM_RIGHTS[key] as number;
  }
  return { mask, unknown };
}

/** A mask as [FileSystemRights]::ToString() prints it: `FullControl`, `Modify, Synchronize`, or the number. */
export function formatRights(mask: number): string {
  const parts: string[] = [];
  let left = mask;
  for (const name of FORMAT_ORDER) {
    const v = FILE_SYSTEM_RIGHTS[name] as number;
    if ((left & v) === v && (mask & v) === v && left !== 0 && (left & v) !== 0) {
      parts.push(name);
      left &= ~v;
    }
  }
  return left === 0 && parts.length > 0 ? parts.join(', ') : String(mask);
}

/** FileSystemAccessRule adds Synchronize to Allow rules and strips it from Deny rules (except FullControl). */
export function ruleMask(mask: number, type: 'allow' | 'deny'): number {
  if (type === 'allow') return mask | SYNCHRONIZE;
  return mask === FULL_CONTROL ? mask : mask & ~SYNCHRONIZE;
}

/** Whether `held` already grants every bit of `wanted` (Synchronize ignored: .NET adds it by itself). */
export function covers(held: number, wanted: number): boolean {
  const w = wanted & ~SYNCHRONIZE;
  return (held & w) === w;
}
