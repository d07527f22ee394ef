/**
 * End to end over SSH (issue 7 "the Qlik playbooks pass over SSH too"): the CLI as a subprocess runs
 * change-service-account.yml against a fresh simulated Qlik site whose nodes serve Windows OpenSSH, with host keys
 * checked against the site's known_hosts. The same invariants as over WinRM (test/e2e/qlik.test.ts): QSD running
 * before every QRS start, the Repository Database never stopped, every Qlik service on the new account — and
 * not one request reached the WinRM listeners.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QlikSite, startQlikSite } from '../../src/sim/site-qlik.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';
import { isCentralViolations, qrdStops, qsdFirstViolations } from '../helpers/qlik-rehearsal.ts';

const PLAYBOOK = 'playbooks/qlik-sense/change-service-account.yml';

function recapLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => / : ok=\d+ /.test(l)).map((l) => l.replace(/\s+/g, ' ').trim());
}

describe('change-service-account.yml over SSH on a fresh Qlik site', () => {
  let site: QlikSite;
  let inventory: string;

  beforeAll(async () => {
    site = await startQlikSite({ baseAddress: loopbackBlock(220), ssh: { port: 0 } });
    const dir = await mkdtemp(join(tmpdir(), 'winbook-qlik-ssh-'));
    const knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, site.sim.knownHosts());
    inventory = join(dir, 'inventory-ssh.yml');
    await writeFile(inventory, site.inventory({ connection: 'ssh', knownHostsFile: knownHosts }));
  });
  afterAll(async () => site?.close());

  it('writes an inventory that says ssh for every host and checks host keys', () => {
    const text = site.inventory({ connection: 'ssh', knownHostsFile: '/tmp/kh' });
    expect(text).toContain('ansible_connection: ssh');
    expect(text).toContain('ansible_ssh_known_hosts_file: /tmp/kh');
    expect(text).not.toMatch(/winrm/i);
    for (const h of site.sim.hosts) expect(text).toContain(`ansible_port: ${h.ssh?.port}`);
  });

  it('moves every in-site node to the non-admin account in the documented order, all over SSH', async () => {
    const qsd = Object.fromEntries(site.model.nodes().map((n) => [n.state.hostname, n.state.services.find((s) => s.name === 'QlikSenseServiceDispatcher')?.state === 'running']));
    const winrmBefore = site.sim.hosts.map((h) => h.listener.requests);
    const run = await runCli(['run', PLAYBOOK, '-i', inventory]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const recap = recapLines(run.stdout);
    expect(recap.length).toBeGreaterThanOrEqual(3);
    for (const line of recap) expect(line).toMatch(/ unreachable=0 failed=0 /);
    expect(site.sim.hosts.map((h) => h.listener.requests)).toEqual(winrmBefore);
    for (const h of site.sim.hosts.filter((x) => ['qlik01', 'qlik02', 'qlik03'].includes(x.name.toLowerCase()))) expect(h.ssh?.requests).toBeGreaterThan(0);
    for (const h of ['qlik01', 'qlik02', 'qlik03']) {
      const services = (site.model.get(h)?.state.services ?? []).filter((s) => s.name.startsWith('QlikSense') && s.name !== 'QlikSenseRepositoryDatabase');
      expect(services.length).toBeGreaterThan(0);
      for (const s of services) expect(`${s.name}=${s.account}:${s.state}`).toBe(`${s.name}=.\\qliksvc:running`);
    }
    const entries = site.log.entries();
    expect(qsdFirstViolations(entries, qsd)).toEqual([]);
    expect(qrdStops(entries)).toEqual([]);
    expect(isCentralViolations(entries, site.groups.central[0] as string)).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain('Qlik-Svc-2026!');
  });
});
