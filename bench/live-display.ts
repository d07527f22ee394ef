/**
 * The live display's cost (issue 15): the same `winbook run` against H simulated hosts, once with stdout on a
 * pseudo-terminal (script(1), 50 × 120, so the live display runs) and once piped (the plain line reporter),
 * alternating, a few rounds each; the figure is the median live wall time over the median piped one (target
 * ≤ 1.2). The whole CLI is timed, start-up included, as a user would time it. Run alone with
 * `npx tsx bench/live-display.ts [hosts]` (rewrites only the "Live display" section of docs/benchmarks.md);
 * `npm run bench` runs it too.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimSite } from '../src/sim/site.ts';

export interface LiveFigures {
  hosts: number;
  forks: number;
  tasks: number;
  rounds: number;
  liveS: number[];
  pipedS: number[];
  cores: number;
  date: string;
  failures: number;
  /** The machine's 1-minute load average before and after: other work on the machine makes both figures noisy. */
  load: [number, number];
}

const BIN = fileURLToPath(new URL('../bin/winbook.js', import.meta.url));
const TASKS = 10;
const FORKS = 50;

function playbook(): string {
  let body = '- name: live display bench\n  hosts: windows\n  gather_facts: false\n  tasks:\n';
  // raw runs in the simulator's cmd.exe emulation, not pwsh: the figure is the controller's display, not the
  // simulator's PowerShell; one debug task prints a line per host, the worst case for a display that counts.
  for (let i = 0; i < TASKS; i++) body += i === 5 ? `    - name: debug ${i}\n      debug:\n        msg: "{{ inventory_hostname }} is here"\n` : `    - name: raw ${i}\n      raw: hostname\n`;
  return body;
}

/** One run; resolves with wall seconds and the exit code. `tty`: under script(1) in a 50 × 120 pseudo-terminal. */
function timeRun(dir: string, tty: boolean): Promise<{ s: number; code: number }> {
  const argv = [BIN, 'run', 'play.yml', '-i', 'inventory.yml', '-f', String(FORKS)];
  const quoted = [process.execPath, ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const [cmd, args] = tty ? ['script', ['-qfec', `stty rows 50 cols 120; exec ${quoted}`, '/dev/null']] : [process.execPath, argv];
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete env.CI;
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd as string, args as string[], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.once('error', reject);
    child.once('exit', (code) => resolve({ s: (performance.now() - t0) / 1000, code: code ?? 1 }));
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

export async function measureLiveDisplay(hosts: number, baseAddress: string, rounds = 5): Promise<LiveFigures> {
  const load0 = loadavg()[0] as number;
  const site = await startSimSite({ hosts, baseAddress });
  const dir = await mkdtemp(join(tmpdir(), 'winbook-live-bench-'));
  try {
    await writeFile(join(dir, 'inventory.yml'), site.inventory());
    await writeFile(join(dir, 'play.yml'), playbook());
    const liveS: number[] = [];
    const pipedS: number[] = [];
    let failures = 0;
    for (let i = 0; i < rounds; i++) {
      for (const tty of i % 2 ? [true, false] : [false, true]) {
        const r = await timeRun(dir, tty);
        if (r.code !== 0) failures++;
        (tty ? liveS : pipedS).push(r.s);
      }
    }
    return { hosts, forks: FORKS, tasks: TASKS, rounds, liveS, pipedS, cores: cpus().length, date: new Date().toISOString().slice(0, 10), failures, load: [load0, loadavg()[0] as number] };
  } finally {
    await site.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export function liveRatio(f: LiveFigures): number {
  return median(f.liveS) / median(f.pipedS);
}

export function renderLiveRow(f: LiveFigures): string {
  const r = liveRatio(f);
  return `live display H=${f.hosts} -f ${f.forks}: live ${median(f.liveS).toFixed(2)} s, piped ${median(f.pipedS).toFixed(2)} s, ratio ${r.toFixed(2)} [${r <= 1.2 ? 'met' : 'MISSED'}]${f.failures ? `, ${f.failures} FAILED RUNS` : ''}`;
}

export function renderLiveSection(f: LiveFigures): string {
  const r = liveRatio(f);
  const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  return `
## Live display

Measured by \`npx tsx bench/live-display.ts\` (the target table above has the same measurement as its \`live\` row, at 200 hosts and 3 rounds) on ${f.date}: ${f.cores} cores, Node ${process.version}.
\`winbook run\` of ${f.tasks} tasks (nine \`raw: hostname\`, one \`debug\` printing a line per host) on ${f.hosts} simulated hosts with \`-f ${f.forks}\`, the simulator in
the benchmark's process; the whole command timed, start-up included, ${f.rounds} rounds alternating. Live: stdout on a
50 × 120 pseudo-terminal (script(1)), so the live display draws; piped: stdout to a pipe, the plain lines.
Load average ${f.load[0].toFixed(1)} before, ${f.load[1].toFixed(1)} after: with other work on the machine single runs vary widely,
which alternating rounds and medians only partly absorb.

| hosts | forks | live wall s (median; runs) | piped wall s (median; runs) | live / piped | target ≤ 1.2 |
|---|---|---|---|---|---|
| ${f.hosts} | ${f.forks} | ${median(f.liveS).toFixed(2)} (${list(f.liveS)}) | ${median(f.pipedS).toFixed(2)} (${list(f.pipedS)}) | ${r.toFixed(2)} | ${r <= 1.2 ? 'met' : 'MISSED'}${f.failures ? ` (${f.failures} runs failed)` : ''} |

Before (issue 15, listr2's renderer): 200 hosts with -f 50 took about 2 min 50 s live against 4.8 s piped, as every
redraw drew every host and a tree taller than the screen appended a copy of itself. The live display now redraws
a region no taller than the screen at most ten times a second, so its cost follows the screen, not the host count.
`;
}

/** Puts `section` in place of the file's "## Live display" section (or at its end). */
export async function writeLiveSection(docUrl: URL, section: string): Promise<void> {
  const doc = await readFile(docUrl, 'utf8').catch(() => '# Benchmarks\n');
  const re = /\n## Live display\n[\s\S]*?(?=\n## |$)/;
  await writeFile(docUrl, re.test(doc) ? doc.replace(re, section.trimEnd() + '\n') : doc.trimEnd() + '\n' + section);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const hosts = Number(process.argv[2] ?? 500);
  const f = await measureLiveDisplay(hosts, '127.0.91');
  process.stdout.write(renderLiveRow(f) + '\n');
  await writeLiveSection(new URL('../docs/benchmarks.md', import.meta.url), renderLiveSection(f));
  process.stdout.write('wrote the Live display section of docs/benchmarks.md\n');
}
