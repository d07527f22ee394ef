/**
 * The target table of issue 16, measured as a user meets it: whole `node bin/winbook.js` commands (the compiled
 * dist/), each against a simulator in a process of its own, CPU and peak RSS of the controller measured from
 * outside (bench/command.ts). On this 2-core machine the simulator runs every module in pwsh and dominates wall
 * time, so the controller's figures are CPU and RSS; wall figures are printed with the load average beside them.
 * A missed row comes with the controller's CPU profile of that command (bench/cpu-profile.ts).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { measureCommand, median } from './command.ts';
import type { CommandFigures } from './command.ts';
import { summariseProfile } from './cpu-profile.ts';
import { startSim } from './sim-process.ts';
import { liveRatio, measureLiveDisplay } from './live-display.ts';
import type { SimHandle } from './sim-process.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'winbook.js');
const NET = 150 + Number(process.env.WINBOOK_TEST_NET ?? 0);
/** Each simulator its own /24s, so a bench never meets a test's listeners (test/helpers/addresses.ts uses 127.1xx). */
const base = (n: number) => `127.${NET}.${n}`;

export interface TargetRow {
  figure: string;
  value: string;
  target: string;
  met: boolean | undefined;
  /** How it was measured and what else was seen. */
  detail: string;
  /** The controller's profile when missed. */
  profile?: string[];
}

export interface TargetOptions {
  quick: boolean;
  /** One row only: version, one-task, cpu, rss, copy, ansible or live. */
  only?: string;
  /** Rows left out (same names): they appear as not measured. */
  skip?: string[];
  /** Hosts of the RSS row (default 1000; fewer is a measurement, not the target's). */
  rssHosts?: number;
  log: (line: string) => void;
}

const load = () => loadavg()[0]?.toFixed(1) ?? '?';

function playbook(tasks: string[]): string {
  return `- name: bench\n  hosts: windows\n  gather_facts: false\n  tasks:\n${tasks.join('')}`;
}
const ping = (i: number) => `    - name: ping ${i}\n      win_ping:\n`;
const service = (i: number) => `    - name: service ${i}\n      win_service:\n        name: Spooler\n        state: started\n`;
const raw = (i: number) => `    - name: raw ${i}\n      raw: hostname\n`;

