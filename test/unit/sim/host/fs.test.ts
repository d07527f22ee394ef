import { describe, expect, it } from 'vitest';
import { allAces, hasAccess, translateIdentity } from '../../../../src/sim/host/fs-acl.ts';
import { fullPath, sessionEnvironment } from '../../../../src/sim/host/fs-path.ts';
import { covers, formatRights, parseRights, ruleMask } from '../../../../src/sim/host/fs-rights.ts';
import {
  FsError, appendFile, fsOf, getNode, hashOf, makeDirectory, readFile, removeItem, resolvePath, setAcl, sha256Hex, writeFile,
} from '../../../../src/sim/host/fs.ts';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { defaultHostState } from '../../../../src/sim/host/state.ts';

const env = sessionEnvironment('Administrator');

function fresh() {
  const state = defaultHostState('win01');
  const log = new RehearsalLog();
  return { state, log, actor: { account: 'Administrator', log } };
}

function failure(op: () => unknown): FsError {
  try {
    op();
  } catch (e) {
    if (e instanceof FsError) return e;
    throw e;
  }
  throw new Error('no FsError');
}

describe('Windows paths', () => {
  it('expands environment variables, accepts slashes and resolves dots', () => {
    expect(fullPath('%ProgramData%/Qlik/../Qlik/./Sense\\', env)).toBe('C:\\ProgramData\\Qlik\\Sense');
    expect(fullPath('%TEMP%\\x', env)).toBe('C:\\Users\\Administrator\\AppData\\Local\\Temp\\x');
    expect(fullPath('c:', env)).toBe('C:\\');
    expect(fullPath('%NOPE%\\x', env)).toBeUndefined();
  });
  it('resolves relative paths against the profile and refuses names NTFS refuses', () => {
    expect(resolvePath('Documents\\a.txt', 'Administrator')).toBe('C:\\Users\\Administrator\\Documents\\a.txt');
    expect(failure(() => resolvePath('C:\\a|b', 'Administrator')).message).toBe("The given path's format is not supported.");
  });
  it('finds nodes case-insensitively and keeps the case they were created with', () => {
    const { state, actor } = fresh();
    makeDirectory(state, 'C:\\ProgramData\\Qlik\\Sense', actor);
    expect(getNode(state, 'c:\\PROGRAMDATA\\qlik\\sense')?.path).toBe('C:\\ProgramData\\Qlik\\Sense');
  });
});

describe('FileSystemRights', () => {
  it('parses names case-insensitively and formats masks as .NET prints them', () => {
    expect(parseRights('modify, Synchronize')).toEqual({ mask: 1245631, unknown: [] });
    expect(parseRights(['Read', 'Bogus']).unknown).toEqual(['Bogus']);
    expect(formatRights(2032127)).toBe('FullControl');
    expect(formatRights(ruleMask(197055, 'allow'))).toBe('Modify, Synchronize');
    expect(formatRights(ruleMask(131241, 'deny'))).toBe('ReadAndExecute');
  });
  it('treats FullControl as covering Modify, but not the other way round', () => {
    expect(covers(2032127, 197055)).toBe(true);
    expect(covers(ruleMask(197055, 'allow'), 2032127)).toBe(false);
  });
});

describe('the default volume', () => {
  it('has the folders admins touch, with their owners', () => {
    const { state } = fresh();
    for (const p of ['C:\\Windows\\System32', 'C:\\ProgramData', 'C:\\Program Files', 'C:\\Users\\Administrator\\AppData\\Local\\Temp']) {
      expect(getNode(state, p)?.kind).toBe('directory');
    }
    expect(getNode(state, 'C:\\Program Files')?.acl.owner).toBe('NT SERVICE\\TrustedInstaller');
  });
  it('denies an administrator C:\\System Volume Information, in Windows\' words', () => {
    const { state, actor } = fresh();
    expect(failure(() => writeFile(state, 'C:\\System Volume Information\\x', Buffer.from('x'), actor)).message).toBe(
      "Access to the path 'C:\\System Volume Information\\x' is denied.",
    );
    expect(failure(() => removeItem(state, 'C:\\System Volume Information', actor)).category).toBe('PermissionDenied');
  });
});

