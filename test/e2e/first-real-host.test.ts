/**
 * The "first real host" smoke playbook (playbooks/first-real-host.yml) rehearsed against a simulated host: every
 * module it calls runs its own PowerShell through the façade, its assertions hold, and it leaves nothing behind.
 * On a real host the same playbook exercises the façade's Windows side, which nothing here can run.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';

describe('playbooks/first-real-host.yml', () => {
  let site: SimSite;
  let inventory: string;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(238) });
    const dir = await mkdtemp(join(tmpdir(), 'winbook-smoke-'));
    inventory = join(dir, 'inventory.yml');
    await writeFile(inventory, site.inventory());
  });
  afterAll(async () => {
    await site?.close();
  });

  it('passes on a simulated host and removes everything it created', async () => {
    const before = site.hosts[0]!.host.snapshot();
    const r = await runCli(['run', 'playbooks/first-real-host.yml', '-i', inventory, '--no-journal']);
    expect(r.stderr + r.stdout).not.toMatch(/FAILED!/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/failed=0/);
    const after = site.hosts[0]!.host.snapshot();
    expect(after.services.map((s) => s.name)).toEqual(before.services.map((s) => s.name));
    expect(after.users.map((u) => u.name)).toEqual(before.users.map((u) => u.name));
    expect(JSON.stringify(after.rights)).toBe(JSON.stringify(before.rights));
    expect(JSON.stringify(after.fs ?? {})).not.toContain('winbook-smoke');
    expect(JSON.stringify(after.registry ?? {})).not.toContain('winbook-smoke');
    // The rehearsal log was written by the façade calls the scripts made, with the acting account.
    const what = new Set(site.log.entries().map((e) => e.what.split('.')[0]));
    for (const domain of ['service', 'user', 'right', 'registry']) expect([...what]).toContain(domain);
  });
});