async function winbook(dir: string, args: string[], nodeFlags: string[] = [], timeoutMs?: number): Promise<CommandFigures> {
  const r = await measureCommand([process.execPath, ...nodeFlags, BIN, ...args], { cwd: dir, env: { ...process.env, WINBOOK_RUN_FROM: 'dist', NO_COLOR: '1' }, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  if (r.rc !== 0) throw new Error(`winbook ${args.join(' ')} exited ${r.rc}: ${(r.stderr || r.stdout).slice(-1500)}`);
  return r;
}

/** The same command again under --cpu-prof: what the controller spent its CPU on. */
/**
 * The controller's `--cpu-prof` of one more run of the command, summarised. WINBOOK_BENCH_PROF_DIR=<dir> keeps the
 * .cpuprofile there (one sub-folder per profiled row) for a closer look (Chrome DevTools, bench/cpu-profile.ts), and
 * profiles met rows too.
 */
function keepProfiles(): boolean {
  return Boolean(process.env.WINBOOK_BENCH_PROF_DIR);
}

async function profileOf(dir: string, args: string[]): Promise<string[]> {
  const keep = process.env.WINBOOK_BENCH_PROF_DIR;
  if (keep) await mkdir(keep, { recursive: true });
  const profDir = await mkdtemp(keep ? join(keep, 'prof-') : join(tmpdir(), 'winbook-bench-prof-'));
  try {
    await winbook(dir, args, ['--cpu-prof', '--cpu-prof-dir', profDir]);
    return await summariseProfile(profDir, 10);
  } finally {
    if (!keep) await rm(profDir, { recursive: true, force: true });
  }
}

async function withSim<T>(o: Parameters<typeof startSim>[0], fn: (sim: SimHandle, inventory: string) => Promise<T>, dir: string): Promise<T> {
  const sim = await startSim(o);
  try {
    const inventory = join(dir, `inv-${o.hosts}-${o.latencyMs}.yml`);
    await writeFile(inventory, sim.inventory);
    return await fn(sim, inventory);
  } finally {
    await sim.close();
  }
}

async function versionRow(dir: string, runs: number): Promise<TargetRow> {
  // Node's own floor, `node -e 0`, measured in turn with the command: on a loaded machine the wall time of both
  // moves together, and what winbook adds is the difference.
  const rs: CommandFigures[] = [];
  const floor: CommandFigures[] = [];
  for (let i = 0; i < runs; i++) {
    rs.push(await winbook(dir, ['--version']));
    floor.push(await measureCommand([process.execPath, '-e', '0'], { cwd: dir }));
  }
  const wall = median(rs.map((r) => r.wallS));
  const cpu = median(rs.map((r) => r.cpuS));
  const met = wall <= 0.25;
  return {
    figure: '`winbook --version`, wall',
    value: `${wall.toFixed(2)} s`,
    target: '≤ 0.25 s',
    met,
    detail: `median of ${runs}; CPU ${cpu.toFixed(2)} s; Node's own floor (\`node -e 0\`, runs in turn with these) ${median(floor.map((r) => r.wallS)).toFixed(2)} s wall, CPU ${median(floor.map((r) => r.cpuS)).toFixed(2)} s; load ${load()}`,
    profile: met && !keepProfiles() ? undefined : await profileOf(dir, ['--version']),
  };
}

async function oneTaskRow(dir: string, runs: number): Promise<TargetRow> {
  return withSim({ hosts: 1, latencyMs: 0, baseAddress: base(10) }, async (_sim, inventory) => {
    const pb = join(dir, 'one.yml');
    await writeFile(pb, playbook([ping(0)]));
    const args = ['run', '-i', inventory, pb, '--no-journal'];
    const rs: CommandFigures[] = [];
    for (let i = 0; i < runs; i++) rs.push(await winbook(dir, args));
    const wall = median(rs.map((r) => r.wallS));
    const cpu = median(rs.map((r) => r.cpuS));
    const withJournal = await winbook(dir, ['run', '-i', inventory, pb]);
    const met = wall <= 0.6;
    return {
      figure: 'one task on one simulated host, whole command, wall (and CPU)',
      value: `${wall.toFixed(2)} s (CPU ${cpu.toFixed(2)} s)`,
      target: '≤ 0.6 s',
      met,
      detail: `win_ping, median of ${runs} with --no-journal; with the journal: ${withJournal.wallS.toFixed(2)} s, CPU ${withJournal.cpuS.toFixed(2)} s; peak RSS ${median(rs.map((r) => r.maxRssMb)).toFixed(0)} MB; load ${load()}`,
      profile: met && !keepProfiles() ? undefined : await profileOf(dir, args),
    };
  }, dir);
}

/** Controller CPU per task-host on the module path: (T tasks + warm-up) − warm-up, whole commands, divided by T × H. */
async function cpuPerTaskHostRow(dir: string, hosts: number, tasks: number): Promise<TargetRow> {
  return withSim({ hosts, latencyMs: 0, baseAddress: base(20) }, async (sim, inventory) => {
    const warmPb = join(dir, `warm-${hosts}.yml`);
    const modPb = join(dir, `module-${hosts}.yml`);
    await writeFile(warmPb, playbook([ping(0)]));
    await writeFile(modPb, playbook([ping(0), ...Array.from({ length: tasks }, (_, i) => (i % 2 ? ping(i + 1) : service(i + 1)))]));
    const common = ['-i', inventory, '-f', String(hosts), '--no-journal'];
    const s0 = await sim.stats();
    const warm = await winbook(dir, ['run', ...common, warmPb]);
    const s1 = await sim.stats();
    const mod = await winbook(dir, ['run', ...common, modPb]);
    const s2 = await sim.stats();
    const perTaskHost = ((mod.cpuS - warm.cpuS) * 1000) / (tasks * hosts);
    const reqPerTask = (s2.requests - s1.requests - (s1.requests - s0.requests)) / (tasks * hosts);
    const simCpu = ((s2.cpuMs - s1.cpuMs) - (s1.cpuMs - s0.cpuMs)) / (tasks * hosts);
    const met = perTaskHost <= 0.2;
    return {
      figure: `controller CPU per task-host, H = ${hosts}, module path`,
      value: `${perTaskHost.toFixed(2)} ms`,
      target: '≤ 0.2 ms',
      met,
      detail: `T = ${tasks} (win_service, win_ping) after a warm-up win_ping, forks ${hosts}: whole-command CPU ${mod.cpuS.toFixed(2)} s − ${warm.cpuS.toFixed(2)} s; ${reqPerTask.toFixed(2)} HTTP requests per task-host; wall ${(mod.wallS - warm.wallS).toFixed(1)} s for the T tasks (the simulator: ${simCpu.toFixed(2)} ms CPU per task-host in Node, plus pwsh); load ${load()}`,
      profile: met && !keepProfiles() ? undefined : await profileOf(dir, ['run', ...common, modPb]),
    };
  }, dir);
}

async function rssRow(dir: string, hosts: number, tasks: number): Promise<TargetRow> {
  return withSim({ hosts, latencyMs: 0, baseAddress: base(30) }, async (sim, inventory) => {
    const pb = join(dir, `rss-${hosts}.yml`);
    await writeFile(pb, playbook([ping(0), ...Array.from({ length: tasks }, (_, i) => (i % 3 === 2 ? raw(i + 1) : i % 3 ? ping(i + 1) : service(i + 1)))]));
    const args = ['run', '-i', inventory, '-f', String(hosts), '--no-journal', pb];
    // 1000 hosts took 28-40 min on a loaded 2-core machine (the simulator's one pwsh worker starts 1000 agents), past
    // the 30 minutes other commands get: this row may take 90.
    const r = await winbook(dir, args, [], 90 * 60_000);
    const s = await sim.stats();
    const met = hosts >= 1000 ? r.maxRssMb <= 250 : undefined;
    return {
      figure: `controller peak RSS, H = ${hosts}`,
      value: `${r.maxRssMb.toFixed(0)} MB`,
      target: hosts >= 1000 ? '≤ 250 MB' : '(≤ 250 MB at H = 1000)',
      met,
      detail: `${tasks + 1} tasks (win_ping, win_service, raw), forks ${hosts}, whole command; wall ${r.wallS.toFixed(1)} s, CPU ${r.cpuS.toFixed(1)} s; the simulator's peak RSS ${s.maxRssMb.toFixed(0)} MB in Node, ${s.childrenPeakRssMb.toFixed(0)} MB in its pwsh worker; load ${load()}`,
      profile: met === false ? await profileOf(dir, args) : undefined,
    };
  }, dir);
}

async function copyRow(dir: string, mib: number): Promise<TargetRow> {
  return withSim({ hosts: 1, latencyMs: 0, baseAddress: base(40) }, async (sim, inventory) => {
    const src = join(dir, 'big.bin');
    await writeFile(src, randomBytes(mib * 1024 * 1024));
    const warmPb = join(dir, 'copy-warm.yml');
    await writeFile(warmPb, playbook([ping(0)]));
    // A new destination for each run: an unchanged one is never sent (2 requests), which would measure nothing.
    const copyPlaybook = async (name: string) => {
      const file = join(dir, `${name}.yml`);
      await writeFile(file, playbook([ping(0), `    - name: copy\n      win_copy:\n        src: ${src}\n        dest: C:\\Windows\\Temp\\${name}.bin\n`]));
      return file;
    };
    const copyPb = await copyPlaybook('copy');
    const common = ['-i', inventory, '--no-journal'];
    const s0 = await sim.stats();
    const warm = await winbook(dir, ['run', ...common, warmPb]);
    const s1 = await sim.stats();
    const copy = await winbook(dir, ['run', ...common, copyPb]);
    const s2 = await sim.stats();
    const mb = (mib * 1024 * 1024) / 1e6;
    const wallS = copy.wallS - warm.wallS;
    const ctlS = copy.cpuS - warm.cpuS;
    const simS = ((s2.cpuMs - s1.cpuMs) - (s1.cpuMs - s0.cpuMs)) / 1000;
    // The pwsh worker (the upload script and the agents) is a child of the simulator: its CPU is counted apart, for
    // the copy run as a whole (its win_ping and both win_copy calls too): the warm-up run starts the worker, whose
    // one-off start-up would make a difference of the two runs meaningless.
    const pwshS = (s2.childrenCpuMs - s1.childrenCpuMs) / 1000;
    const requests = s2.requests - s1.requests - (s1.requests - s0.requests);
    const wire = mb / wallS;
    const met = wire >= 40;
    return {
      figure: `win_copy, ${mib} MiB on loopback`,
      value: `${wire.toFixed(1)} MB/s (controller CPU: ${(mb / ctlS).toFixed(0)} MB/s)`,
      target: '≥ 40 MB/s',
      met,
      detail: `wall ${wallS.toFixed(2)} s beyond a warm-up run; controller CPU ${ctlS.toFixed(2)} s (${((ctlS * 1000) / mib).toFixed(1)} ms per MiB), simulator CPU ${simS.toFixed(2)} s in Node (${((simS * 1000) / mib).toFixed(1)} ms per MiB) and ${pwshS.toFixed(2)} s in its pwsh worker for the whole copy run (same 2 cores); ${(requests / mib).toFixed(2)} HTTP requests per MiB; NTLM-sealed, 500 KB envelopes; load ${load()}`,
      profile: met && !keepProfiles() ? undefined : await profileOf(dir, ['run', ...common, await copyPlaybook('copy-profiled')]),
    };
  }, dir);
}

const OPENSSL_LEGACY = '[openssl_init]\nproviders = provider_sect\n[provider_sect]\ndefault = default_sect\nlegacy = legacy_sect\n[default_sect]\nactivate = 1\n[legacy_sect]\nactivate = 1\n';

/**
 * ansible-playbook + pywinrm and winbook, the same playbook and inventory against the same simulator: 20 hosts ×
 * 10 `raw`, forks 20, 5 ms per response, NTLM with message encryption. Debian's pywinrm needs OpenSSL's legacy
 * provider for MD4 (testing-notes.md), given to ansible-playbook only.
 */
async function ansibleRow(dir: string): Promise<TargetRow> {
  const ansible = '/usr/bin/ansible-playbook';
  return withSim({ hosts: 20, latencyMs: 5, baseAddress: base(50) }, async (sim, inventory) => {
    const pb = join(dir, 'raw.yml');
    await writeFile(pb, playbook(Array.from({ length: 10 }, (_, i) => raw(i))));
    const conf = join(dir, 'openssl.cnf');
    await writeFile(conf, `openssl_conf = openssl_init\n${OPENSSL_LEGACY}`);
    const s0 = await sim.stats();
    const wb = await winbook(dir, ['run', '-i', inventory, '-f', '20', pb]);
    const s1 = await sim.stats();
    const env = { ...process.env, OPENSSL_CONF: conf, ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_RETRY_FILES_ENABLED: 'False', ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-tmp') };
    const an = await measureCommand([ansible, '-i', inventory, '-f', '20', pb], { cwd: dir, env });
    const s2 = await sim.stats();
    if (an.rc !== 0) throw new Error(`ansible-playbook exited ${an.rc}: ${(an.stdout + an.stderr).slice(-1500)}`);
    const wallX = an.wallS / wb.wallS;
    const cpuX = an.cpuS / wb.cpuS;
    const met = wallX >= 20 && cpuX >= 40;
    return {
      figure: 'vs ansible-playbook + pywinrm, same WinRM server, 20 hosts × 10 raw, forks 20, 5 ms',
      value: `${wallX.toFixed(1)}× wall, ${cpuX.toFixed(1)}× CPU`,
      target: '≥ 20× wall, ≥ 40× CPU',
      met,
      detail: `winbook ${wb.wallS.toFixed(2)} s wall, ${wb.cpuS.toFixed(2)} s CPU, ${((s1.requests - s0.requests) / 200).toFixed(1)} requests per task-host; ansible-playbook ${an.wallS.toFixed(2)} s wall, ${an.cpuS.toFixed(2)} s CPU (forks included), ${((s2.requests - s1.requests) / 200).toFixed(1)} requests per task-host; whole commands, journal on; load ${load()}`,
      profile: met && !keepProfiles() ? undefined : await profileOf(dir, ['run', '-i', inventory, '-f', '20', pb]),
    };
  }, dir);
}

/**
 * Issue 15's row: the same run with the live display on a pseudo-terminal and with plain lines on a pipe
 * (bench/live-display.ts), rounds alternating; the ratio of the medians. The simulator runs in this process.
 */
async function liveRow(hosts: number, rounds: number): Promise<TargetRow> {
  const f = await measureLiveDisplay(hosts, base(60), rounds);
  const r = liveRatio(f);
  const live = median(f.liveS);
  const piped = median(f.pipedS);
  return {
    figure: `live display vs plain lines, ${f.hosts} hosts, -f ${f.forks}, ${f.tasks} tasks (issue 15)`,
    value: `${r.toFixed(2)}× (live ${live.toFixed(2)} s, piped ${piped.toFixed(2)} s)`,
    target: '≤ 1.2×',
    met: f.failures === 0 && r <= 1.2,
    detail: `medians of ${rounds} alternating rounds, whole commands, simulator in the bench's process; live ${f.liveS.map((x) => x.toFixed(1)).join(', ')} s; piped ${f.pipedS.map((x) => x.toFixed(1)).join(', ')} s${f.failures ? `; ${f.failures} runs FAILED` : ''}; load ${f.load[0].toFixed(1)} before, ${f.load[1].toFixed(1)} after`,
  };
}

export async function measureTargets(o: TargetOptions): Promise<TargetRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'winbook-bench-'));
  const rows: TargetRow[] = [];
  const step = async (key: string, what: string, fn: () => Promise<TargetRow>) => {
    if (o.only && o.only !== key) return;
    if (o.skip?.includes(key)) {
      rows.push({ figure: what, value: 'not measured', target: '', met: undefined, detail: `left out with --skip=${key}` });
      return;
    }
    o.log(`measuring: ${what} …`);
    try {
      const row = await fn();
      rows.push(row);
      o.log(renderTargetRow(row));
    } catch (e) {
      const row: TargetRow = { figure: what, value: 'not measured', target: '', met: undefined, detail: e instanceof Error ? e.message.slice(0, 600) : String(e) };
      rows.push(row);
      o.log(renderTargetRow(row));
    }
  };
  try {
    await step('version', 'winbook --version', () => versionRow(dir, o.quick ? 5 : 10));
    await step('one-task', 'one task on one simulated host', () => oneTaskRow(dir, o.quick ? 3 : 5));
    await step('cpu', 'controller CPU per task-host, H = 50', () => cpuPerTaskHostRow(dir, 50, 10));
    const rssHosts = o.rssHosts ?? 1000;
    if (!o.quick || o.only === 'rss') await step('rss', `controller peak RSS, H = ${rssHosts}`, () => rssRow(dir, rssHosts, 3));
    await step('copy', 'win_copy 64 MiB', () => copyRow(dir, o.quick ? 16 : 64));
    await step('ansible', 'vs ansible-playbook + pywinrm', () => ansibleRow(dir));
    await step('live', 'live display vs plain lines', () => liveRow(o.quick ? 50 : 200, 3));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

const mark = (r: TargetRow) => (r.met === undefined ? (r.value === 'not measured' ? 'NOT MEASURED' : 'no target at this size') : r.met ? 'met' : 'MISSED');

export function renderTargetRow(r: TargetRow): string {
  const head = `${r.figure}: ${r.value} (target ${r.target || '–'}) [${mark(r)}] — ${r.detail}`;
  return r.profile ? `${head}\n  why (controller --cpu-prof):\n${r.profile.map((l) => `    ${l}`).join('\n')}` : head;
}

export function renderTargetsMarkdown(rows: TargetRow[]): string {
  let md = '| figure | measured | target | |\n| --- | --- | --- | --- |\n';
  for (const r of rows) md += `| ${r.figure} | ${r.value} | ${r.target || '–'} | ${mark(r)} |\n`;
  md += '\nHow each was measured:\n\n';
  for (const r of rows) md += `- **${r.figure}**: ${r.detail}\n`;
  const missed = rows.filter((r) => r.profile);
  if (missed.length) {
    md += '\nWhere the controller spent its CPU in each missed row (`--cpu-prof` of the same command, self time):\n';
    for (const r of missed) md += `\n${r.figure}:\n\n\`\`\`\n${(r.profile ?? []).join('\n')}\n\`\`\`\n`;
  }
  return md;
}
