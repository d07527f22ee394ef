/**
 * `npx tsx bench/cpu-growth.ts [HOSTS]` — which part of the controller's CPU at H hosts grows with the tasks and
 * which with wall time: whole `winbook run` commands (forks = H, journal off) of a one-win_ping playbook, the same
 * plus a 15 s `pause`, and 10 win_ping, 10 win_service and 20 alternating tasks after it, in rounds (E_REPS,
 * default 2), against one simulator in its own process. E_CASES picks cases (warm,pause,ping10,svc10,mix20).
 * docs/benchmarks.md ("Controller CPU per task-host at H = 50: what is left") quotes it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSim } from './sim-process.ts';
import { measureCommand } from './command.ts';

const hosts = Number(process.argv[2] ?? 50);
const BIN = fileURLToPath(new URL('../bin/winbook.js', import.meta.url));
const NET = 150 + Number(process.env.WINBOOK_TEST_NET ?? 0);
const pb = (tasks: string[]) => `- name: bench\n  hosts: windows\n  gather_facts: false\n  tasks:\n${tasks.join('')}`;
const ping = (i: number) => `    - name: ping ${i}\n      win_ping:\n`;
const service = (i: number) => `    - name: service ${i}\n      win_service:\n        name: Spooler\n        state: started\n`;
const CASES: Record<string, string> = {
  warm: pb([ping(0)]),
  pause: pb([ping(0), '    - name: wait\n      pause:\n        seconds: 15\n']),
  ping10: pb([ping(0), ...Array.from({ length: 10 }, (_, i) => ping(i + 1))]),
  svc10: pb([ping(0), ...Array.from({ length: 10 }, (_, i) => service(i + 1))]),
  mix20: pb([ping(0), ...Array.from({ length: 20 }, (_, i) => (i % 2 ? ping(i + 1) : service(i + 1)))]),
};

const dir = await mkdtemp(join(tmpdir(), 'winbook-cpu-growth-'));
const sim = await startSim({ hosts, latencyMs: 0, baseAddress: `127.${NET}.71` });
const inv = join(dir, 'inv.yml');
await writeFile(inv, sim.inventory);
const which = (process.env.E_CASES ?? Object.keys(CASES).join(',')).split(',');
for (const k of which) {
  const text = CASES[k];
  if (text === undefined) throw new Error(`no case ${k}: ${Object.keys(CASES).join(', ')}`);
  await writeFile(join(dir, `${k}.yml`), text);
}
const env = { ...process.env, WINBOOK_RUN_FROM: 'dist', NO_COLOR: '1' };
try {
  for (let rep = 0; rep < Number(process.env.E_REPS ?? 2); rep++) {
    for (const k of which) {
      const s0 = await sim.stats();
      const r = await measureCommand([process.execPath, BIN, 'run', '-i', inv, '-f', String(hosts), '--no-journal', join(dir, `${k}.yml`)], { cwd: dir, env });
      const s1 = await sim.stats();
      if (r.rc !== 0) throw new Error(`${k}: exit ${r.rc}: ${(r.stderr || r.stdout).slice(-1500)}`);
      process.stdout.write(`${k.padEnd(7)} CPU ${r.cpuS.toFixed(2)} s, wall ${r.wallS.toFixed(1)} s, ${s1.requests - s0.requests} requests, simulator Node CPU ${((s1.cpuMs - s0.cpuMs) / 1000).toFixed(2)} s; load ${(loadavg()[0] ?? 0).toFixed(1)}\n`);
    }
  }
} finally {
  await sim.close();
}
