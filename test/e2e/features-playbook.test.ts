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
});
