/**
 * End to end, issue 17's "done when", the way a newcomer rehearses it: `winbook sim up --domain` (a child process:
 * MIT's krb5kdc on loopback, the realm WINBOOK.TEST, a keytab per host, krb5.conf and a Kerberos inventory in the
 * state dir), then exactly the `winbook run` command it prints. Both shipped playbooks — the demo and the Qlik
 * change-service-account procedure — run over HTTP with Kerberos message encryption and over HTTPS with channel
 * binding at CbtHardeningLevel Strict. The outcome is read from what the simulator saved when it stopped (host state,
 * rehearsal log): the services log on as WINBOOK\qliksvc, the documented order held, every change made by the
 * Kerberos-authenticated domain admin. No password appears in anything the run wrote, and Ctrl-C stops the KDC.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RehearsalEntry } from '../../src/sim/host/rehearsal-log.ts';
import type { HostState } from '../../src/sim/host/state.ts';
import { LAB_PASSWORD } from '../../src/sim/site.ts';
import { LAB_DOMAIN_SERVICE } from '../../src/sim/domain/lab-domain.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { ROOT, runCli, type CliResult } from '../helpers/cli.ts';
import { spawnCli, waitFor, type CliProcess } from '../helpers/cli-process.ts';
import { isCentralViolations, qrdStops, qsdFirstViolations } from '../helpers/qlik-rehearsal.ts';
import { filesUnder } from '../helpers/files-under.ts';

const BLOCKS = { qlikHttp: 164, qlikHttps: 165, demoHttp: 166, demoHttps: 167 };

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'winbook-domain-e2e-'));
});

interface Rehearsal {
  stateDir: string;
  /** Where `winbook run` ran: its journal and reports land here, apart from the state dir's inventory. */
  cwd: string;
  sim: CliProcess;
  /** The `next:` line's parts. */
  krb5Config: string;
  playbook: string;
  inventory: string;
}

/** `winbook sim up --domain …` until it prints the command to run next. */
async function simUp(name: string, block: number, args: string[]): Promise<Rehearsal> {
  const stateDir = join(root, name, 'sim');
  const cwd = join(root, name, 'run');
  await mkdir(cwd, { recursive: true });
  const sim = spawnCli(['sim', 'up', '--domain', '--base-address', loopbackBlock(block), '--state-dir', stateDir, ...args], { cwd: ROOT });
  await waitFor(() => /^next: .*$/m.test(sim.stdout()) || sim.child.exitCode !== null, 60_000, `sim up (${name}) to print its next command`);
  const next = /^next: KRB5_CONFIG=(\S+) npx winbook run (\S+) -i (\S+)$/m.exec(sim.stdout());
  if (!next) throw new Error(`sim up printed no Kerberos next command:\n${sim.stdout()}\n${sim.stderr()}`);
  return { stateDir, cwd, sim, krb5Config: next[1] as string, playbook: next[2] as string, inventory: next[3] as string };
}

function run(r: Rehearsal): Promise<CliResult> {
  return runCli(['run', join(ROOT, r.playbook), '-i', r.inventory, '--json', join(r.cwd, 'run.json')], { cwd: r.cwd, env: { KRB5_CONFIG: r.krb5Config } });
}

/** Ctrl-C (SIGINT) as a newcomer stops it: the site saves its state and the KDC process is gone. */
async function stop(r: Rehearsal): Promise<void> {
  const pid = Number(/krb5kdc pid (\d+)/.exec(r.sim.stdout())?.[1]);
  r.sim.child.kill('SIGINT');
  expect(await r.sim.exited).toBe(0);
  expect(r.sim.stdout()).toContain('winbook sim: stopped');
  expect(pid).toBeGreaterThan(0);
  expect(() => process.kill(pid, 0)).toThrow();
}

