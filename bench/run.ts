/**
 * npm run bench — measures, never asserts. For each case it starts a simulated site in this process, runs a
 * playbook of 1 warm-up task and then the same playbook with T more tasks, and attributes the difference in HTTP
 * requests (counted at the simulated hosts) and wall time to those T tasks. Prints a table and writes
 * docs/benchmarks.md. `-- --quick` runs the small cases only.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../src/engine/events.ts';
import { run } from '../src/index.ts';
import { startSimSite } from '../src/sim/site.ts';

const T = 10;
const quick = process.argv.includes('--quick');
const cases: Array<{ hosts: number; latencyMs: number }> = quick
  ? [{ hosts: 1, latencyMs: 0 }, { hosts: 10, latencyMs: 0 }, { hosts: 10, latencyMs: 5 }]
  : [{ hosts: 1, latencyMs: 0 }, { hosts: 1, latencyMs: 5 }, { hosts: 1, latencyMs: 20 }, { hosts: 50, latencyMs: 0 }, { hosts: 50, latencyMs: 5 }, { hosts: 50, latencyMs: 20 }];

function playbook(tasks: number): string {
  const kinds = [
    (i: number) => `    - name: ping ${i}\n      win_ping:\n`,
    (i: number) => `    - name: service ${i}\n      win_service:\n        name: Spooler\n        state: started\n`,
    (i: number) => `    - name: raw ${i}\n      raw: hostname\n`,
  ];
  let body = `- name: bench\n  hosts: windows\n  gather_facts: false\n  tasks:\n    - name: warm up\n      win_ping:\n`;
  for (let i = 0; i < tasks; i++) body += (kinds[i % kinds.length] as (i: number) => string)(i);
  return body;
}

interface Row {
  hosts: number;
  latencyMs: number;
  wallS: number;
  tasksPerS: number;
  reqPerTaskHost: number;
  agentReqPerTaskHost: number;
  cpuMsPerTaskHost: number;
  limitS: number;
}

async function measure(hosts: number, latencyMs: number, dir: string): Promise<Row> {
  const site = await startSimSite({ hosts, latencyMs, baseAddress: '127.0.90' });
  try {
    const inv = join(dir, 'inv.yml');
    await writeFile(inv, site.inventory());
    const warm = join(dir, 'warm.yml');
    await writeFile(warm, playbook(0));
    const full = join(dir, 'full.yml');
    await writeFile(full, playbook(T));
    // Module-path-only playbook: T win_ping tasks, to isolate the agent's cost per task.
    const agent = join(dir, 'agent.yml');
    await writeFile(agent, playbook(0) + Array.from({ length: T }, (_, i) => `    - name: p${i}\n      win_ping:\n`).join(''));

    const r0 = site.requests();
    await run({ playbook: warm, inventory: [inv], forks: hosts, bus: new EventBus() });
    const r1 = site.requests();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run({ playbook: full, inventory: [inv], forks: hosts, bus: new EventBus() });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const r2 = site.requests();
    await run({ playbook: agent, inventory: [inv], forks: hosts, bus: new EventBus() });
    const r3 = site.requests();
    const warmReq = r1 - r0;
    const reqPerTaskHost = (r2 - r1 - warmReq) / (T * hosts);
    const agentReqPerTaskHost = (r3 - r2 - warmReq) / (T * hosts);
    return {
      hosts,
      latencyMs,
      wallS: wall,
      tasksPerS: (T * hosts) / wall,
      reqPerTaskHost,
      agentReqPerTaskHost,
      cpuMsPerTaskHost: (cpu.user + cpu.system) / 1000 / ((T + 1) * hosts),
      limitS: ((T + 1) * 2 * latencyMs) / 1000,
    };
  } finally {
    await site.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'winbook-bench-'));
const rows: Row[] = [];
try {
  for (const c of cases) {
    const row = await measure(c.hosts, c.latencyMs, dir);
    rows.push(row);
    process.stdout.write(`H=${row.hosts} L=${row.latencyMs}ms: ${row.wallS.toFixed(2)} s, ${row.tasksPerS.toFixed(0)} tasks/s, ${row.reqPerTaskHost.toFixed(2)} req/task/host (module path ${row.agentReqPerTaskHost.toFixed(2)}), ${row.cpuMsPerTaskHost.toFixed(2)} ms CPU/task-host\n`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const header = '| hosts | latency ms | wall s | tasks/s | HTTP req per task per host (mixed) | HTTP req per task per host (module path, target ≤ 2) | CPU ms per task-host (controller + simulator) | round-trip limit s (T×2×L) |\n|---|---|---|---|---|---|---|---|\n';
const table = rows.map((r) => `| ${r.hosts} | ${r.latencyMs} | ${r.wallS.toFixed(2)} | ${r.tasksPerS.toFixed(0)} | ${r.reqPerTaskHost.toFixed(2)} | ${r.agentReqPerTaskHost.toFixed(2)} | ${r.cpuMsPerTaskHost.toFixed(2)} | ${r.limitS.toFixed(2)} |`).join('\n');
const md = `# Benchmarks\n\nMeasured by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}. T = ${T} tasks (win_ping, win_service, raw in turn) after one warm-up task that opens the shell and starts the agent; requests are counted at the simulated hosts. The simulator runs in the same process as the controller here, so CPU covers both.\n\n${header}${table}\n\nThe mixed column includes \`raw\` tasks, which run a command in the WinRS shell (Command, Receive, Signal: 3 requests) rather than through the agent.\n`;
await writeFile(new URL('../docs/benchmarks.md', import.meta.url), md);
process.stdout.write('wrote docs/benchmarks.md\n');
