/**
 * The files and ACL verbs' simulator handlers (contract/files.ts, contract/acl.ts), called directly on a default host:
 * Windows' paths, results as plain values, the volume model's ACL checks surfacing as Win32 codes, and .NET's
 * FileSecurity semantics for adding, removing and protecting rules.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VERBS } from '../../../../src/hostapi/contract.ts';
import { appendFile, getNode, stagedPath } from '../../../../src/sim/host/fs.ts';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { defaultHostState } from '../../../../src/sim/host/state.ts';
import { WindowsError } from '../../../../src/sim/host/windows-error.ts';
import { callVerb, simVerbNames, type VerbContext } from '../../../../src/sim/windows/index.ts';

function host(): VerbContext {
  const state = defaultHostState('WIN01');
  state.users.push({ name: 'svc_qlik', password: 'Qlik!2345', enabled: true });
  return { state, log: new RehearsalLog(), account: 'WIN01\\Administrator' };
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof WindowsError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const sha = (alg: string, s: string | Buffer) => createHash(alg).update(s).digest('hex');

const FILE_VERBS = ['Resolve-WbPath', 'Get-WbItem', 'Get-WbChildItem', 'Get-WbFileHash', 'Read-WbFile', 'Write-WbFile', 'New-WbDirectory', 'Remove-WbItem', 'Copy-WbFile', 'Set-WbFileTime', 'Get-WbStagedFile', 'Move-WbStagedFile'];
const ACL_VERBS = ['Get-WbAcl', 'Add-WbAccessRule', 'Remove-WbAccessRule', 'Set-WbAclInheritance'];

describe('files verbs on the simulated volume', () => {
  it('every files and ACL verb has a contract entry and a handler', () => {
    for (const v of [...FILE_VERBS, ...ACL_VERBS]) {
      expect(VERBS.has(v), v).toBe(true);
      expect(simVerbNames(), v).toContain(v);
    }
  });

  it('Resolve-WbPath expands %VAR% for the acting account, normalises, and refuses bad syntax with 123', () => {
    const ctx = host();
    expect(callVerb(ctx, 'Resolve-WbPath', { Path: '%ProgramData%\\Qlik\\..\\Qlik\\Sense\\' })).toBe('C:\\ProgramData\\Qlik\\Sense');
    expect(callVerb(ctx, 'Resolve-WbPath', { Path: '%TEMP%/x.txt' })).toBe('C:\\Users\\Administrator\\AppData\\Local\\Temp\\x.txt');
    expect(callVerb(ctx, 'Resolve-WbPath', { Path: '%NOPE%\\x' })).toMatch(/%NOPE%\\x$/); // unknown variables stay as written
    expect(code(() => callVerb(ctx, 'Resolve-WbPath', { Path: 'C:\\a|b' }))).toBe('123: The filename, directory name, or volume label syntax is incorrect.');
  });

  it('Get-WbItem: null when absent, plain values when present (no provider objects)', () => {
    const ctx = host();
    expect(callVerb(ctx, 'Get-WbItem', { Path: 'C:\\nope' })).toBeNull();
    const hosts = callVerb(ctx, 'Get-WbItem', { Path: 'C:\\Windows\\System32\\drivers\\etc\\HOSTS' }) as Record<string, unknown>;
    expect(hosts).toMatchObject({ Path: 'C:\\Windows\\System32\\drivers\\etc\\hosts', Name: 'hosts', Type: 'file', Extension: '', Attributes: ['Archive'], IsHidden: false, IsArchive: true, IsReparsePoint: false });
    for (const v of Object.values(hosts)) expect(['string', 'number', 'boolean', 'object']).toContain(typeof v);
    expect(callVerb(ctx, 'Get-WbItem', { Path: 'C:\\System Volume Information' })).toMatchObject({ Type: 'directory', Size: 0, Attributes: ['Hidden', 'System', 'Directory'], IsHidden: true });
    expect(callVerb(ctx, 'Get-WbItem', { Path: 'C:\\' })).toMatchObject({ Name: 'C:\\', Type: 'directory' });
  });

  it('Write-WbFile creates, reports no change for the same bytes, and needs the parent folder (3)', () => {
    const ctx = host();
    expect(callVerb(ctx, 'Write-WbFile', { Path: 'C:\\ProgramData\\a.txt', Data: b64('one') })).toBe(true);
    expect(callVerb(ctx, 'Write-WbFile', { Path: 'C:\\ProgramData\\a.txt', Data: b64('one') })).toBe(false);
    expect(callVerb(ctx, 'Write-WbFile', { Path: 'C:\\ProgramData\\a.txt', Data: b64('two') })).toBe(true);
    expect(callVerb(ctx, 'Read-WbFile', { Path: 'C:\\ProgramData\\a.txt' })).toBe(b64('two'));
    expect(ctx.log.entries().filter((e) => e.what === 'file.write')).toHaveLength(2);
    expect(code(() => callVerb(ctx, 'Write-WbFile', { Path: 'C:\\NoSuch\\a.txt', Data: b64('x') }))).toBe('3: The system cannot find the path specified.');
    expect(code(() => callVerb(ctx, 'Write-WbFile', { Path: 'C:\\ProgramData', Data: b64('x') }))).toBe('5: Access is denied.');
    expect(code(() => callVerb(ctx, 'Write-WbFile', { Path: 'C:\\System Volume Information\\x.txt', Data: b64('x') }))).toBe('5: Access is denied.');
  });

  it('Read-WbFile and Get-WbFileHash: 2 when absent, 5 for a folder, 223 above the cap, any algorithm by name', () => {
    const ctx = host();
    callVerb(ctx, 'Write-WbFile', { Path: 'C:\\ProgramData\\h.txt', Data: b64('hello') });
    expect(callVerb(ctx, 'Get-WbFileHash', { Path: 'C:\\ProgramData\\h.txt', Algorithm: 'SHA256' })).toBe(sha('sha256', 'hello'));
    expect(callVerb(ctx, 'Get-WbFileHash', { Path: 'C:\\ProgramData\\h.txt', Algorithm: 'md5' })).toBe(sha('md5', 'hello'));
    expect(code(() => callVerb(ctx, 'Get-WbFileHash', { Path: 'C:\\ProgramData\\h.txt', Algorithm: 'crc32' }))).toMatch(/^87:/);
    expect(code(() => callVerb(ctx, 'Get-WbFileHash', { Path: 'C:\\ProgramData\\none', Algorithm: 'sha1' }))).toBe('2: The system cannot find the file specified.');
    expect(code(() => callVerb(ctx, 'Read-WbFile', { Path: 'C:\\ProgramData' }))).toMatch(/^5:/);
    expect(code(() => callVerb(ctx, 'Read-WbFile', { Path: 'C:\\ProgramData\\h.txt', MaxBytes: 4 }))).toBe('223: The file size exceeds the limit allowed and cannot be saved.');
  });

  it('New-WbDirectory creates parents once; a file in the way is 183; Remove-WbItem removes trees once', () => {
    const ctx = host();
    expect(callVerb(ctx, 'New-WbDirectory', { Path: 'C:\\Qlik\\Sense\\Log' })).toBe(true);
    expect(callVerb(ctx, 'New-WbDirectory', { Path: 'C:\\Qlik\\Sense\\Log' })).toBe(false);
    callVerb(ctx, 'Write-WbFile', { Path: 'C:\\Qlik\\Sense\\Log\\a.log', Data: b64('abc') });
    expect(code(() => callVerb(ctx, 'New-WbDirectory', { Path: 'C:\\Qlik\\Sense\\Log\\a.log' }))).toBe('183: Cannot create a file when that file already exists.');
    const all = callVerb(ctx, 'Get-WbChildItem', { Path: 'C:\\Qlik', Recurse: true }) as Array<{ Path: string }>;
    expect(all.map((i) => i.Path)).toEqual(['C:\\Qlik\\Sense', 'C:\\Qlik\\Sense\\Log', 'C:\\Qlik\\Sense\\Log\\a.log']);
    expect((callVerb(ctx, 'Get-WbChildItem', { Path: 'C:\\Qlik' }) as unknown[]).length).toBe(1);
    expect(code(() => callVerb(ctx, 'Get-WbChildItem', { Path: 'C:\\Qlik\\Sense\\Log\\a.log' }))).toMatch(/^3:/);
    expect(code(() => callVerb(ctx, 'Get-WbChildItem', { Path: 'C:\\System Volume Information' }))).toMatch(/^5:/);
    expect(callVerb(ctx, 'Remove-WbItem', { Path: 'C:\\Qlik' })).toBe(true);
    expect(callVerb(ctx, 'Remove-WbItem', { Path: 'C:\\Qlik' })).toBe(false);
    expect(getNode(ctx.state, 'C:\\Qlik\\Sense\\Log\\a.log')).toBeUndefined();
    expect(code(() => callVerb(ctx, 'Remove-WbItem', { Path: 'C:\\System Volume Information' }))).toBe('5: Access is denied.');
  });

  it('Copy-WbFile refuses to overwrite without -Overwrite (80); Set-WbFileTime sets the write time', () => {
    const ctx = host();
    callVerb(ctx, 'Write-WbFile', { Path: 'C:\\ProgramData\\a.ini', Data: b64('a') });
    callVerb(ctx, 'Copy-WbFile', { Source: 'C:\\ProgramData\\a.ini', Destination: 'C:\\ProgramData\\b.ini' });
    expect(code(() => callVerb(ctx, 'Copy-WbFile', { Source: 'C:\\ProgramData\\a.ini', Destination: 'C:\\ProgramData\\b.ini' }))).toBe('80: The file exists.');
    callVerb(ctx, 'Write-WbFile', { Path: 'C:\\ProgramData\\a.ini', Data: b64('A') });
    callVerb(ctx, 'Copy-WbFile', { Source: 'C:\\ProgramData\\a.ini', Destination: 'C:\\ProgramData\\b.ini', Overwrite: true });
    expect(callVerb(ctx, 'Read-WbFile', { Path: 'C:\\ProgramData\\b.ini' })).toBe(b64('A'));
    expect(code(() => callVerb(ctx, 'Copy-WbFile', { Source: 'C:\\ProgramData\\none', Destination: 'C:\\ProgramData\\c.ini' }))).toMatch(/^2:/);
    callVerb(ctx, 'Set-WbFileTime', { Path: 'C:\\ProgramData\\b.ini', LastWriteTime: 1_700_000_000 });
    expect((callVerb(ctx, 'Get-WbItem', { Path: 'C:\\ProgramData\\b.ini' }) as { LastWriteTime: number }).LastWriteTime).toBe(1_700_000_000);
    expect(code(() => callVerb(ctx, 'Set-WbFileTime', { Path: 'C:\\ProgramData\\none' }))).toMatch(/^2:/);
  });

  it('staged uploads: Get-WbStagedFile, Move-WbStagedFile checks the SHA-256 (13) and removes the .part either way', () => {
    const ctx = host();
    const key = 'abcdef0123456789';
    const part = stagedPath(ctx.account, key);
    const data = Buffer.from('payload bytes');
    expect(callVerb(ctx, 'Get-WbStagedFile', { Key: key })).toBeNull();
    expect(code(() => callVerb(ctx, 'Get-WbStagedFile', { Key: 'NOT-HEX' }))).toMatch(/^123:/);
    expect(code(() => callVerb(ctx, 'Move-WbStagedFile', { Key: key, Destination: 'C:\\ProgramData\\p.bin', Sha256: sha('sha256', data) }))).toMatch(/^2:/);
    appendFile(ctx.state, part, data, { account: ctx.account, log: ctx.log });
    expect(callVerb(ctx, 'Get-WbStagedFile', { Key: key })).toEqual({ Path: part, Size: data.length, Sha256: sha('sha256', data) });
    expect(code(() => callVerb(ctx, 'Move-WbStagedFile', { Key: key, Destination: 'C:\\ProgramData\\p.bin', Sha256: sha('sha256', 'other') }))).toBe('13: The data is invalid.');
    expect(getNode(ctx.state, part)).toBeUndefined();
    appendFile(ctx.state, part, data, { account: ctx.account, log: ctx.log });
    expect(callVerb(ctx, 'Move-WbStagedFile', { Key: key, Destination: 'C:\\ProgramData\\p.bin', Sha256: sha('sha256', data).toUpperCase() })).toBe(true);
    expect(getNode(ctx.state, part)).toBeUndefined();
    expect(callVerb(ctx, 'Read-WbFile', { Path: 'C:\\ProgramData\\p.bin' })).toBe(data.toString('base64'));
    appendFile(ctx.state, part, data, { account: ctx.account, log: ctx.log });
    expect(callVerb(ctx, 'Move-WbStagedFile', { Key: key, Destination: 'C:\\ProgramData\\p.bin', Sha256: sha('sha256', data) })).toBe(false);
  });
});

describe('ACL verbs on the simulated volume', () => {
  const sidOf = (ctx: VerbContext, name: string) => (callVerb(ctx, 'Resolve-WbAccount', { Name: name }) as { Sid: string }).Sid;
  type AclView = { Owner: string; OwnerSid: string; Protected: boolean; Rules: Array<Record<string, unknown>> };

  it('Get-WbAcl: owner, protection, explicit rules first then inherited ones, each with its SID', () => {
    const ctx = host();
    const acl = callVerb(ctx, 'Get-WbAcl', { Path: 'C:\\ProgramData' }) as AclView;
    expect(acl).toMatchObject({ Owner: 'NT AUTHORITY\\SYSTEM', OwnerSid: 'S-1-5-18', Protected: true });
    expect(acl.Rules[0]).toEqual({
      Identity: 'NT AUTHORITY\\SYSTEM', Sid: 'S-1-5-18', Type: 'Allow', Rights: 'FullControl', RightsMask: 2032127,
      InheritanceFlags: 'ContainerInherit, ObjectInherit', PropagationFlags: 'None', IsInherited: false,
    });
    expect(acl.Rules.find((r) => r.Identity === 'CREATOR OWNER')).toMatchObject({ Sid: 'S-1-3-0', PropagationFlags: 'InheritOnly' });
    callVerb(ctx, 'New-WbDirectory', { Path: 'C:\\ProgramData\\Qlik' });
    const child = callVerb(ctx, 'Get-WbAcl', { Path: 'C:\\ProgramData\\Qlik' }) as AclView;
    expect(child.Protected).toBe(false);
    expect(child.Rules.every((r) => r.IsInherited)).toBe(true);
    expect(code(() => callVerb(ctx, 'Get-WbAcl', { Path: 'C:\\nope' }))).toMatch(/^2:/);
    expect(code(() => callVerb(ctx, 'Get-WbAcl', { Path: 'C:\\System Volume Information' }))).toBe('5: Access is denied.');
  });

  it('Add-WbAccessRule merges into the rule with the same flags: a covered right is no change (and -Preview writes nothing)', () => {
    const ctx = host();
    callVerb(ctx, 'New-WbDirectory', { Path: 'C:\\Share' });
    const sid = sidOf(ctx, '.\\svc_qlik');
    const rule = { Path: 'C:\\Share', Sid: sid, Type: 'Allow', InheritanceFlags: 'ContainerInherit, ObjectInherit', PropagationFlags: 'None' };
    const preview = callVerb(ctx, 'Add-WbAccessRule', { ...rule, Rights: 'Read', Preview: true }) as { Changed: boolean; Acl: AclView };
    expect(preview.Changed).toBe(true);
    expect(preview.Acl.Rules[0]).toMatchObject({ Identity: 'WIN01\\svc_qlik', Sid: sid, Rights: 'Read, Synchronize' });
    expect(getNode(ctx.state, 'C:\\Share')!.acl.aces).toEqual([]);
    expect(ctx.log.entries().some((e) => e.what === 'acl.set')).toBe(false);
    expect((callVerb(ctx, 'Add-WbAccessRule', { ...rule, Rights: 'Read' }) as { Changed: boolean }).Changed).toBe(true);
    // A Read grant does not cover FullControl (the -band/-eq precedence finding): FullControl is a change.
    expect((callVerb(ctx, 'Add-WbAccessRule', { ...rule, Rights: 'FullControl' }) as { Changed: boolean }).Changed).toBe(true);
    // FullControl covers Modify and ReadAndExecute, Write: no change, nothing logged.
    const before = ctx.log.entries().length;
    expect((callVerb(ctx, 'Add-WbAccessRule', { ...rule, Rights: 'Modify' }) as { Changed: boolean }).Changed).toBe(false);
    expect((callVerb(ctx, 'Add-WbAccessRule', { ...rule, Rights: 'ReadAndExecute, Write' }) as { Changed: boolean }).Changed).toBe(false);
    expect(ctx.log.entries().length).toBe(before);
    expect(getNode(ctx.state, 'C:\\Share')!.acl.aces).toHaveLength(1);
    expect(ctx.log.entries().at(-1)).toMatchObject({ what: 'acl.set', target: 'C:\\Share', account: 'WIN01\\Administrator' });
  });

  it('Remove-WbAccessRule takes away only the given bits; inherited rules are never touched', () => {
    const ctx = host();
    callVerb(ctx, 'New-WbDirectory', { Path: 'C:\\Share' });
    const sid = sidOf(ctx, 'svc_qlik');
    const rule = { Path: 'C:\\Share', Sid: sid, Type: 'Allow', InheritanceFlags: 'ContainerInherit, ObjectInherit' };
    callVerb(ctx, 'Add-WbAccessRule', { ...rule, Rights: 'Modify' });
    const r = callVerb(ctx, 'Remove-WbAccessRule', { ...rule, Rights: 'Write' }) as { Changed: boolean; Acl: AclView };
    expect(r.Changed).toBe(true);
    expect(r.Acl.Rules[0]).toMatchObject({ Identity: 'WIN01\\svc_qlik', Rights: 'ReadAndExecute, Delete, Synchronize' });
    expect((callVerb(ctx, 'Remove-WbAccessRule', { ...rule, Rights: 'Write' }) as { Changed: boolean }).Changed).toBe(false);
    expect((callVerb(ctx, 'Remove-WbAccessRule', { ...rule, Rights: 'Modify' }) as { Changed: boolean }).Changed).toBe(true);
    expect(getNode(ctx.state, 'C:\\Share')!.acl.aces).toEqual([]);
    const system = sidOf(ctx, 'SYSTEM');
    expect((callVerb(ctx, 'Remove-WbAccessRule', { Path: 'C:\\Share', Sid: system, Type: 'Allow', Rights: 'FullControl', InheritanceFlags: 'ContainerInherit, ObjectInherit' }) as { Changed: boolean }).Changed).toBe(false);
  });

  it('rule parameters are checked as .NET does: unknown SIDs 1332, bad SIDs 1337, bad names 87, inheritable rules on a file 87', () => {
    const ctx = host();
    callVerb(ctx, 'Write-WbFile', { Path: 'C:\\ProgramData\\f.txt', Data: b64('x') });
    const base = { Path: 'C:\\ProgramData\\f.txt', Sid: 'S-1-5-32-545', Type: 'Allow', Rights: 'Read' };
    expect(code(() => callVerb(ctx, 'Add-WbAccessRule', { ...base, Sid: 'S-1-5-21-1-2-3-4242' }))).toBe('1332: No mapping between account names and security IDs was done.');
    expect(code(() => callVerb(ctx, 'Add-WbAccessRule', { ...base, Sid: 'Users' }))).toBe('1337: The security ID structure is invalid.');
    expect(code(() => callVerb(ctx, 'Add-WbAccessRule', { ...base, Rights: 'Modifyy' }))).toBe('87: The parameter is incorrect.');
    expect(code(() => callVerb(ctx, 'Add-WbAccessRule', { ...base, Type: 'Audit' }))).toMatch(/^87:/);
    expect(code(() => callVerb(ctx, 'Add-WbAccessRule', { ...base, InheritanceFlags: 'ContainerInherit' }))).toMatch(/^87:/);
    expect((callVerb(ctx, 'Add-WbAccessRule', { ...base, Type: 'Deny', Rights: 'Write' }) as { Acl: AclView }).Acl.Rules[0]).toMatchObject({
      Identity: 'BUILTIN\\Users', Type: 'Deny', Rights: 'Write', InheritanceFlags: 'None', PropagationFlags: 'None', IsInherited: false,
    });
  });

  it('Set-WbAclInheritance disables (keeping copies when asked) and enables; no change when it already matches', () => {
    const ctx = host();
    callVerb(ctx, 'New-WbDirectory', { Path: 'C:\\ProgramData\\Apps' });
    expect((callVerb(ctx, 'Set-WbAclInheritance', { Path: 'C:\\ProgramData\\Apps', Enabled: true }) as { Changed: boolean }).Changed).toBe(false);
    const preview = callVerb(ctx, 'Set-WbAclInheritance', { Path: 'C:\\ProgramData\\Apps', Enabled: false, PreserveInherited: true, Preview: true }) as { Changed: boolean; Acl: AclView };
    expect(preview).toMatchObject({ Changed: true, Acl: { Protected: true } });
    expect(preview.Acl.Rules.length).toBeGreaterThan(0);
    expect(preview.Acl.Rules.every((r) => !r.IsInherited)).toBe(true);
    expect(getNode(ctx.state, 'C:\\ProgramData\\Apps')!.acl.protected).toBe(false);
    const off = callVerb(ctx, 'Set-WbAclInheritance', { Path: 'C:\\ProgramData\\Apps', Enabled: false }) as { Changed: boolean; Acl: AclView };
    expect(off).toMatchObject({ Changed: true, Acl: { Protected: true, Rules: [] } });
    expect(ctx.log.entries().at(-1)).toMatchObject({ what: 'acl.inheritance.disable', target: 'C:\\ProgramData\\Apps' });
    const on = callVerb(ctx, 'Set-WbAclInheritance', { Path: 'C:\\ProgramData\\Apps', Enabled: true }) as { Changed: boolean; Acl: AclView };
    expect(on.Changed).toBe(true);
    expect(on.Acl.Rules.every((r) => r.IsInherited)).toBe(true);
  });
});
