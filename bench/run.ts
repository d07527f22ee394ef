/**
 * npm run bench — measures, never asserts. By default the target table of issue 16 (bench/targets.ts): every row
 * with met or missed, and the controller's CPU profile for a miss (`-- --quick` for smaller cases, `-- --only=copy`
 * and the like for one row: version, one-task, cpu, rss, copy, ansible, live; `-- --skip=rss` to leave rows out;
 * `-- --rss-hosts=200` for the RSS row at fewer hosts). It needs dist/ (built here when stale) and
 * rewrites the "Targets" part of docs/benchmarks.md.
 *
 * `-- --matrix` runs the older H × L matrix instead: each case starts the simulator in its own process with H hosts
 * and L ms of latency per HTTP response, then runs controller processes: a warm-up playbook (1 task: connect, shell,
 * agent), the same playbook with T more tasks, and a module-path-only variant. HTTP requests per task per host are
 * counted at the simulator; the T tasks' wall time is timed inside the run (from the end of the warm-up task to the
 * end of the play), so small cases no longer vanish into the noise of two whole runs. Then the same work with the
 * request pattern of Ansible's winrm plugin and through the npm winrm-client package. Rewrites its part of
 * docs/benchmarks.md.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CaseConfig } from './controller-case.ts';
import { renderMarkdown, renderRow, TARGETS } from './report.ts';
import type { Row, Comparison } from './report.ts';
import { measureLiveDisplay, renderLiveRow, renderLiveSection, writeLiveSection } from './live-display.ts';
import type { LiveFigures } from './live-display.ts';
import { startSim as startSimProcess } from './sim-process.ts';
import { measureTargets, renderTargetsMarkdown } from './targets.ts';
import { distStatus } from '../scripts/build-stamp.mjs';

const startSim = (hosts: number, latencyMs: number, basicPlaintext = false) => startSimProcess({ hosts, latencyMs, basicPlaintext });

const T = 10;
const quick = process.argv.includes('--quick');
const HOSTS = quick ? [1, 50] : [1, 50, 500, 1000];
const LATENCIES = quick ? [0, 5] : [0, 5, 20];
const execFileP = promisify(execFile);
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

interface CaseResult {
  wallS: number;
  cpuMs: number;
  maxRssMb: number;
  failures: number;
  sample?: string;
  /** The tasks after the warm-up, timed inside the run. */
  tasks?: { wallS: number; cpuMs: number };
}

async function controller(cfg: CaseConfig): Promise<CaseResult> {
  const { stdout } = await execFileP(process.execPath, ['--import', 'tsx', here('./controller-case.ts'), JSON.stringify(cfg)], { maxBuffer: 16 * 1024 * 1024, timeout: 600_000 });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as CaseResult;
}

function playbook(tasks: number, moduleOnly: boolean): string {
  const kinds = [
    (i: number) => `    - name: ping ${i}\n      win_ping:\n`,
    (i: number) => `    - name: service ${i}\n      win_service:\n        name: Spooler\n        state: started\n`,
    (i: number) => `    - name: raw ${i}\n      raw: hostname\n`,
  ];
  const pick = moduleOnly ? kinds.slice(0, 2) : kinds;
  let body = `- name: bench\n  hosts: windows\n  gather_facts: false\n  tasks:\n    - name: warm up\n      win_ping:\n`;
  for (let i = 0; i < tasks; i++) body += (pick[i % pick.length] as (i: number) => string)(i);
  return body;
}

async function measure(dir: string, hosts: number, latencyMs: number): Promise<Row> {
  const sim = await startSim(hosts, latencyMs);
  try {
    const inventory = join(dir, 'inv.yml');
    await writeFile(inventory, sim.inventory);
    const files = { warm: join(dir, 'warm.yml'), mixed: join(dir, 'mixed.yml'), module: join(dir, 'module.yml') };
    await writeFile(files.warm, playbook(0, false));
    await writeFile(files.mixed, playbook(T, false));
    await writeFile(files.module, playbook(T, true));
    const base = { mode: 'winbook' as const, inventory, forks: hosts, tasks: T };
    const s0 = await sim.stats();
    const warm = await controller({ ...base, playbook: files.warm });
    const s1 = await sim.stats();
    const mixed = await controller({ ...base, playbook: files.mixed });
    const s2 = await sim.stats();
    const mod = await controller({ ...base, playbook: files.module });
    const s3 = await sim.stats();
    const warmReq = s1.requests - s0.requests;
    const reqMixed = (s2.requests - s1.requests - warmReq) / (T * hosts);
    const reqModule = (s3.requests - s2.requests - warmReq) / (T * hosts);
    // Timed inside the run, from the warm-up task's end to the play's end: the difference of two whole runs was
    // lost in their noise at H = 1 (it printed 0.00 s).
    const wallS = mod.tasks?.wallS ?? Math.max(0, mod.wallS - warm.wallS);
    return {
      hosts,
      latencyMs,
      wallS,
      tasksPerS: (T * hosts) / Math.max(wallS, 1e-6),
      reqMixed,
      reqModule,
      cpuMsPerTaskHost: (mod.tasks?.cpuMs ?? Math.max(0, mod.cpuMs - warm.cpuMs)) / (T * hosts),
      controllerRssMb: Math.max(warm.maxRssMb, mixed.maxRssMb, mod.maxRssMb),
      simRssMb: s3.maxRssMb,
      limitS: (T * reqModule * latencyMs) / 1000,
      failures: warm.failures + mixed.failures + mod.failures,
    };
  } finally {
    await sim.close();
  }
}

