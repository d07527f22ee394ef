/**
 * npm run bench — measures, never asserts (`-- --quick` for the small cases). Each case starts the simulator in
 * its own process with H hosts and L ms of latency per HTTP response, then runs controller processes: a warm-up
 * playbook (1 task: connect, shell, agent), the same playbook with T more tasks, and a module-path-only variant.
 * The differences are attributed to the T tasks: HTTP requests per task per host (counted at the simulator),
 * wall time, controller CPU. Peak RSS is each process's own. Then the same work with the request pattern of
 * Ansible's winrm plugin and through the npm winrm-client package. Prints a table with the targets and writes
 * docs/benchmarks.md.
 */
import { fork, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CaseConfig } from './controller-case.ts';
import { renderMarkdown, renderRow, TARGETS } from './report.ts';
import type { Row, Comparison, CopyFigures } from './report.ts';
import { randomBytes } from 'node:crypto';
import { measureLiveDisplay, renderLiveRow, renderLiveSection } from './live-display.ts';
import type { LiveFigures } from './live-display.ts';

const T = 10;
const quick = process.argv.includes('--quick');
const HOSTS = quick ? [1, 50] : [1, 50, 500, 1000];
const LATENCIES = quick ? [0, 5] : [0, 5, 20];
const execFileP = promisify(execFile);
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

interface SimHandle {
  child: ChildProcess;
  inventory: string;
  addresses: string[];
  user: string;
  password: string;
  stats(): Promise<{ requests: number; cpuMs: number; maxRssMb: number }>;
  close(): Promise<void>;
}

function startSim(hosts: number, latencyMs: number, basicPlaintext = false): Promise<SimHandle> {
  const child = fork(here('./sim-server.ts'), [JSON.stringify({ hosts, latencyMs, baseAddress: '127.0.90', basicPlaintext })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const request = <R>(type: string, reply: string) =>
    new Promise<R>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type !== reply) return;
        child.off('message', on);
        resolve(m as R);
      };
      child.on('message', on);
      child.send({ type });
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    child.on('message', (m: { type: string; inventory: string; addresses: string[]; user: string; password: string }) => {
      if (m.type !== 'ready') return;
      child.removeAllListeners('exit');
      resolve({
        child,
        inventory: m.inventory,
        addresses: m.addresses,
        user: m.user,
        password: m.password,
        stats: () => request('stats', 'stats'),
        close: () => new Promise((r) => { child.once('exit', () => r()); child.send({ type: 'close' }); }),
      });
    });
  });
}

interface CaseResult {
  wallS: number;
  cpuMs: number;
  maxRssMb: number;
  failures: number;
  sample?: string;
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
    const wallS = Math.max(0, mod.wallS - warm.wallS);
    return {
      hosts,
      latencyMs,
      wallS,
      tasksPerS: (T * hosts) / Math.max(wallS, 1e-6),
      reqMixed,
      reqModule,
      cpuMsPerTaskHost: Math.max(0, mod.cpuMs - warm.cpuMs) / (T * hosts),
      controllerRssMb: Math.max(warm.maxRssMb, mixed.maxRssMb, mod.maxRssMb),
      simRssMb: s3.maxRssMb,
      limitS: (T * reqModule * latencyMs) / 1000,
      failures: warm.failures + mixed.failures + mod.failures,
    };
  } finally {
    await sim.close();
  }
}

/** win_copy of a 16 MiB file to one host: MB/s and HTTP requests per MiB (target ≥ 20 MB/s on loopback). */
async function measureCopy(dir: string): Promise<CopyFigures> {
  const sim = await startSim(1, 0);
  try {
    const inventory = join(dir, 'copy-inv.yml');
    await writeFile(inventory, sim.inventory);
    const mib = 16;
    const src = join(dir, 'big.bin');
    await writeFile(src, randomBytes(mib * 1024 * 1024));
    const warm = join(dir, 'copy-warm.yml');
    await writeFile(warm, playbook(0, false));
    const copy = join(dir, 'copy.yml');
    await writeFile(copy, playbook(0, false) + `    - name: copy\n      win_copy:\n        src: ${src}\n        dest: C:\\Windows\\Temp\\big.bin\n`);
    const base = { mode: 'winbook' as const, inventory, forks: 1, tasks: 1 };
    const s0 = await sim.stats();
    const w = await controller({ ...base, playbook: warm });
    const s1 = await sim.stats();
    const c = await controller({ ...base, playbook: copy });
    const s2 = await sim.stats();
    const seconds = Math.max(1e-6, c.wallS - w.wallS);
    return { mib, mbPerS: (mib * 1.048576) / seconds, requestsPerMib: (s2.requests - s1.requests - (s1.requests - s0.requests)) / mib, failures: c.failures };
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

const dir = await mkdtemp(join(tmpdir(), 'winbook-bench-'));
const rows: Row[] = [];
const comparisons: Comparison[] = [];
let copy: CopyFigures | undefined;
let live: LiveFigures | undefined;
const started = performance.now();
try {
  process.stdout.write(`targets: ${TARGETS.join('; ')}\n`);
  for (const hosts of HOSTS) {
    for (const latencyMs of LATENCIES) {
      const row = await measure(dir, hosts, latencyMs);
      rows.push(row);
      process.stdout.write(renderRow(row) + '\n');
    }
  }
  copy = await measureCopy(dir);
  process.stdout.write(`win_copy ${copy.mib} MiB: ${copy.mbPerS.toFixed(1)} MB/s [${copy.mbPerS >= 20 ? 'met' : 'MISSED'}], ${copy.requestsPerMib.toFixed(1)} HTTP requests per MiB${copy.failures ? ', FAILED' : ''}\n`);
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
const md = renderMarkdown({ rows, comparisons, copy, quick, cores: cpus().length, node: process.version, date: new Date().toISOString().slice(0, 10), tasks: T, totalS: (performance.now() - started) / 1000 });
// The "Start-up" section is measured by hand (hyperfine), not here: keep it when the rest is rewritten.
const docUrl = new URL('../docs/benchmarks.md', import.meta.url);
const kept = (await readFile(docUrl, 'utf8').catch(() => '')).match(/\n## Start-up\n[\s\S]*?(?=\n## |$)/)?.[0] ?? '';
await writeFile(docUrl, md + (live ? renderLiveSection(live) : '') + kept);
process.stdout.write(`wrote docs/benchmarks.md (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
