/**
 * win_feature and win_updates through the CLI, as a user runs them: a playbook that repeats ansible.windows 1.14's
 * own integration-target checks (test/fixtures/win-features/features-and-updates.yml) against a simulated host, and
 * patching as roles write it: win_updates at Ansible's default state (installed), win_reboot when an update asks for
 * a restart, and a search afterwards that finds the restart done and nothing left to install.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite, type SimSite } from '../../src/sim/site.ts';
import { windowsUpdateOf } from '../../src/sim/windows/updates.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';

const PLAYBOOK = fileURLToPath(new URL('../fixtures/win-features/features-and-updates.yml', import.meta.url));

describe('win_feature and win_updates from a playbook', () => {
  let site: SimSite;
  let dir: string;
  let inventory: string;
  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(228) });
    dir = await mkdtemp(join(tmpdir(), 'winbook-features-'));
    inventory = join(dir, 'inventory.yml');
    await writeFile(inventory, site.inventory());
  });
  afterAll(async () => {
    await site?.close();
  });

  it("passes 1.14's integration-target assertions: check → install → reinstall, the same for removal, an unknown name, searches", async () => {
    const r = await runCli(['run', PLAYBOOK, '-i', inventory]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // As ansible-playbook counts it: the ignored failure is in ok as well as in ignored.
    expect(r.stdout).toMatch(/win01\s+: ok=13\s+changed=4\s+unreachable=0\s+failed=0\s+skipped=0\s+rescued=0\s+ignored=1/);
    expect(r.stdout).toContain("Failed to install Windows Feature: ArgumentNotValid: The role, role service, or feature name is not valid: 'Microsoft-Bob'. The name was not found.");
  });

  it('patches as roles do: install at the default state, win_reboot when reboot_required, then nothing left and no restart pending', async () => {
    const pb = join(dir, 'patch.yml');
    await writeFile(pb, `- hosts: windows
  gather_facts: false
  tasks:
    - name: Patch
      ansible.windows.win_updates:
        category_names: [SecurityUpdates, CriticalUpdates]
      register: patch
    - name: Restart when an update asks for it
      ansible.windows.win_reboot:
        pre_reboot_delay: 0
        reboot_timeout: 60
      when: patch.reboot_required
    - name: Search again
      ansible.windows.win_updates:
        category_names: [SecurityUpdates, CriticalUpdates]
        state: searched
      register: after
    - ansible.builtin.assert:
        that:
          - patch is changed
          - patch.installed_update_count == 3
          - patch.failed_update_count == 0
          - patch.reboot_required
          - not patch.rebooted
          - after.found_update_count == 0
          - not after.reboot_required
`);
    const r = await runCli(['run', pb, '-i', inventory]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/win01\s+: ok=4\s+changed=2\s+unreachable=0\s+failed=0\s+skipped=0/);
    const what = site.log.entries().map((e) => e.what);
    expect(what.filter((w) => w === 'update.install')).toHaveLength(3);
    expect(what.lastIndexOf('update.install')).toBeLessThan(what.lastIndexOf('host.reboot'));
  }, 120_000);
  it('reboot: yes restarts when an update asks for it and installs again until nothing is left, as 1.14\'s action plugin loops; not with async', async () => {
    const state = site.hosts[0]!.host.state;
    delete state.windows_update;
    const pb = join(dir, 'patch-reboot.yml');
    await writeFile(pb, `- hosts: windows
  gather_facts: false
  tasks:
    - name: Async patching with reboot is refused as 1.14 refuses it
      ansible.windows.win_updates:
        reboot: true
      async: 600
      poll: 5
      register: async_patch
      ignore_errors: true
    - name: Patch and restart as often as needed
      ansible.windows.win_updates:
        category_names: '*'
        reboot: true
        reboot_timeout: 60
      register: patch
    - ansible.builtin.assert:
        that:
          - async_patch is failed
          - async_patch.msg == 'async is not supported for this task when reboot=yes'
          - patch is changed
          - patch.rebooted
          - not patch.reboot_required
          - patch.installed_update_count == 6
          - patch.failed_update_count == 0
          - patch.found_update_count == 6
          - patch.updates | dict2items | map(attribute='value.installed') | list == [true, true, true, true, true, true]
`);
    const from = site.log.entries().length;
    const r = await runCli(['run', pb, '-i', inventory]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const what = site.log.entries().slice(from).map((e) => e.what);
    // Round 1 installs everything and asks for a restart; round 2, after it, selects nothing and ends the loop.
    expect(what.filter((w) => w === 'update.install')).toHaveLength(6);
    expect(what.filter((w) => w === 'host.reboot')).toHaveLength(1);
    expect(what.lastIndexOf('update.install')).toBeLessThan(what.indexOf('host.reboot'));
    expect(windowsUpdateOf(state).reboot_required).toBe(false);
  }, 120_000);
  it('reboot: yes restarts once after a failed round and gives up when the update fails again, keeping what the first round installed', async () => {
    const state = site.hosts[0]!.host.state;
    delete state.windows_update;
    const wu = windowsUpdateOf(state);
    state.windows_update = wu;
    wu.updates.find((u) => u.id === '9d4f7a10-3c2b-4e61-8b7a-2f5e6c1d9b02')!.install_hresult = 0x80240022;
    const pb = join(dir, 'patch-fail.yml');
    await writeFile(pb, `- hosts: windows
  gather_facts: false
  tasks:
    - ansible.windows.win_updates:
        reboot: true
        reboot_timeout: 60
      register: patch
      ignore_errors: true
    - ansible.builtin.assert:
        that:
          - patch is failed
          - patch.msg == 'Failed to install all updates - see updates for more information'
          - patch.rebooted
          - patch.installed_update_count == 3
          - patch.failed_update_count == 1
          - patch.updates['9d4f7a10-3c2b-4e61-8b7a-2f5e6c1d9b02'].failure_msg == 'Operation failed for all the updates (WU_E_ALL_UPDATES_FAILED 80240022)'
          - patch.updates['9d4f7a10-3c2b-4e61-8b7a-2f5e6c1d9b02'].downloaded
`);
    const from = site.log.entries().length;
    const r = await runCli(['run', pb, '-i', inventory]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const what = site.log.entries().slice(from).map((e) => e.what);
    expect(what.filter((w) => w === 'host.reboot')).toHaveLength(1);
    expect(what.filter((w) => w === 'task.run').length).toBe(3);
  }, 120_000);
});
