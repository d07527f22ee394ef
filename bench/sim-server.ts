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
  const parent = new Map<number, number>();
  const hwm = new Map<number, number>();
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const status = readFileSync(`/proc/${name}/status`, 'utf8');
        parent.set(Number(name), Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]));
        hwm.set(Number(name), Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    return 0;
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parent.get(pid), n = 0; p !== undefined && p > 1 && n < 64; p = parent.get(p), n++) if (p === process.pid) return true;
    return false;
  };
  let kb = 0;
  for (const [pid, v] of hwm) if (isDescendant(pid)) kb += v;
  return kb / 1024;
}

const send = (m: unknown) => process.send?.(m);
send({ type: 'ready', inventory: site.inventory(), addresses: site.hosts.map((h) => h.address), user: site.adminUser, password: site.adminPassword });
process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') {
    const cpu = process.cpuUsage();
    send({ type: 'stats', requests: site.requests(), cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, childrenPeakRssMb: childrenPeakRssMb() });
  } else if (m.type === 'close') {
    void site.close().then(() => process.exit(0));
  }
});
