/**
 * The simulated agent's half of async tasks (modules/async_status/async_job.ps1 on a real host). Behaviours are
 * synchronous, so a job runs to completion when it starts; its duration is the simulated time it used
 * (Start-Sleep, behaviours/sim-clock.ts). Then:
 * - mode wait (poll > 0): past `limit` simulated seconds the task fails with Ansible's timeout message;
 * - mode start (poll: 0): the result is kept by jid; each status call counts as one simulated second, so a job
 *   that slept D seconds reports `finished: 0` for its first ceil(D) - 1 status calls, and one that slept past
 *   its limit ends as Ansible's async watchdog leaves it ("timed out waiting for module completion");
 * - mode cleanup forgets the job.
 */
import { asyncTimeoutMessage } from '../../modules/async_status/job.ts';
import type { ModuleResult } from '../../modules/types.ts';
import { simulatedSeconds } from './behaviours/sim-clock.ts';
import type { HostState } from './state.ts';

interface SimJob {
  result: ModuleResult;
  duration: number;
  limit: number;
  polls: number;
}

/** Runs the job's module (the agent's normal path, with its script checks) and gives its result. */
export type RunJobModule = (module: string, script: string, args: unknown) => ModuleResult;

export class SimAsyncJobs {
  private readonly jobs = new Map<string, SimJob>();

  constructor(private readonly state: HostState) {}

  handle(a: Record<string, unknown>, run: RunJobModule): ModuleResult {
    const jid = String(a.jid);
    const ids = { ansible_job_id: jid, started: 1 };
    if (a.mode === 'start' || a.mode === 'wait') {
      const limit = Number(a.limit);
      const before = simulatedSeconds(this.state);
      const result = run(String(a.module), String(a.script), a.args);
      const duration = simulatedSeconds(this.state) - before;
      if (a.mode === 'wait') {
        if (duration > limit) return { failed: true, changed: false, msg: asyncTimeoutMessage(limit), async_result: { ...ids, finished: 0 } };
        return { ...result, ...ids, finished: 1 };
      }
      this.jobs.set(jid, { result, duration, limit, polls: 0 });
      return { changed: true, ...ids, finished: 0 };
    }
    const job = this.jobs.get(jid);
    if (!job) return { failed: true, changed: false, msg: 'could not find job', ...ids, finished: 1 };
    if (a.mode === 'cleanup') {
      this.jobs.delete(jid);
      return { changed: false, ansible_job_id: jid, erased: jid };
    }
    job.polls += 1;
    if (job.duration > job.limit && job.polls > job.limit) {
      return { failed: true, changed: false, msg: 'timed out waiting for module completion', ...ids, finished: 1 };
    }
    if (job.polls < job.duration) return { changed: false, ...ids, finished: 0 };
    if (job.duration > job.limit) return { changed: false, ...ids, finished: 0 };
    return { ...job.result, ...ids, finished: 1 };
  }
}
