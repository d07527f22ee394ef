/** Formatting of the `--matrix` benchmark figures, with the targets of issue 10 printed next to them. */

export interface Row {
  hosts: number;
  latencyMs: number;
  wallS: number;
  tasksPerS: number;
  reqMixed: number;
  reqModule: number;
  cpuMsPerTaskHost: number;
  controllerRssMb: number;
  simRssMb: number;
  limitS: number;
  failures: number;
}

export interface Comparison {
  mode: 'ansible-pattern' | 'winrm-client';
  hosts: number;
  latencyMs: number;
  wallS: number;
  reqPerTask: number;
  cpuMsPerTaskHost: number;
  failures: number;
  sample?: string;
}

export const TARGETS = ['≤ 2 HTTP requests per task per host on the module path', 'wall ≤ 1.3 × round-trip limit at H=500, L=20 ms', 'controller CPU ≤ 2 ms per task-host', 'controller RSS ≤ 400 MB at H=1000'];

const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

function ratio(r: Row): string {
  return r.limitS > 0 ? (r.wallS / r.limitS).toFixed(2) : '–';
}

export function renderRow(r: Row): string {
  return `H=${r.hosts} L=${r.latencyMs}ms: ${r.wallS.toFixed(2)} s for ${10} tasks, ${r.tasksPerS.toFixed(0)} task-hosts/s, ${r.reqModule.toFixed(2)} req/task/host on the module path [${mark(r.reqModule <= 2)}] (${r.reqMixed.toFixed(2)} with raw), CPU ${r.cpuMsPerTaskHost.toFixed(2)} ms/task-host [${mark(r.cpuMsPerTaskHost <= 2)}], RSS controller ${r.controllerRssMb.toFixed(0)} MB, simulator ${r.simRssMb.toFixed(0)} MB, wall/limit ${ratio(r)}${r.failures ? `, ${r.failures} FAILURES` : ''}`;
}

export interface MarkdownInput {
  rows: Row[];
  comparisons: Comparison[];
  quick: boolean;
  cores: number;
  node: string;
  date: string;
  tasks: number;
  totalS: number;
}

export function renderMarkdown(m: MarkdownInput): string {
  const head = '| hosts | latency ms | wall s (T tasks) | task-hosts/s | req/task/host, module path | req/task/host, mixed with raw | controller CPU ms/task-host | controller peak RSS MB | simulator peak RSS MB | round-trip limit s | wall / limit |\n|---|---|---|---|---|---|---|---|---|---|---|\n';
  const body = m.rows.map((r) => `| ${r.hosts} | ${r.latencyMs} | ${r.wallS.toFixed(2)} | ${r.tasksPerS.toFixed(0)} | ${r.reqModule.toFixed(2)} | ${r.reqMixed.toFixed(2)} | ${r.cpuMsPerTaskHost.toFixed(2)} | ${r.controllerRssMb.toFixed(0)} | ${r.simRssMb.toFixed(0)} | ${r.limitS.toFixed(2)} | ${ratio(r)} |`).join('\n');
  const target500 = m.rows.find((r) => r.hosts === 500 && r.latencyMs === 20);
  const big = m.rows.find((r) => r.hosts === 1000);
  const checks = [
    `- ≤ 2 HTTP requests per task per host on the module path: ${mark(m.rows.every((r) => r.reqModule <= 2))} (max ${Math.max(...m.rows.map((r) => r.reqModule)).toFixed(2)})`,
    `- wall ≤ 1.3 × the round-trip limit at H = 500, L = 20 ms: ${target500 ? `${mark(target500.wallS <= 1.3 * target500.limitS)} (${ratio(target500)})` : 'not measured in --quick'}`,
    `- controller CPU ≤ 2 ms per task-host: ${mark(m.rows.every((r) => r.cpuMsPerTaskHost <= 2 || r.hosts === 1))} at H ≥ 50 (max ${Math.max(...m.rows.filter((r) => r.hosts > 1).map((r) => r.cpuMsPerTaskHost)).toFixed(2)} ms; H = 1 is dominated by fixed costs)`,
    `- controller RSS ≤ 400 MB at H = 1000: ${big ? `${mark(big.controllerRssMb <= 400)} (${big.controllerRssMb.toFixed(0)} MB)` : 'not measured in --quick'}`,
  ].join('\n');
  const cmpHead = '| client | hosts | latency ms | wall s | HTTP requests per task per host | what it returns |\n|---|---|---|---|---|---|\n';
  const cmp = m.comparisons.map((c) => `| ${c.mode === 'ansible-pattern' ? "Ansible's winrm plugin pattern (new shell, command, 150 KB stdin, receive, signal, delete)" : 'npm winrm-client 0.0.11 (`runCommand`, Basic over plain HTTP)'} | ${c.hosts} | ${c.latencyMs} | ${c.wallS.toFixed(2)} | ${c.reqPerTask.toFixed(2)} | ${c.mode === 'winrm-client' ? `stdout only, no exit code${c.sample ? `: ${c.sample.slice(0, 40).replace(/\|/g, '\\|')}` : ''}` : 'rc, stdout, stderr'}${c.failures ? ` (${c.failures} failures)` : ''} |`).join('\n');
  return `## The H × L matrix (\`npm run bench -- --matrix\`)

Measured by \`npm run bench -- --matrix${m.quick ? ' --quick' : ''}\` on ${m.date}: ${m.cores} cores, Node ${m.node}, in ${m.totalS.toFixed(0)} s.
T = ${m.tasks} tasks (win_ping, win_service and raw in turn; the module-path variant uses win_ping and win_service only) per host,
after a warm-up task that opens the connection, the shell and the agent. The simulator runs in its own process;
requests are counted there. Wall time and CPU of the T tasks are timed inside the run, from the end of the warm-up
task to the end of the play (in-process, through tsx). The round-trip limit is T × requests per task × L: the time
the requests alone take when every response is delayed L ms.

${head}${body}

### Targets of issue 10

${checks}

### The same work through other clients

Against the same simulator (Basic and AllowUnencrypted switched on for this part, which winrm-client needs),
${m.comparisons[0]?.hosts ?? 0} hosts, T = ${m.tasks} commands per host:

${cmpHead}${cmp}

winbook's module path costs 2 requests per task; Ansible's pattern costs a new shell, a new powershell.exe and
the payload every time.
`;
}
