/**
 * Resume after a crash: the CLI is killed with SIGKILL after a task notified a restart handler and before the
 * play's handlers ran; `--resume` then continues each host at the task it stopped at, with its registered values
 * and pending notification restored. The final simulated state equals an uninterrupted run's, and the restart
 * happened exactly once per host (read from the rehearsal log).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';
import { spawnCli, waitFor } from '../helpers/cli-process.ts';
import { latestJournal, runDirs } from '../helpers/journal-files.ts';

const PINGS = Array.from({ length: 6 }, (_, i) => `    - name: Ping ${i + 1}\n      win_ping:\n`).join('');

export const RESUME_PLAYBOOK = `- name: Resume rehearsal
  hosts: windows
  gather_facts: false
  tasks:
    - name: Ask the name
      raw: hostname
      register: host_name
      changed_when: false
    - name: Time service starts automatically
      win_service:
        name: W32Time
        start_mode: auto
      notify: Restart time
${PINGS}    - name: Spooler runs
      win_service:
        name: Spooler
        state: started
    - name: Use the registered name
      assert:
        that: host_name.stdout | trim | length > 0
  handlers:
    - name: Restart time
      win_service:
        name: W32Time
        state: restarted
`;

const sites: SimSite[] = [];
afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
});

async function setup(block: number, latencyMs: number): Promise<{ site: SimSite; dir: string; inv: string; pb: string }> {
  const site = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(block), latencyMs });
  sites.push(site);
  const dir = await mkdtemp(join(tmpdir(), 'winbook-resume-'));
  const inv = join(dir, 'inventory.yml');
  const pb = join(dir, 'play.yml');
  await writeFile(inv, site.inventory());
  await writeFile(pb, RESUME_PLAYBOOK);
  return { site, dir, inv, pb };
}

function restarts(site: SimSite, host: string): number {
  // A restart is logged as a stop then a start of the service; count the starts of W32Time.
  return site.log.entries(host).filter((e) => e.target.toLowerCase() === 'w32time' && /start$/.test(e.what) && !/start_mode|startmode/i.test(e.what)).length;
}

function services(site: SimSite): unknown[] {
  return site.hosts.map((h) => h.host.state.services.map((s) => ({ name: s.name, state: s.state, start_mode: s.start_mode })));
}

describe('--resume after kill -9', () => {
  it('reaches the same final state as an uninterrupted run, and runs the pending handler exactly once', async () => {
    const ref = await setup(181, 0);
    const straight = await runCli(['run', ref.pb, '-i', ref.inv], { cwd: ref.dir });
    expect(straight.code, straight.stdout + straight.stderr).toBe(0);

    const crash = await setup(182, 25);
    const cli = spawnCli(['run', crash.pb, '-i', crash.inv], { cwd: crash.dir });
    // Kill once both hosts have the restart pending and have started pinging, well before the handlers run.
    await waitFor(() => {
      const recs = latestJournal(crash.dir);
      const pending = new Set(recs.filter((r) => r.t === 'pending' && (r.handlers as string[]).length > 0).map((r) => r.host));
      return pending.size === 2 && recs.some((r) => r.t === 'task' && r.name === 'Ping 2');
    }, 60_000, 'both hosts to have a pending restart');
    cli.child.kill('SIGKILL');
    expect(await cli.exited).toBe(137);
    for (const h of crash.site.hosts) expect(restarts(crash.site, h.name)).toBe(0);

    const shown = await runCli(['runs', 'show', 'last'], { cwd: crash.dir });
    expect(shown.stdout).toMatch(/status: +unfinished/);
    expect(shown.stdout).toMatch(/win01 +incomplete/);
    expect(shown.stdout).toContain('pending handlers: Restart time');

    const resumed = await runCli(['run', crash.pb, '-i', crash.inv, '--resume'], { cwd: crash.dir });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    // Resumed hosts skip what they had done: no second hostname, no second start_mode change.
    expect(resumed.stdout).not.toContain('TASK [Ask the name]');
    expect(resumed.stdout).not.toContain('TASK [Time service starts automatically]');
    expect(resumed.stdout).toContain('RUNNING HANDLER [Restart time]');
    // The registered value came back from the journal: the assert that reads it passed.
    expect(resumed.stdout).toContain('TASK [Use the registered name]');
    for (const h of crash.site.hosts) {
      expect(restarts(crash.site, h.name)).toBe(1);
      expect(restarts(ref.site, h.name)).toBe(1);
    }
    expect(services(crash.site)).toEqual(services(ref.site));
    expect(runDirs(crash.dir)).toHaveLength(2);

    const list = await runCli(['runs', 'list'], { cwd: crash.dir });
    expect(list.stdout.trim().split('\n')[0]).toMatch(/completed +exit=0 +hosts: 2 ok, 0 failed, 0 unreachable, 0 incomplete /);
  }, 120_000);
});
