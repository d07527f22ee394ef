/**
 * The volume a fresh Windows Server 2019 host has: the folders admins touch, with owners and ACLs close to the
 * real ones (icacls on a clean install), simplified where the difference cannot matter to a playbook.
 * `C:\System Volume Information` is readable by SYSTEM only, which is where an admin meets "access denied".
 */
import { createHash } from 'node:crypto';
import { FILE_SYSTEM_RIGHTS as R } from './fs-rights.ts';
import type { Ace, FsNode, FsState, InheritFlag, Propagation } from './fs-types.ts';
import { DEFAULT_USER_HIVE, defaultUserHiveFile } from './hive-file-format.ts';

const SYNC = R.Synchronize as number;
const CI_OI: InheritFlag[] = ['ContainerInherit', 'ObjectInherit'];

function ace(identity: string, rights: number, inherit: InheritFlag[] = CI_OI, propagation: Propagation = 'None'): Ace {
  return { identity, rights: rights | SYNC, type: 'allow', inherit, propagation, inherited: false };
}

const SYSTEM = 'NT AUTHORITY\\SYSTEM';
const ADMINS = 'BUILTIN\\Administrators';
const USERS = 'BUILTIN\\Users';
const TI = 'NT SERVICE\\TrustedInstaller';
const FULL = R.FullControl as number;
const MODIFY = R.Modify as number;
const RX = R.ReadAndExecute as number;

const BOOT = Date.UTC(2024, 0, 15, 9, 0, 0);

function dir(path: string, owner: string, aces?: Ace[]): FsNode {
  return { path, kind: 'directory', size: 0, mtime: BOOT, ctime: BOOT, acl: { owner, protected: aces !== undefined, aces: aces ?? [] } };
}

function file(path: string, text: string | Buffer): FsNode {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return {
    path, kind: 'file', size: data.length, mtime: BOOT, ctime: BOOT, content: data.toString('base64'),
    sha256: createHash('sha256').update(data).digest('hex'), acl: { owner: ADMINS, protected: false, aces: [] },
  };
}

const HOSTS_FILE =
  '# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.\r\n' +
  '#\r\n# localhost name resolution is handled within DNS itself.\r\n#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n';

export function defaultVolume(hostname: string): FsState {
  const admin = `${hostname}\\Administrator`;
  const systemFolder = [ace(TI, FULL), ace(SYSTEM, MODIFY), ace(ADMINS, MODIFY), ace(USERS, RX)];
  const nodes: FsNode[] = [
    dir('C:\\', TI, [
      ace(ADMINS, FULL), ace(SYSTEM, FULL), ace(USERS, RX),
      ace('NT AUTHORITY\\Authenticated Users', MODIFY, CI_OI, 'InheritOnly'),
      ace('NT AUTHORITY\\Authenticated Users', R.AppendData as number, ['ContainerInherit'], 'None'),
      ace('CREATOR OWNER', FULL, CI_OI, 'InheritOnly'),
    ]),
    dir('C:\\Windows', TI, systemFolder),
    dir('C:\\Windows\\System32', TI, systemFolder),
    dir('C:\\Windows\\System32\\drivers', TI),
    dir('C:\\Windows\\System32\\drivers\\etc', TI),
    file('C:\\Windows\\System32\\drivers\\etc\\hosts', HOSTS_FILE),
    dir('C:\\Windows\\Temp', SYSTEM, [ace(SYSTEM, FULL), ace(ADMINS, FULL), ace('CREATOR OWNER', FULL, CI_OI, 'InheritOnly'), ace(USERS, (R.CreateFiles as number) | (R.Traverse as number), ['ContainerInherit'])]),
    dir('C:\\Program Files', TI, systemFolder),
    dir('C:\\Program Files\\Common Files', TI),
    dir('C:\\Program Files (x86)', TI, systemFolder),
    dir('C:\\ProgramData', SYSTEM, [
      ace(SYSTEM, FULL), ace(ADMINS, FULL), ace('CREATOR OWNER', FULL, CI_OI, 'InheritOnly'), ace(USERS, RX),
      ace(USERS, R.Write as number, ['ContainerInherit']),
    ]),
    dir('C:\\Users', SYSTEM),
    dir('C:\\Users\\Public', SYSTEM),
    // The profile new users are copied from; win_regedit's `hive` loads its NTUSER.DAT.
    dir('C:\\Users\\Default', SYSTEM),
    file(DEFAULT_USER_HIVE, defaultUserHiveFile()),
    dir('C:\\Users\\Administrator', SYSTEM, [ace(SYSTEM, FULL), ace(ADMINS, FULL), ace(admin, FULL)]),
    dir('C:\\Users\\Administrator\\Desktop', admin),
    dir('C:\\Users\\Administrator\\Documents', admin),
    dir('C:\\Users\\Administrator\\AppData', admin),
    dir('C:\\Users\\Administrator\\AppData\\Local', admin),
    dir('C:\\Users\\Administrator\\AppData\\Local\\Temp', admin),
    dir('C:\\Users\\Administrator\\AppData\\Roaming', admin),
    dir('C:\\System Volume Information', SYSTEM, [ace(SYSTEM, FULL)]),
  ];
  const out: FsState = { nodes: {} };
  for (const n of nodes) out.nodes[n.path.toLowerCase()] = n;
  for (const hidden of ['c:\\system volume information', 'c:\\users\\default', DEFAULT_USER_HIVE.toLowerCase()]) {
    const n = out.nodes[hidden];
    if (n) n.hidden = true;
  }
  return out;
}
