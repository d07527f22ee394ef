/**
 * Process ids on a simulated host: one sequence per host for every process it starts (programs, services), as
 * Windows hands out ids in multiples of 4 from one table. Kept beside the state, not in it: a snapshot holds no
 * process.
 */
import type { HostState } from './state.ts';

const LAST_PID = new WeakMap<HostState, number>();

/** The next free process id (multiples of 4, above the ids of the processes Windows starts at boot). */
export function allocatePid(state: HostState): number {
  const pid = (LAST_PID.get(state) ?? 4100) + 4;
  LAST_PID.set(state, pid);
  return pid;
}
