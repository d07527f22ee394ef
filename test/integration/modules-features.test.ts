/**
 * win_feature and win_updates (issue 14) against the simulated host's Windows features and Windows Update model
 * (src/sim/windows/features.ts, updates.ts), compared with ansible.windows 1.14: win_feature's own integration
 * targets (check → apply → reapply with exitcode Success / NoChangeNeeded, feature_result of one entry per feature,
 * "The name was not found" on an unknown name) and win_updates.ps1's filtering and its action plugin's result shape.
 */
import { describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/registry.ts';
import type { ModuleResult } from '../../src/modules/types.ts';
import { boot } from '../../src/sim/host/reboot.ts';
import { featureDef } from '../../src/sim/windows/feature-catalog.ts';
import { installStateOf } from '../../src/sim/windows/features.ts';
import { parsePlaybook } from '../../src/playbook/load.ts';
import { useModuleHost } from '../helpers/module-host.ts';
import { refusalOf } from '../helpers/refusal.ts';

type FeatureResult = { id: number; display_name: string; message: unknown[]; reboot_required: boolean; restart_needed: boolean; skip_reason: string; success: boolean };
const names = (r: ModuleResult): string[] =>
  (r.feature_result as FeatureResult[]).map((f) => f.display_name);

describe('win_feature over WinRM against the simulator', () => {
  const mh = useModuleHost(196);
  const { task } = mh;
  const stateOf = (name: string) => installStateOf(mh.host().state, featureDef(name)!);

  it('installs Telnet-Client as 1.14 reports it: check (-WhatIf) → apply → reapply NoChangeNeeded', async () => {
    const [check, apply, reapply] = await mh.rehearse('win_feature', { name: ['Telnet-Client'] });
    const one = { id: 44, display_name: 'Telnet Client', message: [], reboot_required: false, restart_needed: false, skip_reason: 'NotSkipped', success: true };
    expect(check).toMatchObject({ changed: true, success: true, exitcode: 'Success', reboot_required: false, feature_result: [one] });
    expect(apply).toMatchObject({ changed: true, success: true, exitcode: 'Success', reboot_required: false, feature_result: [one], failed: false });
    expect(reapply).toMatchObject({ changed: false, success: true, exitcode: 'NoChangeNeeded', reboot_required: false, feature_result: [] });
    expect(stateOf('Telnet-Client')).toBe('Installed');
    expect(mh.site().log.entries().filter((e) => e.what === 'feature.install')).toEqual([
      expect.objectContaining({ host: 'WIN01', account: 'Administrator', target: 'Telnet-Client', detail: { features: ['Telnet-Client'], restart_needed: false } }),
    ]);
  });

  it('removes it again: check → apply → reapply, the state back to Available', async () => {
    const [check, apply, reapply] = await mh.rehearse('win_feature', { name: 'Telnet-Client', state: 'absent' });
    expect(check).toMatchObject({ exitcode: 'Success', feature_result: [{ id: 44 }] });
    expect(apply).toMatchObject({ exitcode: 'Success', reboot_required: false, feature_result: [{ id: 44, display_name: 'Telnet Client' }] });
    expect(reapply).toMatchObject({ exitcode: 'NoChangeNeeded', feature_result: [] });
    expect(stateOf('Telnet-Client')).toBe('Available');
  });

  it('a role brings its parents and default role services; management tools and all sub-features come only when asked', async () => {
    const web = await task('win_feature', { name: ['Web-Server'] });
    expect(web).toMatchObject({ changed: true, exitcode: 'Success', reboot_required: false });
    expect(names(web)).toEqual([
      'Web Server (IIS)', 'Web Server', 'Common HTTP Features', 'Default Document', 'Directory Browsing', 'HTTP Errors', 'Static Content',
      'Health and Diagnostics', 'HTTP Logging', 'Performance', 'Static Content Compression', 'Security', 'Request Filtering',
    ]);
    expect(stateOf('Web-Mgmt-Console')).toBe('Available');
    const tools = await task('win_feature', { name: 'Web-Server', include_management_tools: true });
    expect(names(tools)).toEqual(['Management Tools', 'IIS Management Console']);
    const all = await task('win_feature', { name: 'Web-Server', include_sub_features: true, include_management_tools: true });
    expect(names(all)).toContain('ASP.NET 4.7');
    expect(names(all)).not.toContain('Web Server (IIS)');
    // ASP.NET 4.7 (the role service) requires the ASP.NET 4.7 feature of .NET 4.7, which is installed with it.
    expect(stateOf('NET-Framework-45-ASPNET')).toBe('Installed');
    expect(await task('win_feature', { name: 'Web-Server', include_sub_features: true, include_management_tools: true })).toMatchObject({ changed: false, exitcode: 'NoChangeNeeded' });
  });

  it("removing IIS needs a restart: reboot_required, UninstallPending until the host boots, and no change on a rerun", async () => {
    const check = await task('win_feature', { name: 'Web-Server', state: 'absent', include_management_tools: true }, { check: true });
    expect(check).toMatchObject({ changed: true, exitcode: 'Success', reboot_required: false });
    const removed = await task('win_feature', { name: 'Web-Server', state: 'absent', include_management_tools: true });
    expect(removed).toMatchObject({ changed: true, success: true, exitcode: 'SuccessRestartRequired', reboot_required: true });
    expect((removed.feature_result as FeatureResult[])[0]).toMatchObject({ display_name: 'Web Server (IIS)', reboot_required: true, restart_needed: true });
    expect((removed.feature_result as FeatureResult[]).find((f) => f.display_name === 'Default Document')).toMatchObject({ reboot_required: false });
    expect(stateOf('Web-Server')).toBe('UninstallPending');
    expect(await task('win_feature', { name: 'Web-Server', state: 'absent' })).toMatchObject({ changed: false, exitcode: 'NoChangeNeeded', reboot_required: false });
    // CBS's RebootPending key: what setup's ansible_reboot_pending reads, until the next boot removes it.
    const pending = async () => ((await task('setup', { gather_subset: ['!all', '!min', 'platform'] })).ansible_facts as Record<string, unknown>).ansible_reboot_pending;
    expect(await pending()).toBe(true);
    boot(mh.host().state, { account: 'Administrator', log: mh.site().log });
    expect(stateOf('Web-Server')).toBe('Available');
    expect(await pending()).toBe(false);
  });

  it('removing .NET 4.7 would take Windows PowerShell 5.1 and what needs it along (shown in check mode)', async () => {
    const r = await task('win_feature', { name: 'NET-Framework-45-Core', state: 'absent' }, { check: true });
    expect(names(r)).toEqual(['.NET Framework 4.7', 'ASP.NET 4.7', 'WCF Services', 'TCP Port Sharing', 'Windows PowerShell 5.1', 'Windows PowerShell ISE']);
    expect(stateOf('PowerShell')).toBe('Installed');
  });

  it('.NET 3.5 has no payload on the server: without source it fails with ServerManager\'s 0x800f081f, a missing source with the module\'s text', async () => {
    await task('win_file', { path: 'C:\\sxs', state: 'directory' });
    const before = mh.fingerprint();
    const noSource = await task('win_feature', { name: 'NET-Framework-Core' });
    expect(noSource).toMatchObject({ failed: true, changed: false });
    expect(noSource.msg).toMatch(/^Failed to install Windows Feature: Installation of one or more roles, role services, or features failed\.\r\nThe source files could not be found\. .*Error: 0x800f081f$/s);
    expect(await task('win_feature', { name: 'NET-Framework-Core', source: 'D:\\sources\\sxs' })).toMatchObject({
      failed: true, changed: false, msg: 'Failed to find source path D:\\sources\\sxs for feature install',
    });
    expect(mh.fingerprint()).toBe(before);
    const installed = await task('win_feature', { name: 'NET-Framework-Core', source: 'C:\\sxs' });
    expect(installed).toMatchObject({ changed: true, exitcode: 'Success' });
    expect(names(installed)).toEqual(['.NET Framework 3.5 Features', '.NET Framework 3.5 (includes .NET 2.0 and 3.0)']);
  });

  it("an unknown name fails with ServerManager's text in the module's words, for present and absent, changing nothing", async () => {
    const before = mh.fingerprint();
    const text = "ArgumentNotValid: The role, role service, or feature name is not valid: 'Microsoft-Bob'. The name was not found.";
    expect(await task('win_feature', { name: ['Telnet-Client', 'Microsoft-Bob'] })).toMatchObject({ failed: true, changed: false, msg: `Failed to install Windows Feature: ${text}` });
    expect(await task('win_feature', { name: 'Microsoft-Bob', state: 'absent' }, { check: true })).toMatchObject({ failed: true, changed: false, msg: `Failed to uninstall Windows Feature: ${text}` });
    expect(mh.fingerprint()).toBe(before);
  });

  it('a comma-separated name is a list, and a bad state is refused by the schema as Ansible words it', () => {
    const schema = findModule('win_feature')!.schema;
    expect(schema.safeParse({ name: ['a', 'b'], state: 'sideways' }).error?.issues[0]?.path).toEqual(['state']);
    expect(schema.safeParse({ state: 'present' }).success).toBe(false);
  });
});

describe('win_updates (searched) over WinRM against the simulator', () => {
  const mh = useModuleHost(227);
  const { task } = mh;
  const CU = '6b3e5c2a-1f0d-4d38-9a57-0c6f1d2e8a01';
  const NET = '9d4f7a10-3c2b-4e61-8b7a-2f5e6c1d9b02';
  const MSRT = '2c8e1b47-5a6d-4f09-b3c1-7e2a9d4f6c03';
  const DEFENDER = 'e1a7c9d3-8b2f-4a6e-9c05-3d1b7f2e4a04';
  const SSU = '4f2b8d6e-0a3c-4b7d-8e19-5c6a2d0f1b05';
  const PREVIEW = '7a5d3f1c-9e8b-4c2a-a6d4-1b0e3c5f7d06';
  const HIDDEN = '3e9c1a5b-7d2f-4e8a-b0c6-9f4d2a1e8c07';

  it('the default categories (Critical, Security, Update Rollups): selected updates by id, the rest filtered with their reasons', async () => {
    const r = await task('win_updates', { state: 'searched' });
    expect(r).toMatchObject({ changed: false, reboot_required: false, rebooted: false, found_update_count: 4, failed_update_count: 0, installed_update_count: 0 });
    expect(Object.keys(r.updates as object).sort()).toEqual([CU, NET, MSRT, SSU].sort());
    expect((r.updates as Record<string, unknown>)[CU]).toEqual({
      title: '2024-01 Cumulative Update for Windows Server 2019 (1809) for x64-based Systems (KB5034127)',
      kb: ['5034127'], categories: ['Security Updates', 'Windows Server 2019'], id: CU, downloaded: false, installed: false,
    });
    const filtered = r.filtered_updates as Record<string, { filtered_reason: string; filtered_reasons: string[]; kb: string[] }>;
    expect(Object.keys(filtered).sort()).toEqual([DEFENDER, PREVIEW, HIDDEN].sort());
    expect(filtered[HIDDEN]).toMatchObject({ filtered_reason: 'hidden', filtered_reasons: ['hidden', 'category_names'], kb: ['4481252'] });
    expect(filtered[DEFENDER]).toMatchObject({ filtered_reason: 'category_names', filtered_reasons: ['category_names'], downloaded: false });
  });

  it("'*' takes every category; accept_list and reject_list are case-insensitive regexes over the title and KB, with 1.14's reason names", async () => {
    const all = await task('win_updates', { state: 'searched', category_names: '*' });
    expect(all.found_update_count).toBe(6);
    expect(Object.keys(all.filtered_updates as object)).toEqual([HIDDEN]);
    const accepted = await task('win_updates', { state: 'searched', category_names: ['*'], accept_list: ['kb5034127', 'Malicious Software'] });
    expect(Object.keys(accepted.updates as object).sort()).toEqual([CU, MSRT].sort());
    expect((accepted.filtered_updates as Record<string, { filtered_reason: string; filtered_reasons: string[] }>)[HIDDEN]).toMatchObject({
      filtered_reason: 'whitelist', filtered_reasons: ['accept_list', 'hidden'],
    });
    const rejected = await task('win_updates', { state: 'searched', category_names: ['SecurityUpdates'], blacklist: ['\\d{4}-\\d{2} Cumulative Update for \\.NET'] });
    expect(Object.keys(rejected.updates as object)).toEqual([CU]);
    expect((rejected.filtered_updates as Record<string, { filtered_reason: string; filtered_reasons: string[] }>)[NET]).toMatchObject({
      filtered_reason: 'blacklist', filtered_reasons: ['reject_list'],
    });
    // An anchored KB never matches: 1.14 matches against the title and the KB list added as one string.
    const anchored = await task('win_updates', { state: 'searched', category_names: ['*'], accept_list: ['^KB5034127$'] });
    expect(anchored.found_update_count).toBe(0);
  });

  it('skip_optional leaves out BrowseOnly updates; the category names are matched case-insensitively', async () => {
    const r = await task('win_updates', { state: 'searched', category_names: ['updates', 'Definition Updates'], skip_optional: true });
    expect(Object.keys(r.updates as object)).toEqual([DEFENDER]);
    expect((r.filtered_updates as Record<string, { filtered_reasons: string[] }>)[PREVIEW]?.filtered_reasons).toEqual(['skip_optional']);
  });

  it('check mode gives the same answer and writes no log; a search appends its progress to log_path', async () => {
    await task('win_file', { path: 'C:\\logs', state: 'directory' });
    const before = mh.fingerprint();
    const args = { state: 'searched', server_selection: 'managed_server', log_path: 'C:\\logs\\wu.log' };
    const check = await task('win_updates', args, { check: true });
    expect(mh.fingerprint()).toBe(before);
    const real = await task('win_updates', args);
    expect(check).toEqual(real);
    const log = await task('slurp', { src: 'C:\\logs\\wu.log' });
    const text = Buffer.from(String(log.content), 'base64').toString('utf8');
    expect(text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ Reboot requirement check: False\r\n/);
    expect(text).toContain("Z Search source set to 'managed_server' (ServerSelection = 1)\r\n");
    expect(text).toContain(`Skipping update ${HIDDEN} - Microsoft Silverlight (KB4481252) due to hidden, category_names\r\n`);
    expect(text).toMatch(/Search mode: exiting\.\.\.\r\n$/);
    expect(await task('win_updates', { state: 'searched', log_path: 'C:\\nope\\wu.log' })).toMatchObject({ failed: true, msg: "Could not find a part of the path 'C:\\nope\\wu.log'." });
  });

  it('reports the reboot Windows Update waits for, from the host model', async () => {
    const host = mh.host().state;
    host.windows_update = { updates: [], reboot_required: true };
    expect(await task('win_updates', { state: 'searched' })).toMatchObject({ reboot_required: true, found_update_count: 0, updates: {}, filtered_updates: {} });
    delete host.windows_update;
  });

  it("takes Ansible's default state (installed), downloaded and reboot: yes at load; a bad reboot_timeout is refused with its position", () => {
    const load = (args: string) => parsePlaybook(`- hosts: all\n  gather_facts: false\n  tasks:\n    - win_updates:\n${args}`, '/pb/p.yml');
    expect(load('        category_names: SecurityUpdates\n').plays).toHaveLength(1);
    expect(load('        state: downloaded\n').plays).toHaveLength(1);
    expect(load('        reboot: yes\n        reboot_timeout: 600\n').plays).toHaveLength(1);
    expect(refusalOf(() => load('        reboot: yes\n        reboot_timeout: soon\n'))).toMatchObject({ code: 'MODULE_ARGS', exitCode: 3, pos: { file: '/pb/p.yml', line: 6, col: 25 } });
    // Two names for one option are refused when the arguments are checked, as for every module with aliases.
    const schema = findModule('win_updates')!.schema;
    expect(schema.safeParse({ state: 'searched', accept_list: ['a'], whitelist: ['b'] }).error?.issues[0]?.message).toMatch(/mutually exclusive: accept_list\|whitelist/);
    expect(parsePlaybook('- hosts: all\n  gather_facts: false\n  tasks:\n    - win_updates:\n        state: searched\n        whitelist: KB1\n', '/pb/p.yml').plays).toHaveLength(1);
  });
});
