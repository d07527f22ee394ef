/**
 * The process a service runs in, as QueryServiceStatusEx reports it (SERVICE_STATUS_PROCESS.dwProcessId): an id
 * while the service runs, is paused or pending, 0 once it is stopped and for a driver. Each start gets a new process;
 * a shared-process (svchost) service gets one of its own too, as Windows 10 1703 and Server 2019 split svchost
 * services on a host with more than 3.5 GB of memory (SvcHostSplitThresholdInKB). A service running since boot is
 * given its id when first asked. The ids live beside the state (process-ids.ts), so reading one changes no state.
 */
import { allocatePid } from './process-ids.ts';
import type { HostState, Service } from './state.ts';

const PROCESS_OF = new WeakMap<Service, number>();

export function serviceProcessId(state: HostState, s: Service): number {
  if (s.state === 'stopped' || s.type === 'kernel_driver') {
    PROCESS_OF.delete(s);
    return 0;
  }
  let pid = PROCESS_OF.get(s);
  if (pid === undefined) PROCESS_OF.set(s, (pid = allocatePid(state)));
  return pid;
}

/** A start: the service's next process is a new one. */
export function serviceProcessEnded(s: Service): void {
  PROCESS_OF.delete(s);
}