async function compare(hosts: number, latencyMs: number): Promise<Comparison[]> {
  const out: Comparison[] = [];
  const sim = await startSim(hosts, latencyMs, true);
  try {
    const who = { addresses: sim.addresses, user: sim.user, password: sim.password, forks: hosts, tasks: T };
    for (const mode of ['ansible-pattern', 'winrm-client'] as const) {
      const s0 = await sim.stats();
      const r = await controller({ mode, ...who });
      const s1 = await sim.stats();
      out.push({ mode, hosts, latencyMs, wallS: r.wallS, reqPerTask: (s1.requests - s0.requests) / (T * hosts), cpuMsPerTaskHost: r.cpuMs / (T * hosts), failures: r.failures, sample: r.sample });
    }
  } finally {
    await sim.close();
  }
  return out;
}

const docUrl = new URL('../docs/benchmarks.md', import.meta.url);
const started = performance.now();

/** Replaces the part of docs/benchmarks.md between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` (appends it when absent). */
async function writeSection(name: string, body: string): Promise<void> {
  const doc = await readFile(docUrl, 'utf8').catch(() => '# Benchmarks\n');
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const block = `${open}\n${body.trim()}\n${close}`;
  const i = doc.indexOf(open);
  const j = doc.indexOf(close);
  await writeFile(docUrl, i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + close.length) : `${doc.trimEnd()}\n\n${block}\n`);
}

const header = (what: string) =>
  `${what} by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end, ${((performance.now() - started) / 1000).toFixed(0)} s.`;

if (!process.argv.includes('--matrix')) {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const status = distStatus(root);
  if (!status.fresh) {
    process.stdout.write(`building dist/ (${status.reason})\n`);
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  }
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const skip = process.argv.find((a) => a.startsWith('--skip='))?.slice('--skip='.length).split(',');
  const rssHosts = Number(process.argv.find((a) => a.startsWith('--rss-hosts='))?.slice('--rss-hosts='.length) ?? 1000);
  const targets = await measureTargets({ quick, only, skip, rssHosts, log: (l) => process.stdout.write(l + '\n') });
  if (!only) await writeSection('targets', `${header('Measured')}\n\n${renderTargetsMarkdown(targets)}`);
  process.stdout.write(`${only ? 'docs/benchmarks.md left as it was (--only)' : 'wrote the Targets part of docs/benchmarks.md'} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  process.exit(0);
}

const dir = await mkdtemp(join(tmpdir(), 'winbook-bench-'));
const rows: Row[] = [];
const comparisons: Comparison[] = [];
let live: LiveFigures | undefined;
try {
  process.stdout.write(`targets: ${TARGETS.join('; ')}\n`);
  for (const hosts of HOSTS) {
    for (const latencyMs of LATENCIES) {
      const row = await measure(dir, hosts, latencyMs);
      rows.push(row);
      process.stdout.write(renderRow(row) + '\n');
    }
  }
  for (const latencyMs of LATENCIES) {
    for (const c of await compare(quick ? 10 : 50, latencyMs)) {
      comparisons.push(c);
      process.stdout.write(`${c.mode} H=${c.hosts} L=${c.latencyMs}ms: ${c.wallS.toFixed(2)} s, ${c.reqPerTask.toFixed(2)} req/task/host, ${c.failures} failures${c.sample ? `, returns ${c.sample.slice(0, 60)}` : ''}\n`);
    }
  }
  live = await measureLiveDisplay(quick ? 50 : 500, '127.0.91');
  process.stdout.write(renderLiveRow(live) + '\n');
} finally {
  await rm(dir, { recursive: true, force: true });
}
const md = renderMarkdown({ rows, comparisons, quick, cores: cpus().length, node: process.version, date: new Date().toISOString().slice(0, 10), tasks: T, totalS: (performance.now() - started) / 1000 });
await writeSection('matrix', md);
process.stdout.write(`wrote the matrix part of docs/benchmarks.md (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
if (live) await writeLiveSection(docUrl, renderLiveSection(live));
