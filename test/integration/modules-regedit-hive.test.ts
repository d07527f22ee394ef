/**
 * win_regedit's `hive` (ansible.windows 1.14): the module's own PowerShell loads a hive file as HKLM:\ANSIBLE through
 * the façade, changes it, and unloads it, which writes the change back into the file. The simulator models a hive
 * file as a file of its volume holding a registry tree, and RegLoadKey's refusals (missing file, file in use, not a
 * hive, no SeBackupPrivilege/SeRestorePrivilege).
 */
import { describe, expect, it } from 'vitest';
import { parseHive } from '../../src/sim/host/hive-file-format.ts';
import { getNode, writeFile } from '../../src/sim/host/fs.ts';
import { loadHive, loadedHiveFile, unloadHive } from '../../src/sim/host/registry-hive-file.ts';
import type { RegKey } from '../../src/sim/host/registry-types.ts';
import type { ModuleDef } from '../../src/modules/types.ts';
import { useModuleHost } from '../helpers/module-host.ts';

const HIVE = 'C:\\Users\\Default\\NTUSER.DAT';
const MOUSE = 'HKLM:\\ANSIBLE\\Control Panel\\Mouse';

describe('win_regedit with a hive file', () => {
  const mh = useModuleHost(226);
  const { task, rehearse, host, fingerprint } = mh;
  const log = () => mh.site().log.entries();
  /** The tree in the hive file on the simulated volume. */
  const hiveTree = (file = HIVE): RegKey => parseHive(Buffer.from(getNode(host().state, file)!.content!, 'base64'))!;
  const valueIn = (tree: RegKey, path: string[], name: string) => {
    let k: RegKey | undefined = tree;
    for (const p of path) k = k?.keys[p.toLowerCase()];
    return k?.values[name.toLowerCase()];
  };
  /** A façade call as a module body, for what the module never reaches (its own checks come first). */
  const facade = (script: string) => mh.agent().invoke(
    { name: 'hive-probe', aliases: [], description: '', schema: undefined as never, secretArgs: [], supportsCheck: true, supportsDiff: false, kind: 'agent', script } as ModuleDef,
    {}, { check: false, diff: false },
  );

  it('check → apply → reapply: a value in the Default user\'s hive, saved into NTUSER.DAT and unloaded after', async () => {
    // The volume as a fresh host has it (the simulator builds it on first use, which a fingerprint would count).
    expect(valueIn(hiveTree(), ['Control Panel', 'Mouse'], 'MouseTrails')).toEqual({ name: 'MouseTrails', type: 'string', data: '0' });
    const n = log().length;
    const args = { path: MOUSE, name: 'MouseTrails', data: '10', hive: HIVE };
    const [check, apply] = await rehearse('win_regedit', args);
    expect(check).toMatchObject({ changed: true, data_changed: true, data_type_changed: false });
    expect(check.diff).toEqual({
      before: { [MOUSE]: { MouseTrails: { type: 'String', value: '0' } } },
      after: { [MOUSE]: { MouseTrails: { type: 'String', value: '10' } } },
    });
    expect(apply).toMatchObject({ changed: true, data_changed: true });
    expect(valueIn(hiveTree(), ['Control Panel', 'Mouse'], 'MouseTrails')).toEqual({ name: 'MouseTrails', type: 'string', data: '10' });
    // Unloaded: the key is gone from HKLM, the file is free again.
    expect(loadedHiveFile(host().state, 'ANSIBLE')).toBeUndefined();
    expect((await task('win_reg_stat', { path: 'HKLM:\\ANSIBLE' })).exists).toBe(false);
    expect(log().slice(n).map((e) => `${e.what} ${e.target}`)).toEqual(['registry.value.set HKEY_LOCAL_MACHINE\\ANSIBLE\\Control Panel\\Mouse\\MouseTrails', `file.write ${HIVE}`]);
  });

  it('creates a key and a typed value, then removes the value and the key; a file path with %VAR% is expanded', async () => {
    const args = { path: 'HKLM:\\ANSIBLE\\Software\\Qlik\\Client', name: 'ProxyPort', data: 4243, type: 'dword', hive: '%SystemDrive%\\Users\\Default\\NTUSER.DAT' };
    await rehearse('win_regedit', args);
    expect(valueIn(hiveTree(), ['Software', 'Qlik', 'Client'], 'ProxyPort')).toEqual({ name: 'ProxyPort', type: 'dword', data: 4243 });
    await rehearse('win_regedit', { path: 'HKLM:\\ANSIBLE\\Software\\Qlik\\Client', name: 'ProxyPort', state: 'absent', hive: HIVE });
    expect(valueIn(hiveTree(), ['Software', 'Qlik', 'Client'], 'ProxyPort')).toBeUndefined();
    await rehearse('win_regedit', { path: 'HKLM:\\ANSIBLE\\Software\\Qlik', state: 'absent', hive: HIVE });
    expect(hiveTree().keys.software?.keys.qlik).toBeUndefined();
  });

  it('a missing hive file is 1.14\'s failure, before anything is loaded', async () => {
    const untouched = fingerprint();
    expect(await task('win_regedit', { path: MOUSE, name: 'MouseTrails', data: '1', hive: 'C:\\Users\\Nobody\\NTUSER.DAT' })).toEqual({
      failed: true, msg: "hive at path 'C:\\Users\\Nobody\\NTUSER.DAT' is not valid or accessible, cannot load hive",
    });
    expect(fingerprint()).toBe(untouched);
  });

  it('a hive loaded by someone else is in use: 1.14\'s load failure; a hive left at HKLM:\\ANSIBLE is unloaded first, with its warning', async () => {
    const actor = { account: 'WIN01\\Administrator', log: mh.site().log };
    writeFile(host().state, 'C:\\Users\\Public\\copy.dat', Buffer.from(getNode(host().state, HIVE)!.content!, 'base64'), actor);
    loadHive(host().state, 'OtherTool', 'C:\\Users\\Public\\copy.dat', 'WIN01\\Administrator');
    expect(await task('win_regedit', { path: MOUSE, name: 'MouseTrails', data: '3', hive: 'C:\\Users\\Public\\copy.dat' })).toEqual({
      failed: true, msg: "failed to load registry hive from 'C:\\Users\\Public\\copy.dat' to HKLM:\\ANSIBLE: Failed to load registry hive at C:\\Users\\Public\\copy.dat",
    });
    unloadHive(host().state, 'OtherTool', actor);
    loadHive(host().state, 'ANSIBLE', 'C:\\Users\\Public\\copy.dat', 'WIN01\\Administrator');
    const r = await task('win_regedit', { path: MOUSE, name: 'MouseTrails', data: '3', hive: HIVE });
    expect(r).toMatchObject({ changed: true, warnings: ['hive already loaded at HKLM:\\ANSIBLE, had to unload hive for win_regedit to continue'] });
    expect(valueIn(hiveTree(), ['Control Panel', 'Mouse'], 'MouseTrails')?.data).toBe('3');
    expect(loadedHiveFile(host().state, 'ANSIBLE')).toBeUndefined();
  });

  it('RegLoadKey\'s refusals in Windows\' words through the façade: in use, missing, not a hive, unknown key to unload', async () => {
    const r = await facade(`
      function Code { param([scriptblock]$Do) try { & $Do; 'ok' } catch { "$($_.Exception.NativeErrorCode) $($_.Exception.Message)" } }
      $first = Code { Mount-WbRegistryHive -Key 'One' -Path '${HIVE}' }
      $again = Code { Mount-WbRegistryHive -Key 'Two' -Path '${HIVE}' }
      $off = Code { Dismount-WbRegistryHive -Key 'One' }
      @{
        first = $first; inUse = $again; unload = $off
        missing = Code { Mount-WbRegistryHive -Key 'Three' -Path 'C:\\Users\\Default\\NOPE.DAT' }
        notHive = Code { Mount-WbRegistryHive -Key 'Four' -Path 'C:\\Windows\\System32\\drivers\\etc\\hosts' }
        notLoaded = Code { Dismount-WbRegistryHive -Key 'Five' }
      }`);
    expect(r).toMatchObject({
      first: 'ok', unload: 'ok',
      inUse: '32 The process cannot access the file because it is being used by another process.',
      missing: '2 The system cannot find the file specified.',
      notHive: '1009 The configuration registry database is corrupt.',
      notLoaded: '87 The parameter is incorrect.',
    });
  });

  it('a user without SeBackupPrivilege/SeRestorePrivilege cannot load a hive (1314)', () => {
    host().state.users.push({ name: 'plainuser', password: 'Plain!123', enabled: true });
    expect(() => loadHive(host().state, 'X', HIVE, 'WIN01\\plainuser')).toThrow('A required privilege is not held by the client.');
  });
});
