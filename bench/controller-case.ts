/**
 * One measured controller run in its own process (so its peak RSS is its own): runs a playbook with winbook, or
 * the same number of commands with the request pattern Ansible's winrm plugin uses, or through the npm
 * `winrm-client` package. Prints one JSON line: wall seconds, CPU ms, peak RSS MB, failures, and for winbook the
 * wall seconds and CPU ms of the tasks after the first (the warm-up), timed from its task.end to the play's end.
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
let afterWarm: { t: number; cpu: NodeJS.CpuUsage } | undefined;
let tasks: { wallS: number; cpuMs: number } | undefined;
if (cfg.mode === 'winbook') {
  const bus = new EventBus();
  bus.on((e) => {
    if (e.type === 'task.end' && !afterWarm) afterWarm = { t: performance.now(), cpu: process.cpuUsage() };
    if (e.type === 'play.end' && afterWarm) {
      const c = process.cpuUsage(afterWarm.cpu);
      tasks = { wallS: (performance.now() - afterWarm.t) / 1000, cpuMs: (c.user + c.system) / 1000 };
    }
  });
  const s = await run({ playbook: cfg.playbook!, inventory: [cfg.inventory!], forks: cfg.forks, bus });
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
process.stdout.write(JSON.stringify({ wallS, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, failures, sample, tasks }) + '\n');
process.exit(0);
