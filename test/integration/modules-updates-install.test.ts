/**
 * win_updates installing and downloading (issue 14): the module's own PowerShell against the simulated host's Windows
 * Update model, over the real WinRM client. The Windows Update Agent refuses download and install to the agent's
 * network logon with E_ACCESSDENIED, as Windows does; the module gets them done under a batch logon
 * (Invoke-WbAsBatchLogon, a scheduled task as the connecting user or SYSTEM), as ansible.windows 1.14 does. Results are
 * checked against 1.14's action plugin: per-update installed/downloaded set by this run only, failure_hresult_code
 * unsigned, failure_msg in its HRESULT table's words, counts, reboot_required, changed.
 */
import { describe, expect, it } from 'vitest';
import type { ModuleDef, ModuleResult } from '../../src/modules/types.ts';
import { findModule } from '../../src/modules/registry.ts';
import { boot } from '../../src/sim/host/reboot.ts';
import { type WindowsUpdate, windowsUpdateOf } from '../../src/sim/windows/updates.ts';
import { useModuleHost } from '../helpers/module-host.ts';

const CU = '6b3e5c2a-1f0d-4d38-9a57-0c6f1d2e8a01';
const NET = '9d4f7a10-3c2b-4e61-8b7a-2f5e6c1d9b02';
const MSRT = '2c8e1b47-5a6d-4f09-b3c1-7e2a9d4f6c03';
const DEFENDER = 'e1a7c9d3-8b2f-4a6e-9c05-3d1b7f2e4a04';
const SSU = '4f2b8d6e-0a3c-4b7d-8e19-5c6a2d0f1b05';
const HIDDEN = '3e9c1a5b-7d2f-4e8a-b0c6-9f4d2a1e8c07';

type Updates = Record<string, Record<string, unknown>>;

