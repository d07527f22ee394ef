/**
 * Modules real Windows roles use for set-up and checks (issue 14), through the real client (NTLM, sealed WinRM,
 * the persistent agent) against a simulated host, each compared with ansible.windows 1.14's documented options,
 * check mode and RETURN values: win_tempfile, slurp, win_reg_stat, win_find, win_powershell, win_copy's remote_src.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/registry.ts';
import { getNode, makeDirectory, touch, writeFile as writeHostFile } from '../../src/sim/host/fs.ts';
import { useModuleHost } from '../helpers/module-host.ts';

const TEMP = 'C:\\Users\\Administrator\\AppData\\Local\\Temp';

describe('set-up and read-only modules roles use, over WinRM against the simulator', () => {
  const mh = useModuleHost(213);
  const { task, host } = mh;
  const actor = () => ({ account: 'Administrator', log: mh.site().log });

  it('win_tempfile creates a file named ansible.<random> in %TEMP%, and a folder with a suffix elsewhere; each run a new one', async () => {
    const first = await task('win_tempfile', {});
    expect(first).toMatchObject({ changed: true, state: 'file', path: expect.stringMatching(/^C:\\Users\\Administrator\\AppData\\Local\\Temp\\ansible\.[a-z0-9]{8}\.[a-z0-9]{3}$/) });
    expect(getNode(host().state, first.path as string)).toMatchObject({ kind: 'file', size: 0 });
    const second = await task('win_tempfile', {});
    expect(second.path).not.toBe(first.path);
    const dir = await task('win_tempfile', { state: 'directory', path: 'C:\\ProgramData', prefix: 'build-', suffix: '.%USERNAME%' });
    expect(dir).toMatchObject({ changed: true, state: 'directory', path: expect.stringMatching(/^C:\\ProgramData\\build-[a-z0-9.]{12}\.Administrator$/) });
    expect(getNode(host().state, dir.path as string)?.kind).toBe('directory');
    const viaDest = await task('win_tempfile', { dest: '%ProgramData%' });
    expect(viaDest.path).toMatch(/^C:\\ProgramData\\ansible\./);
  });

  it('win_tempfile in check mode reports the path it would create and touches nothing', async () => {
    const untouched = mh.fingerprint();
    const r = await task('win_tempfile', { state: 'directory', path: 'C:\\NotThere' }, { check: true });
    expect(r).toMatchObject({ changed: true, state: 'directory', path: expect.stringMatching(/^C:\\NotThere\\ansible\./) });
    expect(mh.fingerprint()).toBe(untouched);
  });

  it('win_tempfile fails after five attempts in Windows\' words when the folder is missing', async () => {
    const r = await task('win_tempfile', { path: 'C:\\NotThere' });
    expect(r).toMatchObject({ failed: true, msg: expect.stringMatching(/^No random temporary file worked in 5 attempts\. Error: Could not find a part of the path 'C:\\NotThere\\ansible\.[a-z0-9.]{12}'\.$/) });
  });

  it('win_tempfile refuses path and its alias dest together', async () => {
    await expect(task('win_tempfile', { path: 'C:\\a', dest: 'C:\\b' })).rejects.toThrow(/mutually exclusive: path\|dest/);
  });

  it('slurp returns a file as base64 (src or its alias path), and fails with the module\'s texts', async () => {
    writeHostFile(host().state, 'C:\\ProgramData\\app.ini', Buffer.from('[qlik]\r\nport=4242\r\n'), actor());
    const r = await task('slurp', { src: '%ProgramData%\\app.ini' });
    expect(r).toEqual({ changed: false, content: Buffer.from('[qlik]\r\nport=4242\r\n').toString('base64'), encoding: 'base64' });
    expect(await task('slurp', { path: 'C:\\ProgramData\\app.ini' }, { check: true })).toMatchObject({ changed: false, encoding: 'base64' });
    expect(await task('slurp', { src: '%ProgramData%\\none.ini' })).toMatchObject({ failed: true, msg: 'Path C:\\ProgramData\\none.ini is not found' });
    expect(await task('slurp', { src: 'C:\\Windows' })).toMatchObject({ failed: true, msg: 'Path C:\\Windows is a directory' });
    expect(await task('slurp', { src: `${TEMP}\\..\\Temp\\nothing` })).toMatchObject({ failed: true, msg: `Path ${TEMP}\\..\\Temp\\nothing is not found` });
  });

  it('win_reg_stat lists a key\'s values in Ansible\'s shape: value, raw_value and type per kind, and sub_keys', async () => {
    const key = 'HKLM:\\SOFTWARE\\Winbook\\RegStat';
    for (const [name, data, type] of [
      ['Name', 'qlik', 'string'], ['Home', '%SystemRoot%\\qlik', 'expandstring'], ['Ports', ['4242', '4243'], 'multistring'],
      ['Big', 4294967295, 'dword'], ['Huge', '0x100000000', 'qword'], ['Blob', '0x01,0x16,0xff', 'binary'], ['', 'default text', 'string'],
    ] as const) {
      expect(await task('win_regedit', { path: key, name, data, type })).toMatchObject({ changed: true });
    }
    expect(await task('win_regedit', { path: `${key}\\Child` })).toMatchObject({ changed: true });
    const all = await task('win_reg_stat', { path: key });
    expect(all).toEqual({
      changed: false,
      exists: true,
      sub_keys: ['Child'],
      properties: {
        '': { type: 'REG_SZ', value: 'default text', raw_value: 'default text' },
        Name: { type: 'REG_SZ', value: 'qlik', raw_value: 'qlik' },
        Home: { type: 'REG_EXPAND_SZ', value: 'C:\\Windows\\qlik', raw_value: '%SystemRoot%\\qlik' },
        Ports: { type: 'REG_MULTI_SZ', value: ['4242', '4243'], raw_value: ['4242', '4243'] },
        Big: { type: 'REG_DWORD', value: 4294967295, raw_value: 4294967295 },
        Huge: { type: 'REG_QWORD', value: 4294967296, raw_value: 4294967296 },
        Blob: { type: 'REG_BINARY', value: [1, 22, 255], raw_value: ['0x01', '0x16', '0xff'] },
      },
    });
  });

  it('win_reg_stat returns one value at the top level (name, or its aliases entry/value), and exists false for what is missing', async () => {
    const key = 'HKLM:\\SOFTWARE\\Winbook\\RegStat';
    expect(await task('win_reg_stat', { path: key, name: 'home' })).toEqual({ changed: false, exists: true, type: 'REG_EXPAND_SZ', value: 'C:\\Windows\\qlik', raw_value: '%SystemRoot%\\qlik' });
    expect(await task('win_reg_stat', { key, entry: 'Blob' })).toMatchObject({ exists: true, type: 'REG_BINARY', value: [1, 22, 255] });
    expect(await task('win_reg_stat', { path: key, value: 'Missing' })).toEqual({ changed: false, exists: false });
    expect(await task('win_reg_stat', { path: `${key}\\Nope` })).toEqual({ changed: false, exists: false });
    expect(await task('win_reg_stat', { path: 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', name: 'ProductName' }, { check: true })).toMatchObject({
      exists: true, type: 'REG_SZ', value: 'Windows Server 2019 Standard',
    });
  });

  it('win_reg_stat fails with the module\'s text for a path that is not a registry path, and in Windows\' words where access is denied', async () => {
    expect(await task('win_reg_stat', { path: 'HKEY_LOCAL_MACHINE\\SOFTWARE' })).toMatchObject({
      failed: true, msg: 'path: HKEY_LOCAL_MACHINE\\SOFTWARE is not a valid registry path, see module documentation for examples.',
    });
    expect(await task('win_reg_stat', { path: 'HKLM:\\SECURITY\\Policy\\Secrets' })).toMatchObject({
      // ansible.windows.win_reg_stat does not catch OpenSubKey's SecurityException: module_wrapper.ps1's crash text.
      failed: true, msg: 'Unhandled exception while executing module: Requested registry access is not allowed.',
    });
  });

  describe('win_find', () => {
    const DAY = 86400_000;
    const names = (r: Record<string, unknown>) => (r.files as { path: string }[]).map((f) => f.path);
    const setUp = () => {
      const a = actor();
      makeDirectory(host().state, 'C:\\Logs\\sub', a);
      writeHostFile(host().state, 'C:\\Logs\\a.log', Buffer.alloc(100, 97), a);
      touch(host().state, 'C:\\Logs\\a.log', a, Date.now() - 10 * DAY);
      writeHostFile(host().state, 'C:\\Logs\\B.txt', Buffer.alloc(2000, 98), a);
      writeHostFile(host().state, 'C:\\Logs\\sub\\c.log', Buffer.from('c'), a);
      writeHostFile(host().state, 'C:\\Logs\\secret.log', Buffer.from('h'), a);
      getNode(host().state, 'C:\\Logs\\secret.log')!.hidden = true;
    };

    it('returns the direct children that are files, not hidden, sorted by path, with win_stat\'s facts in Ansible\'s keys', async () => {
      setUp();
      const r = await task('win_find', { paths: ['C:\\Logs'] });
      expect(r).toMatchObject({ changed: false, examined: 4, matched: 2 });
      expect(names(r)).toEqual(['C:\\Logs\\a.log', 'C:\\Logs\\B.txt']);
      const [a] = r.files as Record<string, unknown>[];
      expect(Object.keys(a!).sort()).toEqual([
        'attributes', 'checksum', 'creationtime', 'exists', 'extension', 'filename', 'hlnk_targets', 'isarchive', 'isdir', 'ishidden', 'isjunction', 'islnk',
        'isreadonly', 'isreg', 'isshared', 'lastaccesstime', 'lastwritetime', 'lnk_source', 'lnk_target', 'nlink', 'owner', 'path', 'sharename', 'size',
      ]);
      expect(a).toMatchObject({
        attributes: 'Archive', checksum: createHash('sha1').update(Buffer.alloc(100, 97)).digest('hex'), exists: true, extension: '.log', filename: 'a.log',
        hlnk_targets: [], isarchive: true, isdir: false, ishidden: false, isjunction: false, islnk: false, isreadonly: false, isreg: true, isshared: false,
        lnk_source: null, lnk_target: null, nlink: 1, owner: 'BUILTIN\\Administrators', sharename: null, size: 100,
      });
      expect(a!.lastwritetime as number).toBeCloseTo((Date.now() - 10 * DAY) / 1000, -2);
    });

    it('matches wildcards or regexes on the name (any pattern, any case), recursing and including hidden items on request', async () => {
      expect(names(await task('win_find', { paths: ['C:\\Logs'], patterns: ['*.LOG'], recurse: true }))).toEqual(['C:\\Logs\\a.log', 'C:\\Logs\\sub\\c.log']);
      expect(names(await task('win_find', { paths: ['C:\\Logs'], regexp: ['*.log'], recurse: true, hidden: true }))).toEqual(['C:\\Logs\\a.log', 'C:\\Logs\\secret.log', 'C:\\Logs\\sub\\c.log']);
      expect(names(await task('win_find', { paths: ['C:\\Logs'], patterns: ['^[ab]\\.', 'nothing'], use_regex: true }))).toEqual(['C:\\Logs\\a.log', 'C:\\Logs\\B.txt']);
      const dirs = await task('win_find', { paths: ['C:\\Logs'], file_type: 'directory', get_checksum: false });
      expect(dirs.files).toEqual([expect.objectContaining({ path: 'C:\\Logs\\sub', isdir: true, isreg: false, size: null, extension: null, checksum: null, attributes: 'Directory' })]);
    });

    it('filters by age (older, or newer when negative, in s/m/h/d/w) and size (larger, or smaller when negative, in b/k/m/g/t)', async () => {
      expect(names(await task('win_find', { paths: ['C:\\Logs'], age: '1w' }))).toEqual(['C:\\Logs\\a.log']);
      expect(names(await task('win_find', { paths: ['C:\\Logs'], age: '-1d', recurse: true }))).toEqual(['C:\\Logs\\B.txt', 'C:\\Logs\\sub\\c.log']);
      expect(names(await task('win_find', { paths: ['C:\\Logs'], age: '-1d', age_stamp: 'ctime' }))).toEqual(['C:\\Logs\\a.log', 'C:\\Logs\\B.txt']);
      expect(names(await task('win_find', { paths: ['C:\\Logs'], size: '1k' }))).toEqual(['C:\\Logs\\B.txt']);
      expect(names(await task('win_find', { paths: ['C:\\Logs'], size: '-100' }))).toEqual(['C:\\Logs\\a.log']);
      expect(await task('win_find', { paths: ['C:\\Logs'], age: '3 days' })).toMatchObject({ failed: true, msg: 'Invalid age pattern specified' });
      expect(await task('win_find', { paths: ['C:\\Logs'], size: '1kb' })).toMatchObject({ failed: true, msg: 'Invalid size pattern specified' });
    });

    it('skips a missing path, a %VAR% path and a file with Ansible\'s warnings, and reports the administrative shares (as win_stat does)', async () => {
      const r = await task('win_find', { paths: ['C:\\Nope', '%ProgramData%', 'C:\\Logs\\a.log'] }, { check: true });
      expect(r).toEqual({
        changed: false, examined: 0, matched: 0, files: [],
        warnings: [
          "Argument path 'C:\\Nope' does not exist or is not accessible, skipping",
          "Argument path '%ProgramData%' does not exist or is not accessible, skipping",
          "Argument path 'C:\\Logs\\a.log' is a file not a directory, skipping",
        ],
      });
      const root = await task('win_find', { paths: ['C:\\'], file_type: 'directory', patterns: ['Windows', 'Logs'] });
      expect(root.files).toEqual([
        expect.objectContaining({ path: 'C:\\Logs', isshared: false, sharename: null }),
        expect.objectContaining({ path: 'C:\\Windows', isshared: true, sharename: 'ADMIN$' }),
      ]);
      expect((await task('win_stat', { path: '%SystemRoot%' })).stat).toMatchObject({ isdir: true, isshared: true, sharename: 'ADMIN$' });
      expect((await task('win_stat', { path: 'C:\\' })).stat).toMatchObject({ isshared: true, sharename: 'C$' });
      expect((await task('win_stat', { path: 'C:\\Logs' })).stat).toMatchObject({ isshared: false });
      expect((await task('win_stat', { path: 'C:\\Logs' })).stat).not.toHaveProperty('sharename');
    });
  });

  describe('win_powershell', () => {
    it('runs a script with parameters and returns output, $Ansible.Result, streams and host_out in the module\'s shapes', async () => {
      const r = await task('win_powershell', {
        script: [
          'param([int]$Count, [string]$Name)',
          '$Ansible.Result = @{ items = 1..$Count; name = $Name; when = [DateTime]::new(2026, 1, 2, 3, 4, 5, [DateTimeKind]::Utc) }',
          'Write-Host "hello $Name"',
          'Write-Host -NoNewline "a"; Write-Host "b"',
          'Write-Warning "careful"',
          'Write-Verbose "quiet"',
          '"out 1"; 2; @{ key = [ConsoleColor]::Red }',
        ].join('\n'),
        parameters: { Count: 3, Name: 'qlik' },
      });
      expect(r).toMatchObject({
        changed: true,
        result: { items: [1, 2, 3], name: 'qlik', when: '2026-01-02T03:04:05.0000000Z' },
        output: ['out 1', 2, { key: { Type: 'System.ConsoleColor', String: 'Red', Value: 12 } }],
        host_out: 'hello qlik\r\nab\r\n',
        host_err: '',
        warning: ['careful'],
        verbose: [],
        debug: [],
        error: [],
      });
      expect(r.failed ?? false).toBe(false);
      expect((r.information as { tags: string[]; message_data: unknown }[]).map((i) => i.tags)).toEqual([['PSHOST'], ['PSHOST'], ['PSHOST']]);
    });

    it('binds dictionary and list parameters as a hashtable and an array, as Ansible passes them', async () => {
      const r = await task('win_powershell', {
        script: 'param([hashtable]$Config, [string[]]$Names)\n$Ansible.Changed = $false\n$Config.port; $Config.inner.GetType().Name; $Names.Count',
        parameters: { Config: { port: 4242, inner: { a: 1 } }, Names: ['a', 'b'] },
      });
      expect(r).toMatchObject({ changed: false, output: [4242, 'Hashtable', 2], error: [] });
    });

    it('reports $Ansible.Changed = $false as unchanged, and $Ansible.Failed and $Ansible.Diff as set', async () => {
      expect(await task('win_powershell', { script: '$Ansible.Changed = $false' })).toMatchObject({ changed: false, output: [] });
      const r = await task('win_powershell', { script: '$Ansible.Failed = $true; $Ansible.Diff = @{ before = "a"; after = "b" }' });
      expect(r).toMatchObject({ changed: true, failed: true, diff: { before: 'a', after: 'b' } });
    });

    it('fails on a terminating error, keeping the output written before it and the error record in the module\'s shape', async () => {
      const r = await task('win_powershell', { script: '"before"\nthrow "boom"\n"after"' });
      expect(r).toMatchObject({ changed: true, failed: true, output: ['before'] });
      const [err] = r.error as Record<string, unknown>[];
      expect(err).toMatchObject({
        exception: { message: 'boom', type: 'System.Management.Automation.RuntimeException' },
        category_info: { category: 'OperationStopped', category_id: 14 },
        fully_qualified_error_id: 'boom',
        error_details: null,
      });
      expect(String(err!.output)).toContain('boom');
    });

    it('keeps going after a non-terminating error unless error_action is stop', async () => {
      const cont = await task('win_powershell', { script: 'Write-Error "soft"; "still here"' });
      expect(cont).toMatchObject({ output: ['still here'], error: [expect.objectContaining({ exception: expect.objectContaining({ message: 'soft' }) })] });
      expect(cont.failed ?? false).toBe(false);
      expect(await task('win_powershell', { script: 'Write-Error "soft"; "still here"', error_action: 'stop' })).toMatchObject({ failed: true, output: [] });
      expect(await task('win_powershell', { script: 'Write-Error "soft"; "still here"', error_action: 'silently_continue' })).toMatchObject({ output: ['still here'], error: [] });
    });

    it('a Windows cmdlet the simulated host does not model is an error record saying it is not recognized, never a pretended answer', async () => {
      const r = await task('win_powershell', { script: 'Get-ScheduledTask -TaskName Backup\n"next"' });
      expect(r).toMatchObject({ output: ['next'] });
      expect((r.error as { exception: { message: string } }[])[0]!.exception.message).toMatch(/^The term 'Get-ScheduledTask' is not recognized/);
      expect(await task('win_powershell', { script: 'Get-ScheduledTask -TaskName Backup\n"next"', error_action: 'stop' })).toMatchObject({ failed: true, output: [] });
    });

    it('skips in check mode unless the script supports ShouldProcess, which then runs with -WhatIf', async () => {
      const untouched = mh.fingerprint();
      expect(await task('win_powershell', { script: '"ran"' }, { check: true })).toMatchObject({ changed: true, msg: 'skipped, running in check mode', output: [] });
      expect(mh.fingerprint()).toBe(untouched);
      // A script that runs gets its module tmpdir, in check mode too (as Ansible's module tmpdir); nothing else changes.
      const logged = mh.site().log.entries().length;
      const r = await task('win_powershell', { script: '[CmdletBinding(SupportsShouldProcess)]\nparam()\n$WhatIfPreference; $Ansible.CheckMode' }, { check: true });
      expect(r).toMatchObject({ changed: true, output: [true, true] });
      expect(mh.site().log.entries().slice(logged).map((e) => e.what)).toEqual(['dir.create', 'dir.remove']);
    });

    it('honours creates and removes through the host\'s files, and removes its Tmpdir afterwards', async () => {
      expect(await task('win_powershell', { script: '"x"', creates: 'C:\\Windows' })).toMatchObject({ changed: false, msg: 'skipped, since C:\\Windows exists', output: [] });
      expect(await task('win_powershell', { script: '"x"', removes: 'C:\\Nope\\*.txt' })).toMatchObject({ changed: false, msg: 'skipped, since C:\\Nope\\*.txt does not exist' });
      const r = await task('win_powershell', { script: '$Ansible.Tmpdir' });
      const tmp = (r.output as string[])[0]!;
      expect(tmp).toMatch(/^C:\\Users\\Administrator\\AppData\\Local\\Temp\\ansible-moduletmp-\d+-\d+$/);
      expect(getNode(host().state, tmp)).toBeUndefined();
    });
  });

  it('win_file takes its path as dest or name too (Ansible\'s aliases), and refuses two of them', async () => {
    await task('win_stat', { path: 'C:\\' }); // the simulated volume is laid out on first use
    const [check] = await mh.rehearse('win_file', { dest: 'C:\\Aliased', state: 'directory' });
    expect(check).toMatchObject({ changed: true, diff: { after: { path: 'C:\\Aliased', state: 'directory' } } });
    expect(await task('win_file', { name: 'C:\\Aliased', state: 'absent' }, { diff: true })).toMatchObject({ changed: true, diff: { before: { path: 'C:\\Aliased', state: 'directory' } } });
    await expect(task('win_file', { path: 'C:\\a', name: 'C:\\b' })).rejects.toThrow(/mutually exclusive: path\|name/);
    await expect(task('win_file', { state: 'absent' })).rejects.toThrow(/missing required arguments: path/);
  });

  it('win_service expands %VAR% in path before it creates or compares the service, as ansible.windows does', async () => {
    const args = { name: 'ExpandSvc', path: '%SystemRoot%\\System32\\svchost.exe -k netsvcs', start_mode: 'manual' };
    const [, apply] = await mh.rehearse('win_service', args);
    expect(apply).toMatchObject({ changed: true, path: 'C:\\Windows\\System32\\svchost.exe -k netsvcs' });
    expect(await task('win_service', { name: 'ExpandSvc', path: 'C:\\Windows\\System32\\svchost.exe -k netsvcs' })).toMatchObject({ changed: false });
  });

  it('win_user sets home_directory, login_script and profile (paths compared without case) and shows them in the diff', async () => {
    const args = { name: 'roleuser', password: 'Role-Passw0rd!', home_directory: 'C:\\Users\\roleuser', login_script: 'logon.cmd', profile: '\\\\fs01\\profiles\\roleuser' };
    const [check, apply] = await mh.rehearse('win_user', args);
    expect(check.diff).toMatchObject({ after: { home_directory: 'C:\\Users\\roleuser', login_script: 'logon.cmd', profile: '\\\\fs01\\profiles\\roleuser' } });
    expect(apply).toMatchObject({ changed: true });
    expect(host().state.users.find((u) => u.name.endsWith('roleuser'))).toMatchObject({ home_directory: 'C:\\Users\\roleuser', login_script: 'logon.cmd', profile: '\\\\fs01\\profiles\\roleuser' });
    expect(await task('win_user', { name: 'roleuser', home_directory: 'c:\\users\\ROLEUSER' })).toMatchObject({ changed: false });
    const changed = await task('win_user', { name: 'roleuser', login_script: 'other.cmd' }, { diff: true });
    expect(changed).toMatchObject({ changed: true, diff: { before: { login_script: 'logon.cmd' }, after: { login_script: 'other.cmd' } } });
    // As 1.14: these three are in the diff, not among the result's fields (its RETURN block and the .ps1's result).
    const query = await task('win_user', { name: 'roleuser', state: 'query' }, { diff: true });
    expect(query.diff).toMatchObject({ before: { home_directory: 'C:\\Users\\roleuser', login_script: 'other.cmd', profile: '\\\\fs01\\profiles\\roleuser' } });
    for (const k of ['home_directory', 'login_script', 'profile']) expect(query).not.toHaveProperty(k);
  });

  it('win_path appends, reorders and removes PATH elements as ansible.windows does, keeping REG_EXPAND_SZ', async () => {
    const ENV = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';
    const before = (await task('win_reg_stat', { path: ENV, name: 'Path' })).raw_value as string;
    const [check, apply, reapply] = await mh.rehearse('win_path', { elements: ['%ProgramFiles%\\Qlik\\bin', 'C:\\Tools\\'] });
    expect(check).toMatchObject({ changed: true, path_value: `${before};%ProgramFiles%\\Qlik\\bin;C:\\Tools\\` });
    expect(apply.path_value).toBe(check.path_value);
    expect(reapply).toMatchObject({ changed: false, path_value: check.path_value });
    expect(await task('win_reg_stat', { path: ENV, name: 'Path' })).toMatchObject({ type: 'REG_EXPAND_SZ', raw_value: check.path_value });
    // Given in the other order: the first is moved behind the second.
    const moved = await task('win_path', { elements: ['c:\\tools', '%PROGRAMFILES%\\qlik\\bin\\'] });
    expect(moved).toMatchObject({ changed: true, path_value: `${before};C:\\Tools\\;%PROGRAMFILES%\\qlik\\bin\\` });
    const removed = await task('win_path', { elements: ['C:\\Tools', 'C:\\Nowhere'], state: 'absent' });
    expect(removed).toMatchObject({ changed: true, removed_idx: -1, path_value: `${before};%PROGRAMFILES%\\qlik\\bin\\` });
    const user = await task('win_path', { name: 'PSModulePath', elements: ['C:\\Mods'], scope: 'user' });
    expect(user).toMatchObject({ changed: true, path_value: 'C:\\Mods' });
    expect(await task('win_reg_stat', { path: 'HKCU:\\Environment', name: 'PSModulePath' })).toMatchObject({ type: 'REG_EXPAND_SZ', value: 'C:\\Mods' });
  });

  describe('win_copy remote_src', () => {
    const sha1 = (t: string) => createHash('sha1').update(t).digest('hex');
    const text = (p: string) => Buffer.from(getNode(host().state, p)?.content ?? '', 'base64').toString('utf8');

    it('copies a file on the host: check, apply, reapply, with the source\'s SHA-1 and the destination named after it', async () => {
      makeDirectory(host().state, 'C:\\Src', actor());
      writeHostFile(host().state, 'C:\\Src\\app.cfg', Buffer.from('port=1\r\n'), actor());
      // ansible.windows creates a missing folder named by a dest ending in \ even in check mode; so does this.
      const logged = mh.site().log.entries().length;
      await task('win_copy', { src: 'C:\\Src\\app.cfg', dest: 'C:\\Dst\\', remote_src: true }, { check: true });
      expect(mh.site().log.entries().slice(logged).map((e) => `${e.what} ${e.target}`)).toEqual(['dir.create C:\\Dst']);
      const args = { src: 'C:\\Src\\app.cfg', dest: 'C:\\Dst\\', remote_src: true };
      const [check, apply, reapply] = await mh.rehearse('win_copy', args);
      expect(check).toMatchObject({ changed: true, src: 'C:\\Src\\app.cfg', dest: 'C:\\Dst\\app.cfg', operation: 'file_copy', original_basename: 'app.cfg', checksum: sha1('port=1\r\n'), size: null });
      expect(check.diff).toEqual({ prepared: '+C:\\Dst\\app.cfg\n' });
      expect(apply).toMatchObject({ changed: true, dest: 'C:\\Dst\\app.cfg', checksum: sha1('port=1\r\n'), size: 8 });
      expect(reapply).toMatchObject({ changed: false, checksum: sha1('port=1\r\n'), size: 8 });
      expect(text('C:\\Dst\\app.cfg')).toBe('port=1\r\n');
    });

    it('replaces a different file (with backup), leaves it with force false, and fails in the module\'s words', async () => {
      writeHostFile(host().state, 'C:\\Src\\app.cfg', Buffer.from('port=2\r\n'), actor());
      expect(await task('win_copy', { src: 'C:\\Src\\app.cfg', dest: 'C:\\Dst\\app.cfg', remote_src: true, force: false })).toMatchObject({ changed: false, checksum: null });
      const r = await task('win_copy', { src: 'C:\\Src\\app.cfg', dest: 'C:\\Dst\\app.cfg', remote_src: true, backup: true }, { diff: true });
      expect(r).toMatchObject({ changed: true, backup_file: expect.stringMatching(/^C:\\Dst\\app\.cfg\.\d+\.\d{8}-\d{6}\.bak$/), diff: { prepared: '-C:\\Dst\\app.cfg\n+C:\\Dst\\app.cfg\n' } });
      expect(text('C:\\Dst\\app.cfg')).toBe('port=2\r\n');
      expect(text(r.backup_file as string)).toBe('port=1\r\n');
      expect(await task('win_copy', { src: 'C:\\Src\\none.cfg', dest: 'C:\\Dst', remote_src: true })).toMatchObject({ failed: true, msg: "Cannot copy src file: 'C:\\Src\\none.cfg' as it does not exist" });
      expect(await task('win_copy', { src: 'C:\\Src\\app.cfg', dest: 'C:\\Missing\\app.cfg', remote_src: true })).toMatchObject({ failed: true, msg: "Destination directory 'C:\\Missing' does not exist" });
      await expect(task('win_copy', { content: 'x', dest: 'C:\\x', remote_src: true })).rejects.toThrow(/remote_src needs src/);
    });

    it('copies a folder into dest under its own name, or only its contents when src ends in \\', async () => {
      makeDirectory(host().state, 'C:\\Src\\sub', actor());
      writeHostFile(host().state, 'C:\\Src\\sub\\b.txt', Buffer.from('bb'), actor());
      const [check, apply] = await mh.rehearse('win_copy', { src: '%SystemDrive%\\Src', dest: 'C:\\Tree', remote_src: true });
      expect(check).toMatchObject({ changed: true, src: 'C:\\Src', dest: 'C:\\Tree\\Src', operation: 'folder_copy', size: null });
      expect(apply).toMatchObject({ dest: 'C:\\Tree\\Src', size: 10, diff: { prepared: '+C:\\Tree\\Src\\\n+C:\\Tree\\Src\\app.cfg\n+C:\\Tree\\Src\\sub\\\n+C:\\Tree\\Src\\sub\\b.txt\n' } });
      expect(text('C:\\Tree\\Src\\sub\\b.txt')).toBe('bb');
      const [, contents] = await mh.rehearse('win_copy', { src: 'C:\\Src\\', dest: 'C:\\Flat', remote_src: true });
      expect(contents).toMatchObject({ dest: 'C:\\Flat', operation: 'folder_copy' });
      expect(getNode(host().state, 'C:\\Flat\\app.cfg')?.kind).toBe('file');
      expect(getNode(host().state, 'C:\\Flat\\sub\\b.txt')?.kind).toBe('file');
    });

    it('returns the source\'s SHA-1 as checksum in check mode for a controller file too', async () => {
      // The controller half first (what the engine runs), then the agent.
      const def = findModule('win_copy')!;
      const prepared = await def.prepare!(def.schema.parse({ content: 'marker\r\n', dest: 'C:\\Dst\\marker.txt' }), { host: 'win01', check: true, diff: false, vars: {} });
      if ('result' in prepared) throw new Error('prepare answered by itself');
      const r = await mh.agent().invoke(def, prepared.args, { check: true, diff: false });
      expect(r).toMatchObject({ changed: true, checksum: sha1('marker\r\n') });
    });
  });
});
