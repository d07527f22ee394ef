/**
 * Faults through the simulator's fault switches (src/sim/winrm/types.ts FaultInjector), each with the recap and
 * message a user sees: unreachable hosts never stop the others, connection-level errors are retried with backoff
 * (ansible_winrm_reconnection_retries / _backoff), authentication failures never are, and a host that drops mid-run
 * is reported unreachable at the task it was running.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite, SiteOptions } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';
import { spawnCli, waitFor } from '../helpers/cli-process.ts';
import { latestJournal } from '../helpers/journal-files.ts';

const PLAYBOOK = `- name: Fault rehearsal
  hosts: windows
  gather_facts: false
  tasks:
${Array.from({ length: 4 }, (_, i) => `    - name: Ping ${i + 1}\n      win_ping:\n`).join('')}`;

let site: SimSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function setup(block: number, extra: Partial<SiteOptions> = {}, retries = 2): Promise<{ site: SimSite; dir: string; args: string[] }> {
  site = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(block), ...extra });
  const dir = await mkdtemp(join(tmpdir(), 'winbook-faults-'));
  const inv = parse(site.inventory()) as { all: { children: { windows: { vars: Record<string, unknown> } } } };
  Object.assign(inv.all.children.windows.vars, { ansible_winrm_reconnection_retries: retries, ansible_winrm_reconnection_backoff: 0.05 });
  await writeFile(join(dir, 'inventory.yml'), stringify(inv));
  await writeFile(join(dir, 'play.yml'), PLAYBOOK);
  return { site, dir, args: ['run', join(dir, 'play.yml'), '-i', join(dir, 'inventory.yml')] };
}

function recap(stdout: string, host: string): string {
  const line = stdout.split('\n').find((l) => l.startsWith(host + ' ') && l.includes('ok='));
  return (line ?? `no recap for ${host}`).replace(/\s+/g, ' ').trim();
}

const OK4 = (h: string) => `${h} : ok=4 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0`;
const UNREACHABLE = (h: string, ok = 0) => `${h} : ok=${ok} changed=0 unreachable=1 failed=0 skipped=0 rescued=0 ignored=0`;

describe('faults', () => {
  it('a refused host is unreachable after its retries; the other host finishes (exit 4)', async () => {
    const s = await setup(183);
    s.site.hosts[1]!.faults.refuse = true;
    const r = await runCli(s.args, { cwd: s.dir });
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(recap(r.stdout, 'win01')).toBe(OK4('win01'));
    expect(recap(r.stdout, 'win02')).toBe(UNREACHABLE('win02'));
    expect(r.stdout).toMatch(/fatal: \[win02\]: UNREACHABLE! => .*refused/);
    expect(r.stdout).toContain('--resume');
  }, 60_000);

  it('a connection reset on the first request is retried and the host succeeds', async () => {
    const s = await setup(184);
    s.site.hosts[1]!.faults.dropNext = 1;
    const r = await runCli(s.args, { cwd: s.dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(recap(r.stdout, 'win02')).toBe(OK4('win02'));
    expect(s.site.hosts[1]!.faults.dropNext).toBe(0);
  }, 60_000);

  it('resets that outlast the retries make the host unreachable, saying the connection was closed', async () => {
    const s = await setup(185, {}, 1);
    s.site.hosts[1]!.faults.dropNext = 50;
    const r = await runCli(s.args, { cwd: s.dir });
    expect(r.code).toBe(4);
    expect(recap(r.stdout, 'win01')).toBe(OK4('win01'));
    expect(recap(r.stdout, 'win02')).toBe(UNREACHABLE('win02'));
    expect(r.stdout).toMatch(/UNREACHABLE! => .*closed the connection/);
    // One attempt plus one retry: two dropped requests, no more.
    expect(s.site.hosts[1]!.faults.dropNext).toBe(48);
  }, 60_000);

  it('an HTTP 500 fault is retried and the host succeeds', async () => {
    const s = await setup(186);
    s.site.hosts[1]!.faults.http500Next = 1;
    const r = await runCli(s.args, { cwd: s.dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(recap(r.stdout, 'win02')).toBe(OK4('win02'));
    expect(s.site.hosts[1]!.faults.http500Next).toBe(0);
  }, 60_000);

  it('a slow host is only slow: both hosts finish', async () => {
    const s = await setup(187);
    s.site.hosts[1]!.faults.slowMs = 150;
    const r = await runCli(s.args, { cwd: s.dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(recap(r.stdout, 'win01')).toBe(OK4('win01'));
    expect(recap(r.stdout, 'win02')).toBe(OK4('win02'));
  }, 60_000);

  it('a wrong password is never retried: one logon attempt, unreachable with the authentication message', async () => {
    const s = await setup(188, {}, 5);
    s.site.hosts[1]!.faults.wrongPassword = true;
    const r = await runCli(s.args, { cwd: s.dir });
    expect(r.code).toBe(4);
    expect(recap(r.stdout, 'win02')).toBe(UNREACHABLE('win02'));
    expect(r.stdout).toMatch(/UNREACHABLE! => .*authentication/i);
    // NTLM takes two legs (NEGOTIATE, AUTHENTICATE); six attempts would be twelve requests.
    expect(s.site.hosts[1]!.listener.requests).toBeLessThanOrEqual(2);
  }, 60_000);

  it('a used-up shell quota fails the host with the quota message and hint; the other host finishes', async () => {
    const s = await setup(189, { perHost: { win02: { maxShellsPerUser: 0 } } });
    const r = await runCli(s.args, { cwd: s.dir });
    expect(r.code, r.stdout + r.stderr).not.toBe(0);
    expect(recap(r.stdout, 'win01')).toBe(OK4('win01'));
    expect(recap(r.stdout, 'win02')).toMatch(/ok=0 .*(unreachable|failed)=1/);
    expect(r.stdout).toMatch(/MaxShellsPerUser/);
  }, 60_000);

  it('a host that goes down mid-run is unreachable at the task it was running; the other host finishes', async () => {
    const s = await setup(190, { latencyMs: 30 }, 1);
    const cli = spawnCli(s.args, { cwd: s.dir });
    await waitFor(() => latestJournal(s.dir).some((r) => r.t === 'result' && r.name === 'Ping 1' && r.host === 'win02'), 60_000, 'win02 to finish Ping 1');
    s.site.hosts[1]!.faults.refuse = true;
    const code = await cli.exited;
    const out = cli.stdout();
    expect(code, out + cli.stderr()).toBe(4);
    expect(recap(out, 'win01')).toBe(OK4('win01'));
    expect(recap(out, 'win02')).toMatch(/^win02 : ok=[123] changed=0 unreachable=1 failed=0/);
    const failedAt = latestJournal(s.dir).find((r) => r.t === 'result' && r.status === 'unreachable');
    expect(failedAt?.host).toBe('win02');
    expect(String(failedAt?.name)).toMatch(/^Ping [234]$/);
    const shown = await runCli(['runs', 'show', 'last'], { cwd: s.dir });
    expect(shown.stdout).toMatch(new RegExp(`win02 +unreachable at task '${String(failedAt?.name)}'`));
  }, 60_000);
});
