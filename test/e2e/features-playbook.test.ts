/**
 * win_feature and win_updates through the CLI, as a user runs them: a playbook that repeats ansible.windows 1.14's
 * own integration-target checks (test/fixtures/win-features/features-and-updates.yml) against a simulated host, and
 * a win_updates task left at Ansible's default state (installed), which winbook refuses at load with its position.
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

  it('refuses a win_updates task left at the default state (installed) before any host is touched, with its position', async () => {
    const pb = join(dir, 'install-updates.yml');
    await writeFile(pb, '- hosts: windows\n  gather_facts: false\n  tasks:\n    - name: Patch\n      ansible.windows.win_updates:\n        category_names: SecurityUpdates\n');
    const before = site.log.entries().length;
    const r = await runCli(['run', pb, '-i', inventory]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${pb}:5:7`);
    expect(r.stderr).toMatch(/argument 'state' of module win_updates \(left at its default\): winbook only searches for updates/);
    expect(site.log.entries().length).toBe(before);
  });
});
