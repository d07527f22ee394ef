/**
 * Simulated time on a host: `Start-Sleep` in the simulator's PowerShell subset does not sleep, it advances this
 * clock, so async time limits (engine/async-task.ts) can be exercised without tests that wait. Kept beside the
 * host's state rather than in it: it is no part of what Windows would persist.
 */
import type { HostState } from '../state.ts';

const clocks = new WeakMap<HostState, number>();

/** Seconds the host has "slept" so far. */
export function simulatedSeconds(state: HostState): number {
  return clocks.get(state) ?? 0;
}

export function advanceClock(state: HostState, seconds: number): void {
  clocks.set(state, simulatedSeconds(state) + seconds);
}
