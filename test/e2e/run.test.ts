/**
 * End to end: the CLI as a subprocess runs the shipped demo playbook against a simulated 3-host site over
 * WinRM on loopback (NTLM, sealed), and we assert the recap, the exit codes and the simulated hosts' state.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';

const DEMO = 'playbooks/demo.yml';

function recapLine(stdout: string, host: string): string {
  const line = stdout.split('\n').find((l) => l.startsWith(host + ' ') && l.includes('ok='));
  if (!line) throw new Error(`no recap line for ${host} in:\n${stdout}`);
  return line.replace(/\s+/g, ' ').trim();
}

describe('winbook run against a simulated site', () => {
  let site: SimSite;
  let dir: string;
  let inventory: string;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 3, baseAddress: loopbackBlock(50) });
    dir = await mkdtemp(join(tmpdir(), 'winbook-e2e-'));
    inventory = join(dir, 'inventory.yml');
    await writeFile(inventory, site.inventory());
  });
  afterAll(async () => {
    await site?.close();
  });

  it('prints help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('run');
    expect(r.stdout).toContain('sim');
  });

  it('checks without changing anything, then applies, then reapplies with nothing to change', async () => {
    const check = await runCli(['run', DEMO, '-i', inventory, '--check']);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(site.log.entries()).toHaveLength(0);

    const jsonFile = join(dir, 'run.json');
    const first = await runCli(['run', DEMO, '-i', inventory, '--json', jsonFile]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    for (const h of ['win01', 'win02', 'win03']) {
      expect(recapLine(first.stdout, h)).toBe(`${h} : ok=6 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0`);
    }
    expect(first.stdout).toContain('RUNNING HANDLER [Restart the time service]');
    for (const h of site.hosts) {
      const w32 = h.host.state.services.find((s) => s.name === 'W32Time');
      expect(w32?.start_mode).toBe('auto');
      expect(w32?.state).toBe('running');
    }
    const report = JSON.parse(await readFile(jsonFile, 'utf8')) as { plays: unknown[]; stats: Record<string, { changed: number }> };
    expect(report.stats.win01?.changed).toBe(2);

    const second = await runCli(['run', DEMO, '-i', inventory]);
    expect(second.code).toBe(0);
    expect(recapLine(second.stdout, 'win02')).toBe('win02 : ok=5 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0');
    expect(second.stdout).not.toContain('RUNNING HANDLER');

    // The password never reaches the terminal or the report.
    for (const text of [check.stdout, check.stderr, first.stdout, first.stderr, second.stdout, await readFile(jsonFile, 'utf8')]) {
      expect(text).not.toContain(site.adminPassword);
    }
  });

  it('limits to one host with -l', async () => {
    const r = await runCli(['run', DEMO, '-i', inventory, '-l', 'win02']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('win02 ');
    expect(r.stdout).not.toMatch(/^win01 /m);
  });

  it('reports a malformed playbook with file:line:column and a hint, exit 3, touching no host', async () => {
    const bad = join(dir, 'bad.yml');
    await writeFile(bad, '- hosts: windows\n  tasks:\n    - name: typo\n      win_servce:\n        name: Spooler\n');
    const before = site.requests();
    const r = await runCli(['run', bad, '-i', inventory]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${bad}:4:7`);
    expect(r.stderr).toContain("unknown module 'win_servce'");
    expect(r.stderr).toContain('did you mean win_service?');
    expect(site.requests()).toBe(before);
  });

  it('tells unreachable from failed: exit 4 for a host nobody listens on', async () => {
    const inv = join(dir, 'down.yml');
    await writeFile(inv, `all:\n  children:\n    windows:\n      hosts:\n        ghost:\n          ansible_host: ${loopbackBlock(51)}.9\n          ansible_user: Administrator\n          ansible_password: x\n`);
    const r = await runCli(['run', DEMO, '-i', inv, '-e', 'dummy=1']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('UNREACHABLE!');
    expect(r.stdout).toMatch(/ghost\s+: ok=0\s+changed=0\s+unreachable=1\s+failed=0/);
  });

  it('a wrong password makes the host unreachable with a hint and is never retried', async () => {
    const inv = join(dir, 'wrongpw.yml');
    await writeFile(inv, `all:\n  children:\n    windows:\n      hosts:\n        win01:\n          ansible_host: ${site.hosts[0]!.address}\n          ansible_user: Administrator\n          ansible_password: not-the-password\n`);
    const before = site.hosts[0]!.listener.requests;
    const r = await runCli(['run', DEMO, '-i', inv]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('UNREACHABLE!');
    expect(r.stdout).toContain('ansible_password');
    // One authentication attempt: the NEGOTIATE and AUTHENTICATE legs, nothing more.
    expect(site.hosts[0]!.listener.requests - before).toBeLessThanOrEqual(2);
  });

  it('fails a host with exit 2 when a task fails, and names the undefined variable', async () => {
    const pb = join(dir, 'undef.yml');
    await writeFile(pb, '- hosts: win03\n  gather_facts: false\n  tasks:\n    - name: use a variable nobody set\n      win_service:\n        name: "{{ missing_service }}"\n');
    const r = await runCli(['run', pb, '-i', inventory]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("'missing_service' is undefined");
  });
});
