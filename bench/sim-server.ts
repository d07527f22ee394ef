/**
 * The simulator in its own process, so the benchmark measures controller and simulator separately. Started by
 * bench/run.ts with a JSON config argument; talks over IPC: it sends `ready` (with the inventory), answers
 * `stats` with its request count, CPU, peak RSS and its children's (the pwsh worker's) peak RSS, and exits on `close`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { startSimSite } from '../src/sim/site.ts';

interface SimConfig {
  hosts: number;
  latencyMs: number;
  baseAddress: string;
  /** Basic over plain HTTP, for the winrm-client comparison (its only way in without message encryption). */
  basicPlaintext?: boolean;
  /** MaxEnvelopeSizekb of every listener (default 500, Windows' own). */
  maxEnvelopeKb?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as SimConfig;
const site = await startSimSite({
  hosts: config.hosts,
  latencyMs: config.latencyMs,
  baseAddress: config.baseAddress,
  listener: { ...(config.basicPlaintext ? { basic: true, allowUnencrypted: true } : {}), ...(config.maxEnvelopeKb ? { maxEnvelopeKb: config.maxEnvelopeKb } : {}) },
});

/**
 * Peak RSS (VmHWM) of the simulator's descendant processes — the pwsh worker that runs every agent, which the
 * dotnet tool shim starts as a grandchild — summed, in MB, from /proc (Linux; 0 elsewhere). Their memory is not in
 * this process's maxRSS, and it is the part that grows per agent.
 */
function childrenPeakRssMb(): number {
  return descendants().rssKb / 1024;
}

/**
 * CPU (user + system) the simulator's descendant processes have used so far — the pwsh worker that runs the agents'
 * and the upload script's PowerShell — in ms, from /proc/PID/stat (Linux; 0 elsewhere).
 */
function childrenCpuMs(): number {
  return descendants().cpuMs;
}

function descendants(): { rssKb: number; cpuMs: number } {
  const parent = new Map<number, number>();
  const hwm = new Map<number, number>();
  const cpu = new Map<number, number>();
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const status = readFileSync(`/proc/${name}/status`, 'utf8');
        parent.set(Number(name), Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]));
        hwm.set(Number(name), Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0));
        // utime and stime, fields 14 and 15, after the parenthesised command name; clock ticks of 10 ms on Linux.
        const raw = readFileSync(`/proc/${name}/stat`, 'utf8');
        const stat = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
        cpu.set(Number(name), (Number(stat[11]) + Number(stat[12])) * 10);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    return { rssKb: 0, cpuMs: 0 };
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parent.get(pid), n = 0; p !== undefined && p > 1 && n < 64; p = parent.get(p), n++) if (p === process.pid) return true;
    return false;
  };
  let rssKb = 0;
  let cpuMs = 0;
  for (const [pid, v] of hwm) {
    if (!isDescendant(pid)) continue;
    rssKb += v;
    cpuMs += cpu.get(pid) ?? 0;
  }
  return { rssKb, cpuMs };
}

const send = (m: unknown) => process.send?.(m);
send({ type: 'ready', inventory: site.inventory(), addresses: site.hosts.map((h) => h.address), user: site.adminUser, password: site.adminPassword });
process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') {
    const cpu = process.cpuUsage();
    send({ type: 'stats', requests: site.requests(), cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, childrenPeakRssMb: childrenPeakRssMb(), childrenCpuMs: childrenCpuMs() });
  } else if (m.type === 'close') {
    void site.close().then(() => process.exit(0));
  }
});