describe('ACL inheritance', () => {
  it('passes container-inherit ACEs to folders and object-inherit ACEs to files', () => {
    const { state, actor } = fresh();
    makeDirectory(state, 'C:\\Share\\Sub', actor);
    writeFile(state, 'C:\\Share\\a.txt', Buffer.from('a'), actor);
    const share = getNode(state, 'C:\\Share')!;
    setAcl(state, 'C:\\Share', { ...share.acl, aces: [
      { identity: 'BUILTIN\\Users', rights: 197055, type: 'allow', inherit: ['ContainerInherit'], propagation: 'None', inherited: false },
      { identity: 'Everyone', rights: 131209, type: 'allow', inherit: ['ObjectInherit'], propagation: 'None', inherited: false },
      { identity: 'CREATOR OWNER', rights: 2032127, type: 'allow', inherit: ['ContainerInherit', 'ObjectInherit'], propagation: 'NoPropagateInherit', inherited: false },
    ] }, actor, 'acl.set');
    const fs = fsOf(state);
    const sub = allAces(fs, getNode(state, 'C:\\Share\\Sub')!).filter((a) => !/Administrators|SYSTEM|Authenticated|^BUILTIN\\Users$/.test(a.identity) || a.rights === 197055);
    expect(sub).toEqual(expect.arrayContaining([
      expect.objectContaining({ identity: 'BUILTIN\\Users', rights: 197055, inherited: true, propagation: 'None' }),
      expect.objectContaining({ identity: 'Everyone', propagation: 'InheritOnly', inherited: true }),
      expect.objectContaining({ identity: 'CREATOR OWNER', inherit: [], propagation: 'None', inherited: true }),
    ]));
    const file = allAces(fs, getNode(state, 'C:\\Share\\a.txt')!);
    expect(file.some((a) => a.identity === 'Everyone' && a.inherit.length === 0)).toBe(true);
    expect(file.some((a) => a.identity === 'BUILTIN\\Users' && a.rights === 197055)).toBe(false);
  });
  it('stops inheriting when the ACL is protected, and a deny ACE wins over allows', () => {
    const { state, actor } = fresh();
    state.users.push({ name: 'svc', password: 'x', enabled: true });
    makeDirectory(state, 'C:\\Locked', actor);
    const locked = getNode(state, 'C:\\Locked')!;
    expect(hasAccess(fsOf(state), state, locked, 'svc', 1)).toBe(true); // BUILTIN\Users read, inherited from C:\
    setAcl(state, 'C:\\Locked', { ...locked.acl, aces: [{ identity: 'WIN01\\svc', rights: 1, type: 'deny', inherit: [], propagation: 'None', inherited: false }] }, actor, 'acl.set');
    expect(hasAccess(fsOf(state), state, getNode(state, 'C:\\Locked')!, 'svc', 1)).toBe(false);
    setAcl(state, 'C:\\Locked', { owner: 'BUILTIN\\Administrators', protected: true, aces: [] }, actor, 'acl.set');
    expect(allAces(fsOf(state), getNode(state, 'C:\\Locked')!)).toEqual([]);
  });
  it('translates accounts as NTAccount.Translate does, and not unknown ones', () => {
    const { state } = fresh();
    expect(translateIdentity(state, 'administrators')).toBe('BUILTIN\\Administrators');
    expect(translateIdentity(state, '.\\Administrator')).toBe('WIN01\\Administrator');
    expect(translateIdentity(state, 'NT SERVICE\\QlikSenseRepositoryService')).toBe('NT SERVICE\\QlikSenseRepositoryService');
    expect(translateIdentity(state, 'CORP\\nobody')).toBeUndefined();
  });
});

describe('files', () => {
  it('writes, reads and hashes content, logging each change', () => {
    const { state, log, actor } = fresh();
    writeFile(state, 'C:\\ProgramData\\a.txt', Buffer.from('hello'), actor);
    expect(readFile(state, 'c:\\programdata\\A.TXT', 'Administrator').toString()).toBe('hello');
    expect(log.entries().map((e) => [e.what, e.target])).toEqual([['file.write', 'C:\\ProgramData\\a.txt']]);
    expect(failure(() => writeFile(state, 'C:\\Nope\\a.txt', Buffer.from(''), actor)).message).toBe("Could not find a part of the path 'C:\\Nope\\a.txt'.");
    expect(failure(() => readFile(state, 'C:\\missing.txt', 'Administrator')).message).toBe("Cannot find path 'C:\\missing.txt' because it does not exist.");
  });
  it('appends upload chunks exactly, whatever their alignment', () => {
    const { state, actor } = fresh();
    const a = Buffer.from('abcdef');
    const b = Buffer.from('gh');
    const c = Buffer.from('ijklm');
    for (const chunk of [a, b, c]) appendFile(state, 'C:\\Windows\\Temp\\u.part', chunk, actor);
    const n = getNode(state, 'C:\\Windows\\Temp\\u.part')!;
    expect(readFile(state, n.path, 'Administrator').toString()).toBe('abcdefghijklm');
    expect(hashOf(n)).toBe(sha256Hex(Buffer.from('abcdefghijklm')));
  });
  it('removes folders recursively', () => {
    const { state, actor } = fresh();
    makeDirectory(state, 'C:\\Tree\\a\\b', actor);
    writeFile(state, 'C:\\Tree\\a\\b\\f.txt', Buffer.from('x'), actor);
    removeItem(state, 'C:\\Tree', actor);
    expect(Object.keys(fsOf(state).nodes).filter((k) => k.startsWith('c:\\tree'))).toEqual([]);
  });
});