const hostState = (r: Rehearsal, h: string) => JSON.parse(readFileSync(join(r.stateDir, 'hosts', `${h}.json`), 'utf8')) as HostState;
const entries = (r: Rehearsal) =>
  readFileSync(join(r.stateDir, 'rehearsal.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as RehearsalEntry);

function expectNoPasswords(r: Rehearsal, results: CliResult[]): void {
  const written = filesUnder(r.cwd);
  expect(written.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
  expect(written.some((f) => f.endsWith('run.json'))).toBe(true);
  const texts = [...results.flatMap((x) => [x.stdout, x.stderr]), ...written.map((f) => readFileSync(f, 'utf8'))];
  for (const secret of [LAB_PASSWORD, LAB_DOMAIN_SERVICE.password]) {
    expect(texts.filter((t) => t.includes(secret)).length, `${secret} written by the run`).toBe(0);
  }
}

function expectKerberosInventory(r: Rehearsal, https: boolean): void {
  const inv = parse(readFileSync(r.inventory, 'utf8')) as { all: Record<string, unknown> };
  const text = JSON.stringify(inv);
  expect(text).toContain('"ansible_winrm_transport":"kerberos"');
  expect(text).toContain('"ansible_user":"wbadmin@WINBOOK.TEST"');
  expect(text).toMatch(/"ansible_winrm_kerberos_hostname_override":"(win|qlik)01\.winbook\.test"/);
  expect(text.includes('"ansible_winrm_scheme":"https"')).toBe(https);
  expect(readFileSync(r.krb5Config, 'utf8')).toMatch(/WINBOOK\.TEST = \{\n\s+kdc = 127\.\d+\.\d+\.250:\d+/);
}

/** One `sim up --domain` per describe block, started before its test and killed after it if the test did not stop it. */
function useDomainSite(name: string, block: number, args: string[]): () => Rehearsal {
  let r: Rehearsal | undefined;
  beforeAll(async () => {
    r = await simUp(name, block, args);
  }, 90_000);
  afterAll(() => {
    if (r && r.sim.child.exitCode === null) r.sim.child.kill('SIGKILL');
  });
  return () => {
    if (!r) throw new Error(`sim up (${name}) did not start`);
    return r;
  };
}

describe.each([
  { scheme: 'HTTP with Kerberos message encryption', https: false, block: BLOCKS.qlikHttp },
  { scheme: 'HTTPS with channel binding at CbtHardeningLevel Strict', https: true, block: BLOCKS.qlikHttps },
])('change-service-account.yml on `sim up --domain --site qlik`, $scheme', ({ https, block }) => {
  const site = useDomainSite(`qlik-${https ? 'https' : 'http'}`, block, ['--site', 'qlik', ...(https ? ['--https', '--cbt', 'strict'] : [])]);

  it('moves every node to WINBOOK\\qliksvc in the documented order, as the domain admin', async () => {
    const r = site();
    const results: CliResult[] = [];
    expect(r.playbook).toBe('playbooks/qlik-sense/change-service-account.yml');
    expectKerberosInventory(r, https);
    const central = 'qlik01';
    const qsdAtStart = Object.fromEntries(['qlik01', 'qlik02', 'qlik03', 'qlik04'].map((h) => [h.toUpperCase(), hostState(r, h).services.find((s) => s.name === 'QlikSenseServiceDispatcher')?.state === 'running']));
    const first = await run(r);
    results.push(first);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    await stop(r);

    const log = entries(r);
    expect(qsdFirstViolations(log, qsdAtStart)).toEqual([]);
    expect(qrdStops(log)).toEqual([]);
    expect(isCentralViolations(log, central.toUpperCase())).toEqual([]);
    for (const h of ['qlik01', 'qlik02', 'qlik03']) {
      const state = hostState(r, h);
      const services = state.services.filter((s) => s.name.startsWith('QlikSense') && s.name !== 'QlikSenseRepositoryDatabase');
      expect(services.length).toBeGreaterThan(0);
      for (const s of services) expect(`${s.name}=${s.account}:${s.state}`).toBe(`${s.name}=WINBOOK\\qliksvc:running`);
      // The domain account is in the local groups step 2 names, as a domain member shows it.
      expect(state.groups['Qlik Sense Service Users']?.map((m) => m.toLowerCase())).toContain('winbook\\qliksvc');
    }
    // Every change was made by the domain admin that Kerberos authenticated.
    expect(new Set(log.filter((e) => e.what.startsWith('service.')).map((e) => String(e.account ?? '').toLowerCase()))).toEqual(new Set(['winbook\\wbadmin']));
    expectNoPasswords(r, results);
  }, 300_000);
});

describe.each([
  { scheme: 'HTTP with Kerberos message encryption', https: false, block: BLOCKS.demoHttp },
  { scheme: 'HTTPS with channel binding at CbtHardeningLevel Strict', https: true, block: BLOCKS.demoHttps },
])('the demo playbook on `sim up --domain`, $scheme', ({ https, block }) => {
  const site = useDomainSite(`demo-${https ? 'https' : 'http'}`, block, ['--hosts', '2', ...(https ? ['--https', '--cbt', 'strict'] : [])]);

  it('runs every task on both hosts as the domain admin and exits 0', async () => {
    const r = site();
    expect(r.playbook).toBe('playbooks/demo.yml');
    expectKerberosInventory(r, https);
    const result = await run(r);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/win01\s+: ok=\d+\s+changed=\d+\s+.*failed=0/);
    expect(result.stdout).toContain('win02 calls itself WIN02');
    await stop(r);
    const log = entries(r);
    expect(log.length).toBeGreaterThan(0);
    expect(new Set(log.map((e) => String(e.account ?? '').toLowerCase()))).toEqual(new Set(['winbook\\wbadmin']));
    expectNoPasswords(r, [result]);
  }, 120_000);
});
