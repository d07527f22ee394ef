/**
 * Windows path handling for the simulated volume: environment variables expanded as
 * [Environment]::ExpandEnvironmentVariables does, `/` accepted as `\`, `.` and `..` resolved, and the
 * lower-cased key the node table uses (NTFS is case-insensitive, case-preserving).
 */

/** The environment an admin's WinRM session sees (Windows Server 2019 defaults). */
export function sessionEnvironment(account: string): Record<string, string> {
  const user = (account.split('\\').pop() ?? account) || 'Administrator';
  const profile = `C:\\Users\\${user}`;
  return {
    SYSTEMDRIVE: 'C:',
    SYSTEMROOT: 'C:\\Windows',
    WINDIR: 'C:\\Windows',
    PROGRAMDATA: 'C:\\ProgramData',
    ALLUSERSPROFILE: 'C:\\ProgramData',
    PROGRAMFILES: 'C:\\Program Files',
    'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
    COMMONPROGRAMFILES: 'C:\\Program Files\\Common Files',
    PUBLIC: 'C:\\Users\\Public',
    USERPROFILE: profile,
    HOMEDRIVE: 'C:',
    HOMEPATH: `\\Users\\${user}`,
    APPDATA: `${profile}\\AppData\\Roaming`,
    LOCALAPPDATA: `${profile}\\AppData\\Local`,
    TEMP: `${profile}\\AppData\\Local\\Temp`,
    TMP: `${profile}\\AppData\\Local\\Temp`,
    USERNAME: user,
  };
}

/** `%ProgramData%\x` → `C:\ProgramData\x`; unknown variables stay as written, as Windows leaves them. */
export function expandEnv(text: string, env: Record<string, string>): string {
  return text.replace(/%([^%]+)%/g, (m, name: string) => env[name.toUpperCase()] ?? m);
}

/**
 * A full path (`C:\a\b`), or undefined when the text is not a drive-rooted path after expansion. Relative paths
 * resolve against `cwd`, as the agent's working directory (the user profile) would.
 */
export function fullPath(text: string, env: Record<string, string>, cwd?: string): string | undefined {
  let p = expandEnv(text.trim(), env).replace(/\//g, '\\');
  if (!/^[A-Za-z]:\\/.test(p)) {
    if (/^[A-Za-z]:$/.test(p)) p += '\\';
    else if (cwd !== undefined && !/^[A-Za-z]:/.test(p) && !p.startsWith('\\')) p = `${cwd}\\${p}`;
    else return undefined;
  }
  const drive = (p[0] as string).toUpperCase() + ':';
  const parts: string[] = [];
  for (const seg of p.slice(3).split('\\')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    // Win32 drops trailing dots and spaces from a name.
    else parts.push(seg.replace(/[. ]+$/, '') || seg);
  }
  return parts.length === 0 ? `${drive}\\` : `${drive}\\${parts.join('\\')}`;
}

export function keyOf(path: string): string {
  return path.toLowerCase();
}

/** The parent's full path, or undefined for a drive root. */
export function parentOf(path: string): string | undefined {
  if (/^[A-Za-z]:\\$/.test(path)) return undefined;
  const i = path.lastIndexOf('\\');
  return i <= 2 ? path.slice(0, 3) : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** Whether `child` lies strictly below `dir`. */
export function isBelow(child: string, dir: string): boolean {
  const d = keyOf(dir).endsWith('\\') ? keyOf(dir) : keyOf(dir) + '\\';
  return keyOf(child).startsWith(d) && keyOf(child) !== keyOf(dir);
}

/** Characters NTFS refuses in a name. */
export function invalidName(path: string): boolean {
  return path.slice(3).split('\\').some((seg) => /[<>:"|?*]/.test(seg));
}
