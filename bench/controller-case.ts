/**
 * One measured controller run in its own process (so its peak RSS is its own): runs a playbook with winbook, or
 * the same number of commands with the request pattern Ansible's winrm plugin uses, or through the npm
 * `winrm-client` package. Prints one JSON line: wall seconds, CPU ms, peak RSS MB, failures.
 */
import { EventBus } from '../src/engine/events.ts';
import { run } from '../src/index.ts';
import { ansiblePattern } from './ansible-pattern.ts';
import { winrmClientPattern } from './winrm-client-pattern.ts';

export interface CaseConfig {
  mode: 'winbook' | 'ansible-pattern' | 'winrm-client';
  playbook?: string;
  inventory?: string;
  forks: number;
  tasks: number;
  addresses?: string[];
  user?: string;
  password?: string;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as CaseConfig;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let failures = 0;
let sample: string | undefined;
if (cfg.mode === 'winbook') {
  const s = await run({ playbook: cfg.playbook!, inventory: [cfg.inventory!], forks: cfg.forks, bus: new EventBus() });
  failures = s.failed.length + s.unreachable.length;
} else if (cfg.mode === 'ansible-pattern') {
  failures = await ansiblePattern(cfg.addresses!, cfg.user!, cfg.password!, cfg.tasks, cfg.forks);
} else {
  const r = await winrmClientPattern(cfg.addresses!, cfg.user!, cfg.password!, cfg.tasks, cfg.forks);
  failures = r.failures;
  sample = r.sample;
}
const wallS = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ wallS, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, failures, sample }) + '\n');
process.exit(0);