describe('win_updates installs and downloads under a batch logon, against the simulator', () => {
  const mh = useModuleHost(22);
  const { task } = mh;
  const wu = () => windowsUpdateOf(mh.host().state);
  const byId = (id: string): WindowsUpdate => wu().updates.find((u) => u.id === id)!;
  const fresh = () => {
    delete mh.host().state.windows_update;
  };
  const logOf = (what: string) => mh.site().log.entries().filter((e) => e.what === what);

  it('check → apply → reapply: the default categories installed, a restart asked for, nothing hidden or filtered touched', async () => {
    fresh();
    await task('win_file', { path: 'C:\\logs', state: 'directory' });
    const args = { log_path: 'C:\\logs\\wu.log' };
    const [check, apply, reapply] = await mh.rehearse('win_updates', args);
    expect(check).toMatchObject({ changed: true, found_update_count: 4, installed_update_count: 0, failed_update_count: 0, reboot_required: false, rebooted: false });
    expect(Object.values(check.updates as Updates).every((u) => u.installed === false && u.downloaded === false)).toBe(true);

    expect(apply).toMatchObject({ changed: true, found_update_count: 4, installed_update_count: 4, failed_update_count: 0, reboot_required: true, rebooted: false });
    expect((apply.updates as Updates)[CU]).toEqual({
      title: '2024-01 Cumulative Update for Windows Server 2019 (1809) for x64-based Systems (KB5034127)',
      kb: ['5034127'], categories: ['Security Updates', 'Windows Server 2019'], id: CU, downloaded: true, installed: true,
    });
    expect(Object.keys(apply.filtered_updates as object).sort()).toEqual([DEFENDER, '7a5d3f1c-9e8b-4c2a-a6d4-1b0e3c5f7d06', HIDDEN].sort());
    for (const id of [CU, NET, MSRT, SSU]) expect(byId(id)).toMatchObject({ is_installed: true, is_downloaded: true });
    // Filtered updates are not touched: the hidden one keeps its unaccepted EULA, the Defender one stays as it was.
    expect(byId(HIDDEN)).toMatchObject({ is_installed: false, is_downloaded: false, eula_accepted: false });
    expect(byId(DEFENDER)).toMatchObject({ is_installed: false, is_downloaded: true });
    expect(wu().reboot_required).toBe(true);
    // Each step ran in a scheduled task as the connecting user, whose WUA calls the log records under that account.
    const runs = logOf('task.run');
    expect(runs.map((e) => e.target)).toEqual(['\\winbook-Save-WbWindowsUpdate', '\\winbook-Install-WbWindowsUpdate']);
    expect(runs.every((e) => (e.detail as { run_as: string }).run_as === mh.site().adminUser)).toBe(true);
    expect(logOf('update.install').map((e) => e.target).sort()).toEqual([CU, NET, MSRT, SSU].sort());

    // Nothing left in those categories: the rerun selects nothing, changes nothing, and still reports the restart.
    expect(reapply).toMatchObject({ changed: false, found_update_count: 0, installed_update_count: 0, reboot_required: true, updates: {} });

    const log = await task('slurp', { src: 'C:\\logs\\wu.log' });
    const text = Buffer.from(String(log.content), 'base64').toString('utf8');
    expect(text).toContain(`Z Update ${CU} not downloaded\r\n`);
    expect(text).toContain('Z Downloading updates...\r\n');
    expect(text).toContain(`Z Download result for ${CU} - ResultCode: Succeeded, HResult: 0\r\n`);
    expect(text).toContain(`Z Install result for ${CU} - ResultCode: Succeeded, HResult: 0, RebootRequired: True\r\n`);
    expect(text).toContain(`Z Install result for ${MSRT} - ResultCode: Succeeded, HResult: 0, RebootRequired: False\r\n`);
    expect(text).toContain('Z Post-install reboot requirement True\r\n');
    expect(text).toMatch(/No updated pending: exiting\.\.\.\r\n$/);
    expect(text).not.toContain('Check mode');
  });

  it('a pending restart stops the next installation as 1.14 does; a boot clears it and the next updates install', async () => {
    // State from the previous test: the restart the cumulative update asked for is pending.
    const blocked = await task('win_updates', { category_names: ['Updates'] });
    expect(blocked).toMatchObject({ failed: true, changed: false, reboot_required: true, msg: 'A reboot is required before more updates can be installed', found_update_count: 1 });
    expect(byId('7a5d3f1c-9e8b-4c2a-a6d4-1b0e3c5f7d06').is_installed).toBe(false);

    // What the host does when it starts again (win_reboot's own run is in test/e2e/features-playbook.test.ts).
    boot(mh.host().state, { account: 'test', log: mh.site().log });
    expect(wu().reboot_required).toBe(false);
    const searched = await task('win_updates', { state: 'searched', category_names: '*' });
    expect(searched).toMatchObject({ reboot_required: false, found_update_count: 2 });
    const r = await task('win_updates', { category_names: ['Updates'] });
    expect(r).toMatchObject({ changed: true, installed_update_count: 1, reboot_required: true });
  });

  it('state downloaded downloads only; an update downloaded before reads downloaded false, as 1.14 reports this run only', async () => {
    fresh();
    const r = await task('win_updates', { state: 'downloaded', category_names: ['*'] });
    expect(r).toMatchObject({ changed: true, found_update_count: 6, installed_update_count: 0, failed_update_count: 0, reboot_required: false });
    const u = r.updates as Updates;
    expect(u[CU]).toMatchObject({ downloaded: true, installed: false });
    expect(u[DEFENDER]).toMatchObject({ downloaded: false, installed: false });
    expect(wu().updates.filter((x) => !x.is_hidden && !x.is_installed).every((x) => x.is_downloaded)).toBe(true);
    expect(wu().updates.some((x) => x.is_installed && x.id !== '8c0f4e2d-6b1a-4d9c-a3e7-2a5f8b1c0d08')).toBe(false);
    const again = await task('win_updates', { state: 'downloaded', category_names: ['*'] });
    expect(again).toMatchObject({ changed: false, found_update_count: 6 });
    // Installing what is downloaded: no download step, every update installed, none reads downloaded.
    const install = await task('win_updates', { category_names: ['*'] });
    expect(install).toMatchObject({ changed: true, installed_update_count: 6 });
    expect(Object.values(install.updates as Updates).every((x) => x.downloaded === false && x.installed === true)).toBe(true);
  });

  it('an update that fails to install: failure_hresult_code and 1.14\'s failure_msg, the others installed, the task failed', async () => {
    fresh();
    const state = mh.host().state;
    state.windows_update = windowsUpdateOf(state);
    byId(NET).install_hresult = 0x80240022;
    const r = await task('win_updates', {});
    expect(r).toMatchObject({
      failed: true, changed: true, msg: 'Failed to install all updates - see updates for more information',
      found_update_count: 4, failed_update_count: 1, installed_update_count: 3, reboot_required: true,
    });
    expect((r.updates as Updates)[NET]).toMatchObject({
      downloaded: true, installed: false, failure_hresult_code: 2149842978,
      failure_msg: 'Operation failed for all the updates (WU_E_ALL_UPDATES_FAILED 80240022)',
    });
    expect(byId(NET).is_installed).toBe(false);
    expect(byId(CU).is_installed).toBe(true);
  });

  it('a failed download stops before installing; an HRESULT outside the table reads as 1.14 reads an unknown one', async () => {
    fresh();
    const state = mh.host().state;
    state.windows_update = windowsUpdateOf(state);
    byId(SSU).download_hresult = 0x80240034;
    byId(MSRT).download_hresult = 0x80070643;
    const r = await task('win_updates', {});
    expect(r).toMatchObject({ failed: true, changed: true, msg: 'Failed to download all updates - see updates for more information', failed_update_count: 2, installed_update_count: 0 });
    const u = r.updates as Updates;
    expect(u[SSU]).toMatchObject({ downloaded: false, failure_hresult_code: 0x80240034, failure_msg: 'Update failed to download (WU_E_DOWNLOAD_FAILED 80240034)' });
    expect(u[MSRT]).toMatchObject({ failure_msg: 'Unknown WUA HRESULT 2147944003 (UNKNOWN 80070643)' });
    expect(u[CU]).toMatchObject({ downloaded: true, installed: false });
    expect(wu().updates.filter((x) => x.is_installed)).toHaveLength(1);
  });

  it('a download the agent itself refuses (source unreachable): the step, the COM text and the HRESULT in 1.14\'s words', async () => {
    fresh();
    const state = mh.host().state;
    state.windows_update = { ...windowsUpdateOf(state), download_error: 0x8024001f };
    const r = await task('win_updates', {});
    expect(r).toMatchObject({
      failed: true, changed: false, found_update_count: 4, failed_update_count: 0, installed_update_count: 0,
      msg: 'Downloading updates: Exception from HRESULT: 0x8024001F - Operation did not complete because the network connection was unavailable (WU_E_NO_CONNECTION 8024001F)',
    });
    expect(wu().updates.filter((u) => u.is_downloaded).map((u) => u.id)).toEqual([DEFENDER]);
  });

  it('a user who may not log on as a batch job: the task runs as SYSTEM, as 1.14 falls back', async () => {
    fresh();
    const state = mh.host().state;
    state.rights.SeDenyBatchLogonRight = ['BUILTIN\\Administrators'];
    try {
      const before = logOf('task.run').length;
      const r = await task('win_updates', { state: 'downloaded', category_names: ['UpdateRollups'] });
      expect(r).toMatchObject({ changed: true, found_update_count: 1 });
      const run = logOf('task.run').slice(before);
      expect(run.map((e) => (e.detail as { run_as: string }).run_as)).toEqual(['NT AUTHORITY\\SYSTEM']);
      expect(logOf('update.download').at(-1)).toMatchObject({ account: 'NT AUTHORITY\\SYSTEM', target: MSRT });
    } finally {
      delete state.rights.SeDenyBatchLogonRight;
    }
  });

  it('the Windows Update Agent refuses download and install to the session\'s network logon with Windows\' text', async () => {
    fresh();
    const ping = findModule('win_ping') as ModuleDef;
    let n = 0;
    const direct = (verb: string): ModuleDef => ({
      ...ping,
      name: `test_wua_direct_${++n}`,
      script: `try { ${verb} -Id @('${CU}') -ServerSelection 0; @{ changed = $false } } catch { @{ changed = $false; type = $_.Exception.GetType().FullName; hresult = $_.Exception.HResult; text = $_.Exception.Message } }`,
    });
    for (const verb of ['Save-WbWindowsUpdate', 'Install-WbWindowsUpdate']) {
      const r: ModuleResult = await mh.agent().invoke(direct(verb), {}, { check: false, diff: false });
      expect(r, verb).toEqual({ changed: false, type: 'System.UnauthorizedAccessException', hresult: -2147024891, text: 'Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))' });
    }
    expect(byId(CU)).toMatchObject({ is_downloaded: false, is_installed: false });
    expect(mh.host().state.windows_update).toBeUndefined();
  });

  it('costs one agent request: 2 HTTP requests for a whole installation', async () => {
    fresh();
    const before = mh.costs.length;
    await task('win_updates', { category_names: ['UpdateRollups'] });
    expect(mh.costs.slice(before)).toEqual([2]);
  });
});
