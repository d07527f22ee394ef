/**
 * `npx tsx bench/one-task-split.ts` — where one task on one simulated host spends its CPU: rounds of `winbook run`
 * (one win_ping, the journal off then on) against a simulator in its own process, printing per run the wall time,
 * the controller's CPU (getrusage of the command), the simulator's Node CPU and its pwsh worker's CPU (read from
 * /proc: the worker is a descendant of the simulator process, so its CPU is in neither of the other figures).
 * E_REPS sets the rounds (default 4); E_NODEFLAGS adds node flags to the controller. docs/benchmarks.md quotes it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSim } from './sim-process.ts';
import { measureCommand } from './command.ts';

const BIN = fileURLToPath(new URL('../bin/winbook.js', import.meta.url));
const NET = 150 + Number(process.env.WINBOOK_TEST_NET ?? 0);
const CLOCK_TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU in these on Linux

/** CPU seconds (user + system) of every live descendant of `root`, from /proc; 0 where /proc is missing. */
function descendantsCpuS(root: number): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  let names: string[] = [];
  try {
    names = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return 0;
  }
  for (const n of names) {
    try {
      const st = readFileSync(`/proc/${n}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(n), Number(f[1]));
      cpu.set(Number(n), (Number(f[11]) + Number(f[12])) / CLOCK_TICKS);
    } catch {
      // gone meanwhile
    }
  }
  let s = 0;
  for (const [pid, c] of cpu) {
    for (let p = parent.get(pid), k = 0; p !== undefined && p > 1 && k < 64; p = parent.get(p), k++) {
      if (p === root) {
        s += c;
        break;
      }
    }
  }
  return s;
}

const dir = await mkdtemp(join(tmpdir(), 'winbook-one-task-'));
const sim = await startSim({ hosts: 1, latencyMs: 0, baseAddress: `127.${NET}.73` });
const inv = join(dir, 'inv.yml');
await writeFile(inv, sim.inventory);
await writeFile(join(dir, 'one.yml'), '- name: bench\n  hosts: windows\n  gather_facts: false\n  tasks:\n    - name: ping\n      win_ping:\n');
const env = { ...process.env, WINBOOK_RUN_FROM: 'dist', NO_COLOR: '1' };
const nodeFlags = process.env.E_NODEFLAGS ? process.env.E_NODEFLAGS.split(' ') : [];
try {
  for (let i = 0; i < Number(process.env.E_REPS ?? 4); i++) {
    for (const journal of [false, true]) {
      const s0 = await sim.stats();
      const p0 = descendantsCpuS(sim.child.pid as number);
      const r = await measureCommand([process.execPath, ...nodeFlags, BIN, 'run', '-i', inv, ...(journal ? [] : ['--no-journal']), join(dir, 'one.yml')], { cwd: dir, env });
      const s1 = await sim.stats();
      const p1 = descendantsCpuS(sim.child.pid as number);
      process.stdout.write(
        `${journal ? 'journal   ' : 'no journal'} rc ${r.rc} wall ${r.wallS.toFixed(2)} s; controller CPU ${r.cpuS.toFixed(2)} s; simulator Node CPU ${((s1.cpuMs - s0.cpuMs) / 1000).toFixed(2)} s, pwsh CPU ${(p1 - p0).toFixed(2)} s; load ${(loadavg()[0] ?? 0).toFixed(1)}\n`,
      );
    }
  }
} finally {
  await sim.close();
}
