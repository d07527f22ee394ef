/**
 * End to end over SSH: the CLI as a subprocess runs the shipped demo playbook against a simulated 3-host site
 * whose hosts serve SSH (Windows OpenSSH: cmd.exe default shell, password logon, host key checked against the
 * site's known_hosts), and we assert the recap, the exit codes and the hosts' state, as test/e2e/run.test.ts does
 * over WinRM.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
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

describe('winbook run over SSH against a simulated site', () => {
  let site: SimSite;
  let dir: string;
  let inventory: string;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 3, baseAddress: loopbackBlock(202), ssh: { port: 0 } });
    dir = await mkdtemp(join(tmpdir(), 'winbook-e2e-ssh-'));
    const knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, site.knownHosts());
    inventory = join(dir, 'inventory.yml');
    await writeFile(inventory, site.inventory({ connection: 'ssh', knownHostsFile: knownHosts }));
  });
  afterAll(async () => {
    await site?.close();
  });

  it('applies the demo playbook, then reapplies it with nothing to change', async () => {
    const first = await runCli(['run', DEMO, '-i', inventory]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    for (const h of ['win01', 'win02', 'win03']) {
      expect(recapLine(first.stdout, h)).toBe(`${h} : ok=6 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0`);
    }
    expect(first.stdout).toContain('win01 calls itself WIN01');
    for (const h of site.hosts) {
      expect(h.host.state.services.find((s) => s.name === 'W32Time')).toMatchObject({ start_mode: 'auto', state: 'running' });
      expect(h.ssh?.requests).toBeGreaterThan(0);
      expect(h.listener.requests).toBe(0); // nothing went over WinRM
    }
    const second = await runCli(['run', DEMO, '-i', inventory]);
    expect(second.code).toBe(0);
    expect(recapLine(second.stdout, 'win02')).toBe('win02 : ok=5 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0');
    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(text).not.toContain(site.adminPassword);
  });

  it('marks hosts unreachable when their host key is unknown, and says how to accept it', async () => {
    const inv = join(dir, 'unknown-keys.yml');
    await writeFile(inv, site.inventory({ connection: 'ssh', knownHostsFile: join(dir, 'empty_known_hosts') }));
    const r = await runCli(['run', DEMO, '-i', inv, '-l', 'win01']);
    expect(r.code).toBe(4);
    const out = r.stdout + r.stderr;
    expect(out).toContain('is not in');
    expect(out).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    expect(recapLine(r.stdout, 'win01')).toContain('unreachable=1');
  });

  it('runs without the check only when host key checking is explicitly off, and warns', async () => {
    const inv = join(dir, 'unknown-keys.yml');
    const r = await runCli(['run', DEMO, '-i', inv, '-l', 'win02'], { env: { ANSIBLE_HOST_KEY_CHECKING: 'False' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // Wrapped at 79 columns as Ansible's Display.warning wraps (off a terminal), so the break falls where the address length puts it.
    expect(r.stdout + r.stderr).toMatch(/\[WARNING\]: host key checking is off: winbook will trust any SSH server that\nanswers at a host's address\n/);
  });
});
