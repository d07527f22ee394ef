/**
 * `npx tsx bench/task-profile.ts [HOSTS] [TASKS]` — where the controller's CPU per task-host goes: the bench's cpu
 * row (a warm-up win_ping, then TASKS alternating win_service / win_ping, forks = HOSTS, journal off) run twice
 * under `--cpu-prof` against one simulator in its own process, the one-task run's profile subtracted from the
 * long run's, per function (self and inclusive time) and divided by the added task-hosts. Profile time is time on
 * the stack, so on a loaded machine it overstates CPU; the getrusage figure printed first is the CPU.
 * TP_KEEP=<dir> keeps both .cpuprofile files; TP_JOURNAL=1 runs with the journal on; TP_BIN=<bin/winbook.js> profiles
 * another (built) checkout.
 * TP_AB=<another checkout's bin/winbook.js> (built) measures instead: rounds (TP_ROUNDS, default 3) alternating this
 * checkout's CPU per task-host and the other's against the same simulator, no profiles — on a shared machine the
 * load moves between runs, and only runs taken in turn compare.
 */
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSim } from './sim-process.ts';
import { measureCommand } from './command.ts';
import { bundleSource } from './cpu-profile.ts';

const hosts = Number(process.argv[2] ?? 50);
const tasks = Number(process.argv[3] ?? 20);
const BIN = process.env.TP_BIN ?? fileURLToPath(new URL('../bin/winbook.js', import.meta.url));
const NET = 150 + Number(process.env.WINBOOK_TEST_NET ?? 0);
const pb = (t: string[]) => `- name: bench\n  hosts: windows\n  gather_facts: false\n  tasks:\n${t.join('')}`;
const ping = (i: number) => `    - name: ping ${i}\n      win_ping:\n`;
const service = (i: number) => `    - name: service ${i}\n      win_service:\n        name: Spooler\n        state: started\n`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Self and inclusive ms per function (name + source file), idle left out. */
function byFunction(prof: Profile): { self: Map<string, number>; total: Map<string, number>; busy: number } {
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const keyOf = new Map<number, string>();
  for (const n of prof.nodes) {
    const where = bundleSource(n.callFrame.url, n.callFrame.lineNumber) ?? n.callFrame.url.replace(/^.*\/(node_modules|src|dist)\//, '$1/');
    keyOf.set(n.id, `${n.callFrame.functionName || '(anonymous)'} ${where}`);
  }
  // Each sample counts as the sampling interval (the median gap between samples): a gap while the process waited
  // for a CPU on a loaded machine is not time the function spent.
  const gaps = [...prof.timeDeltas].sort((x, y) => x - y);
  const interval = (gaps[Math.floor(gaps.length / 2)] ?? 1000) / 1000;
  const nodeMs = new Map<number, number>();
  for (const id of prof.samples) nodeMs.set(id, (nodeMs.get(id) ?? 0) + interval);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  for (const [id, ms] of nodeMs) {
    const k = keyOf.get(id) as string;
    if (k.startsWith('(idle)')) continue;
    busy += ms;
    self.set(k, (self.get(k) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const ak = keyOf.get(at) as string;
      if (seen.has(ak) || !byId.has(at)) continue;
      seen.add(ak);
      total.set(ak, (total.get(ak) ?? 0) + ms);
    }
  }
  return { self, total, busy };
}

async function profileDir(base: string, name: string): Promise<string> {
  const d = join(base, name);
  await mkdir(d, { recursive: true });
  return d;
}

const dir = await mkdtemp(join(tmpdir(), 'winbook-task-profile-'));
const keep = process.env.TP_KEEP ?? dir;
const sim = await startSim({ hosts, latencyMs: 0, baseAddress: `127.${NET}.72` });
const inv = join(dir, 'inv.yml');
await writeFile(inv, sim.inventory);
await writeFile(join(dir, 'warm.yml'), pb([ping(0)]));
await writeFile(join(dir, 'long.yml'), pb([ping(0), ...Array.from({ length: tasks }, (_, i) => (i % 2 ? ping(i + 1) : service(i + 1)))]));
const env = { ...process.env, WINBOOK_RUN_FROM: 'dist', NO_COLOR: '1' };
const journal = process.env.TP_JOURNAL ? [] : ['--no-journal'];
const run = async (name: string, prof: boolean, bin = BIN) => {
  const flags = prof ? ['--cpu-prof', '--cpu-prof-dir', await profileDir(keep, name)] : [];
  const r = await measureCommand([process.execPath, ...flags, bin, 'run', '-i', inv, '-f', String(hosts), ...journal, join(dir, `${name}.yml`)], { cwd: dir, env });
  if (r.rc !== 0) throw new Error(`${name}: exit ${r.rc}: ${(r.stderr || r.stdout).slice(-1500)}`);
  return r;
};
const load = () => (loadavg()[0] ?? 0).toFixed(1);
const perTaskHost = async (bin: string) => {
  const w = await run('warm', false, bin);
  const l = await run('long', false, bin);
  return { ms: ((l.cpuS - w.cpuS) * 1000) / (tasks * hosts), text: `${l.cpuS.toFixed(2)} s − ${w.cpuS.toFixed(2)} s` };
};
try {
  if (process.env.TP_AB) {
    const other = process.env.TP_AB;
    const mine: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < Number(process.env.TP_ROUNDS ?? 3); round++) {
      for (const [bin, into, label] of [[BIN, mine, 'this'], [other, theirs, 'other']] as const) {
        const r = await perTaskHost(bin);
        into.push(r.ms);
        process.stdout.write(`round ${round + 1} ${label.padEnd(5)} ${r.ms.toFixed(3)} ms per task-host (${r.text}); load ${load()}\n`);
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    process.stdout.write(`median: this ${med(mine).toFixed(3)} ms, other ${med(theirs).toFixed(3)} ms\n`);
  } else await profiles();
} finally {
  await sim.close();
}

async function profiles(): Promise<void> {
  // Without the profiler first: the CPU figure the bench row reports, then both again under --cpu-prof.
  const w = await run('warm', false);
  const l = await run('long', false);
  process.stdout.write(`CPU per task-host (getrusage): ${(((l.cpuS - w.cpuS) * 1000) / (tasks * hosts)).toFixed(3)} ms (${l.cpuS.toFixed(2)} s − ${w.cpuS.toFixed(2)} s); load ${load()}\n`);
  await run('warm', true);
  await run('long', true);
  const read = async (name: string) => {
    const d = join(keep, name);
    const f = (await readdir(d)).filter((x) => x.endsWith('.cpuprofile')).sort().pop() as string;
    return byFunction(JSON.parse(await readFile(join(d, f), 'utf8')) as Profile);
  };
  const a = await read('warm');
  const b = await read('long');
  const per = tasks * hosts;
  process.stdout.write(`busy profile-ms per task-host: ${((b.busy - a.busy) / per).toFixed(3)} (${b.busy.toFixed(0)} − ${a.busy.toFixed(0)}); load ${load()}; profiles in ${keep}\n`);
  const diff = (x: Map<string, number>, y: Map<string, number>) => {
    const out = new Map<string, number>();
    for (const [k, v] of y) out.set(k, v - (x.get(k) ?? 0));
    for (const [k, v] of x) if (!y.has(k)) out.set(k, -v);
    return [...out].sort((p, q) => q[1] - p[1]);
  };
  const top = Number(process.env.TP_TOP ?? 30);
  const show = (title: string, rows: Array<[string, number]>) => {
    process.stdout.write(`${title} (µs per task-host):\n`);
    for (const [k, v] of rows.slice(0, top)) process.stdout.write(`  ${((v * 1000) / per).toFixed(1).padStart(7)}  ${k}\n`);
  };
  show('self time, long − warm', diff(a.self, b.self));
  show('inclusive time, long − warm', diff(a.total, b.total));
}
