/**
 * The user profile Windows' User Profile Service creates at an account's first logon (WinRM loads it for every
 * shell unless WINRS_NOPROFILE): `C:\Users\<name>` with AppData\Local\Temp and AppData\Roaming, owned by and
 * reserved to the account, SYSTEM and Administrators. The built-in Administrator's profile ships with the volume
 * (fs-defaults.ts); a domain account logging on through WinRM gets its own here. Not a playbook's change, so not
 * in the rehearsal log.
 */
import { FILE_SYSTEM_RIGHTS as R } from './fs-rights.ts';
import { fsOf } from './fs.ts';
import { defaultVolume } from './fs-defaults.ts';
import { sessionEnvironment } from './fs-path.ts';
import type { Ace, FsNode } from './fs-types.ts';
import type { HostState } from './state.ts';

const FULL = (R.FullControl as number) | (R.Synchronize as number);
const aceOf = (identity: string): Ace => ({ identity, rights: FULL, type: 'allow', inherit: ['ContainerInherit', 'ObjectInherit'], propagation: 'None', inherited: false });

export function ensureProfile(state: HostState, account: string): void {
  const profile = sessionEnvironment(account).USERPROFILE as string;
  // The volume is materialised lazily; a logon whose profile ships with the default volume (the built-in
  // Administrator's) must not materialise it, or merely connecting would look like a change to the host.
  if ((state.fs ?? defaultVolume(state.hostname)).nodes[profile.toLowerCase()]) return;
  const nodes = fsOf(state).nodes;
  const now = Date.now();
  const owner = account.includes('\\') ? account : `${state.hostname}\\${account}`;
  const dirs = [profile, `${profile}\\AppData`, `${profile}\\AppData\\Local`, `${profile}\\AppData\\Local\\Temp`, `${profile}\\AppData\\Roaming`, `${profile}\\Desktop`, `${profile}\\Documents`];
  for (const [i, path] of dirs.entries()) {
    const node: FsNode = {
      path, kind: 'directory', size: 0, mtime: now, ctime: now,
      // The profile root is protected with its three entries; everything under it inherits them.
      acl: i === 0 ? { owner, protected: true, aces: [aceOf('NT AUTHORITY\\SYSTEM'), aceOf('BUILTIN\\Administrators'), aceOf(owner)] } : { owner, protected: false, aces: [] },
    };
    nodes[path.toLowerCase()] = node;
  }
}
