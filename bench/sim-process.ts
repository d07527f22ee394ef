/**
 * The simulator in a process of its own (bench/sim-server.ts), so controller and simulator are measured apart:
 * start it with H hosts and L ms of latency per response, ask it for its request count, CPU and peak RSS, close it.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SimStats {
  requests: number;
  cpuMs: number;
  maxRssMb: number;
  /** Peak RSS of the simulator's children (the pwsh worker), summed; 0 where /proc is missing. */
  childrenPeakRssMb: number;
  /** CPU of the simulator's children (the pwsh worker) so far, in ms; 0 where /proc is missing. */
  childrenCpuMs: number;
}

export interface SimHandle {
  child: ChildProcess;
  inventory: string;
  addresses: string[];
  user: string;
  password: string;
  stats(): Promise<SimStats>;
  close(): Promise<void>;
}

export interface SimProcessOptions {
  hosts: number;
  latencyMs: number;
  /** Basic over plain HTTP, for the winrm-client comparison. */
  basicPlaintext?: boolean;
  /** The listeners' MaxEnvelopeSizekb (default Windows' 500). */
  maxEnvelopeKb?: number;
  baseAddress?: string;
}

export function startSim(o: SimProcessOptions): Promise<SimHandle> {
  const config = { hosts: o.hosts, latencyMs: o.latencyMs, baseAddress: o.baseAddress ?? '127.0.90', basicPlaintext: o.basicPlaintext, maxEnvelopeKb: o.maxEnvelopeKb };
  const child = fork(fileURLToPath(new URL('./sim-server.ts', import.meta.url)), [JSON.stringify(config)], {
    // WINBOOK_BENCH_SIM_PROF_DIR=<dir>: the simulator's own --cpu-prof (written when it exits), to see its Node side.
    execArgv: ['--import', 'tsx', ...(process.env.WINBOOK_BENCH_SIM_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.WINBOOK_BENCH_SIM_PROF_DIR] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const request = <R>(type: string, reply: string) =>
    new Promise<R>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type !== reply) return;
        child.off('message', on);
        resolve(m as R);
      };
      child.on('message', on);
      child.send({ type });
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    child.on('message', (m: { type: string; inventory: string; addresses: string[]; user: string; password: string }) => {
      if (m.type !== 'ready') return;
      child.removeAllListeners('exit');
      resolve({
        child,
        inventory: m.inventory,
        addresses: m.addresses,
        user: m.user,
        password: m.password,
        stats: () => request('stats', 'stats'),
        close: () =>
          new Promise((r) => {
            child.once('exit', () => r());
            child.send({ type: 'close' });
          }),
      });
    });
  });
}
