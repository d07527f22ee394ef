/**
 * `npx tsx bench/task-path-micro.ts <other checkout> [N]` — the sixth pass's per-task-host changes measured apart,
 * another checkout (old: an export of an earlier commit, with node_modules) against this one (new), medians of 7
 * rounds interleaved old/new, CPU per call (process.cpuUsage) (docs/benchmarks.md, "Sixth pass"):
 * - varsFor for one host of a task (the sim inventory's variables: connection vars, groups), then the copy the
 *   module context made of them;
 * - an HTTP request/reply on a loopback keep-alive socket (`HttpSocket.request`: its read timer and promise), the
 *   server an in-process one that answers each request at once (its CPU is in both figures alike);
 * - 10 result lines written to a pipe (a child node process's stdout, as `winbook run | tee`): one write each,
 *   against TurnBatch (the new checkout's; held for the turn, one writev), measured in the child.
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { cpuUsage } from 'node:process';
import { fileURLToPath } from 'node:url';

const other = process.argv[2];
if (!other) throw new Error('usage: bench/task-path-micro.ts <other checkout> [N]');
const roots = { old: other, new: fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '') };
const N = Number(process.argv[3] ?? 5000);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuOf = (d: NodeJS.CpuUsage) => d.user + d.system;

// Both checkouts' modules are imported by path at run time, so their exports are untyped here (any).
async function load(root: string) {
  const { varsFor } = await import(`${root}/src/engine/task-vars.ts`);
  const { createRunContext, hostState } = await import(`${root}/src/engine/run-context.ts`);
  const { defaultDeps } = await import(`${root}/src/engine/default-deps.ts`);
  const { EventBus } = await import(`${root}/src/engine/events.ts`);
  const { HttpSocket } = await import(`${root}/src/transport/winrm/http/socket.ts`);
  return { varsFor, createRunContext, hostState, defaultDeps, EventBus, HttpSocket };
}
const mods = { old: await load(roots.old), new: await load(roots.new) };
const { inventory, play, playbook, task } = await import('../test/unit/engine/fakes.ts');

// 50 hosts as bench/sim-server.ts writes them: connection variables per host, one group.
const hosts: Record<string, Record<string, unknown>> = {};
for (let i = 1; i <= 50; i++) {
  hosts[`win${String(i).padStart(2, '0')}`] = {
    ansible_host: `127.0.0.${i}`, ansible_user: 'Administrator', ansible_password: 'S3cret!', ansible_connection: 'winrm',
    ansible_port: 5985, ansible_winrm_transport: 'ntlm', ansible_winrm_scheme: 'http', ansible_winrm_server_cert_validation: 'ignore',
  };
}
const inv = inventory(hosts, { windows: Object.keys(hosts) });
const t = task('service', 'win_service', { name: 'Spooler', state: 'started' });
const pb = playbook(play([t]));

const server = createServer((s: Socket) => {
  s.on('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;
const request = Buffer.from('POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n', 'latin1');

const rounds: Record<string, Record<string, number[]>> = {};
const rec = (k: string, v: string, x: number): number => ((rounds[k] ??= {})[v] ??= []).push(x);
for (let r = 0; r < 7; r++) {
  for (const v of ['old', 'new'] as const) {
    const m = mods[v];
    const ctx = m.createRunContext(pb, inv, { forks: 50, check: false, diff: false, extraVars: {}, connect: () => { throw new Error('no host is reached here'); } }, new m.EventBus(), m.defaultDeps);
    const scope = { play: pb.plays[0], task: t, handler: false, playHosts: Object.keys(hosts), hostvars: {} };
    const names = Object.keys(hosts);
    let c = cpuUsage();
    for (let i = 0; i < N; i++) {
      const vars = m.varsFor(ctx, scope, m.hostState(ctx, names[i % 50]!));
      // The module context's variables: a copy before, the same object now unless check_mode/diff differ.
      if (v === 'old') void { ...vars, ansible_check_mode: false, ansible_diff_mode: false };
    }
    rec('varsFor + the module context\'s variables, one host', v, cpuOf(cpuUsage(c)) / N);
    const sock = await m.HttpSocket.connect('127.0.0.1', port, 5000);
    c = cpuUsage();
    for (let i = 0; i < N; i++) await sock.request(request, 30_000);
    rec('HTTP request + reply on a loopback socket (client and server)', v, cpuOf(cpuUsage(c)) / N);
    sock.destroy();
  }
}
server.close();

// The pipe: one child per mode and round; it measures its own CPU for N/10 turns of 10 lines.
const line = 'ok: [win01]\n';
const child = (batched: boolean): number => Number(spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
  import { cpuUsage } from 'node:process';
  import { TurnBatch } from ${JSON.stringify(`${roots.new}/src/report/turn-batch.ts`)};
  const batch = ${batched} ? new TurnBatch(process.stdout) : undefined;
  const turns = ${Math.max(1, Math.floor(N / 10))};
  const c = cpuUsage();
  for (let t = 0; t < turns; t++) {
    for (let i = 0; i < 10; i++) { batch?.hold(); process.stdout.write(${JSON.stringify(line)}); }
    await new Promise((r) => setImmediate(r));
  }
  const d = cpuUsage(c);
  process.stderr.write(String((d.user + d.system) / turns));
`], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' }).stderr);
for (let r = 0; r < 7; r++) {
  for (const v of ['old', 'new'] as const) rec('10 result lines to a pipe in one turn (one write each / TurnBatch)', v, child(v === 'new'));
}
for (const [k, byV] of Object.entries(rounds)) console.log(`${k}: old ${med(byV.old!).toFixed(2)} µs, new ${med(byV.new!).toFixed(2)} µs (medians of 7 rounds)`);
