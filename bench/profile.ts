/**
 * `npx tsx bench/profile.ts HOSTS [LATENCY_MS]` — one winbook run of 10 module tasks against a simulator in
 * another process, with the controller under `node --cpu-prof`; prints the top functions by self time, so the
 * hot spots behind docs/benchmarks.md can be seen (and the .cpuprofile opened in Chrome DevTools).
 */
import { execFile, fork } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const hosts = Number(process.argv[2] ?? 500);
const latencyMs = Number(process.argv[3] ?? 0);
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'winbook-profile-'));
const sim = fork(here('./sim-server.ts'), [JSON.stringify({ hosts, latencyMs, baseAddress: '127.0.95' })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const ready = await new Promise<{ inventory: string }>((resolve) => sim.on('message', (m: { type: string; inventory: string }) => m.type === 'ready' && resolve(m)));
await writeFile(join(dir, 'inv.yml'), ready.inventory);
const tasks = Array.from({ length: 10 }, (_, i) => (i % 2 ? `    - name: ping ${i}\n      win_ping:\n` : `    - name: svc ${i}\n      win_service:\n        name: Spooler\n        state: started\n`)).join('');
await writeFile(join(dir, 'pb.yml'), `- hosts: windows\n  gather_facts: false\n  tasks:\n    - name: warm\n      win_ping:\n${tasks}`);
const cfg = { mode: 'winbook', playbook: join(dir, 'pb.yml'), inventory: join(dir, 'inv.yml'), forks: hosts, tasks: 10 };
const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--cpu-prof', '--cpu-prof-dir', dir, here('./controller-case.ts'), JSON.stringify(cfg)], { maxBuffer: 1 << 24 });
process.stdout.write(stdout);
sim.send({ type: 'close' });

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number }
const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile')) as string;
const prof = JSON.parse(await readFile(join(dir, file), 'utf8')) as { nodes: Node[] };
const total = prof.nodes.reduce((n, x) => n + x.hitCount, 0);
const self = new Map<string, number>();
for (const n of prof.nodes) {
  const where = n.callFrame.url.replace(/^.*\/(node_modules|src)\//, '$1/');
  const key = `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + n.hitCount);
}
const byFile = new Map<string, number>();
for (const [k, v] of self) {
  const f = k.split(' ')[1]?.replace(/:\d+$/, '') ?? '';
  const area = f.startsWith('node_modules/') ? f.split('/').slice(0, 2).join('/') : f.split('/').slice(0, 3).join('/');
  byFile.set(area, (byFile.get(area) ?? 0) + v);
}
process.stdout.write(`\nprofile: ${join(dir, file)}\nself time by area:\n`);
for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) process.stdout.write(`  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}\n`);
process.stdout.write('top functions:\n');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) process.stdout.write(`  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}\n`);
