/**
 * What a small run's whole command costs apart from its tasks: the Ansible row's setup (20 simulated hosts, 5 ms
 * per response, NTLM with encryption, forks 20) with 0, 1 and 10 `raw` tasks, and `--help`, each a whole
 * `node bin/winbook.js` command measured from outside (bench/command.ts), rounds interleaved so the load moves all
 * cases alike; medians of CPU and wall. The difference 1 task − 0 tasks is a task's cost plus the connection set-up
 * (NTLM, shell, agent), 10 − 1 the per-task cost alone.
 *
 *   npx tsx bench/fixed-cost.ts [rounds=5] [profile-dir]
 *
 * With a profile dir, one more run of the 10-task case under --cpu-prof is written there (bench/cpu-profile.ts
 * summarises it). `FC_AB=<other checkout>` (built, with its own dist/) runs every case of every round in both
 * checkouts in turn, this one first, against the same simulator: a before/after at the same load.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCommand, median } from './command.ts';
import type { CommandFigures } from './command.ts';
import { startSim } from './sim-process.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'winbook.js');
const AB = process.env.FC_AB;
const bins: Array<[string, string]> = [['', BIN], ...(AB ? [[' (FC_AB)', join(AB, 'bin', 'winbook.js')] as [string, string]] : [])];
const rounds = Number(process.argv[2] ?? 5);
const profDir = process.argv[3];
const NET = 150 + Number(process.env.WINBOOK_TEST_NET ?? 0);

const playbook = (tasks: number) =>
  `- name: bench\n  hosts: windows\n  gather_facts: false\n  tasks:${tasks ? '' : ' []'}\n${Array.from({ length: tasks }, (_, i) => `    - name: raw ${i}\n      raw: hostname\n`).join('')}`;

const dir = await mkdtemp(join(tmpdir(), 'winbook-fixed-'));
const sim = await startSim({ hosts: 20, latencyMs: 5, baseAddress: `127.${NET}.51` });
try {
  const inventory = join(dir, 'inv.yml');
  await writeFile(inventory, sim.inventory);
  const cases: Array<[string, string[]]> = [['--help', ['--help']]];
  for (const t of [0, 1, 10]) {
    const pb = join(dir, `raw-${t}.yml`);
    await writeFile(pb, playbook(t));
    cases.push([`${t} raw task(s) × 20 hosts`, ['run', '-i', inventory, '-f', '20', pb]]);
  }
  const env = { ...process.env, WINBOOK_RUN_FROM: 'dist', NO_COLOR: '1' };
  const run = async (args: string[], flags: string[] = [], bin = BIN): Promise<CommandFigures> => {
    const r = await measureCommand([process.execPath, ...flags, bin, ...args], { cwd: dir, env });
    if (r.rc !== 0) throw new Error(`winbook ${args.join(' ')} exited ${r.rc}: ${(r.stderr || r.stdout).slice(-1500)}`);
    return r;
  };
  // One unmeasured pass: the simulator's pwsh worker starts (and JITs) on the first agent.
  for (const [, args] of cases) for (const [, bin] of bins) await run(args, [], bin);
  const figures = new Map<string, CommandFigures[]>(cases.flatMap(([name]) => bins.map(([tag]) => [name + tag, []] as [string, CommandFigures[]])));
  for (let i = 0; i < rounds; i++) for (const [name, args] of cases) for (const [tag, bin] of bins) figures.get(name + tag)?.push(await run(args, [], bin));
  process.stdout.write(`${rounds} rounds, load ${loadavg().map((l) => l.toFixed(1)).join(' / ')}\n`);
  for (const [name, rs] of figures) {
    const cpu = rs.map((r) => r.cpuS);
    process.stdout.write(
      `${name.padEnd(36)} CPU ${median(cpu).toFixed(3)} s (${Math.min(...cpu).toFixed(3)}–${Math.max(...cpu).toFixed(3)})  wall ${median(rs.map((r) => r.wallS)).toFixed(3)} s  peak RSS ${median(rs.map((r) => r.maxRssMb)).toFixed(0)} MB\n`,
    );
  }
  if (profDir) await run(cases[cases.length - 1]?.[1] ?? [], ['--cpu-prof', '--cpu-prof-dir', profDir]);
} finally {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
