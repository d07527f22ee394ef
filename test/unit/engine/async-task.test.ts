/**
 * async/poll in the engine, with a fake agent standing in for modules/async_status/async_job.ps1: which job
 * requests the engine sends, and how their answers become task results (register, until/retries, check mode).
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../../src/engine/deps.ts';
import { asyncStatus } from '../../../src/modules/async_status/index.ts';
import type { ModuleDef, ModuleResult } from '../../../src/modules/types.ts';
import { Lab, inventory, play, playbook, task } from './fakes.ts';

const winSlow = {
  name: 'win_slow', aliases: [], description: '', schema: z.object({ n: z.number().optional() }).strict(), secretArgs: [],
  supportsCheck: false, supportsDiff: false, kind: 'agent', script: 'return @{ changed = $true }',
} as unknown as ModuleDef;

/** The same with check mode support. */
const winQuick = { ...winSlow, name: 'win_quick', supportsCheck: true } as ModuleDef;

/** The fake agent's job table: a started job reports finished on its `runs`-th status call. */
class AsyncLab extends Lab {
  readonly jobs = new Map<string, { polls: number; result: ModuleResult }>();
  constructor(runs = 2) {
    super();
    this.agentImpls.set('winbook_async_job', (a) => {
      const jid = String(a.jid);
      if (a.mode === 'wait') return Number(a.limit) < 5 ? { failed: true, msg: `async task did not complete within the requested time - ${String(a.limit)}s` } : { changed: true, ansible_job_id: jid, started: 1, finished: 1 };
      if (a.mode === 'start') {
        this.jobs.set(jid, { polls: 0, result: { changed: true, rc: 0 } });
        return { changed: true, ansible_job_id: jid, started: 1, finished: 0 };
      }
      const job = this.jobs.get(jid);
      if (!job) return { failed: true, msg: 'could not find job', ansible_job_id: jid, started: 1, finished: 1 };
      job.polls += 1;
      return job.polls < runs ? { changed: false, ansible_job_id: jid, started: 1, finished: 0 } : { ...job.result, ansible_job_id: jid, started: 1, finished: 1 };
    });
  }
  override deps(): EngineDeps {
    const d = super.deps();
    return { ...d, findModule: (n) => (n === 'async_status' ? (asyncStatus as ModuleDef) : n === 'win_slow' ? winSlow : n === 'win_quick' ? winQuick : d.findModule(n)) };
  }
}

const one = () => inventory({ h1: {} });

describe('async tasks in the engine', () => {
  it('sends poll > 0 as one waiting job carrying the module, its script and its arguments', async () => {
    const lab = new AsyncLab();
    await lab.run(playbook(play([task('t', 'win_slow', { n: 1 }, { async: { limit: 30, poll: 5 } })])), one());
    const call = lab.calls[0];
    expect(call?.module).toBe('winbook_async_job');
    expect(call?.args).toMatchObject({ mode: 'wait', limit: 30, module: 'win_slow', args: { n: 1 } });
    expect(Buffer.from(String(call?.args.script), 'base64').toString('utf8')).toBe('return @{ changed = $true }');
    expect(String(call?.args.jid)).toMatch(/^j\d{12}\.\d+$/);
    expect(lab.results()[0]).toMatchObject({ status: 'changed', result: { finished: 1, started: 1 } });
  });

  it('fails a polled task past its limit with the agent\'s timeout message', async () => {
    const lab = new AsyncLab();
    await lab.run(playbook(play([task('t', 'win_slow', {}, { async: { limit: 2, poll: 1 } })])), one());
    expect(lab.results()[0]).toMatchObject({ status: 'failed', result: { msg: 'async task did not complete within the requested time - 2s' } });
  });

  it('starts poll: 0 jobs and collects them with async_status until finished', async () => {
    const lab = new AsyncLab(3);
    const pb = playbook(
      play([
        task('start', 'win_slow', {}, { async: { limit: 60, poll: 0 }, register: 'job' }),
        task('wait', 'async_status', { jid: '{{ job.ansible_job_id }}' }, { register: 'done', retry: { until: ['done.finished'], retries: 5, delay: 0 } }),
      ]),
    );
    const summary = await lab.run(pb, one());
    const [start, wait] = [lab.results().find((e) => e.task === 'start'), lab.results().find((e) => e.task === 'wait')];
    expect(start).toMatchObject({ status: 'changed', result: { started: 1, finished: 0 } });
    expect(wait).toMatchObject({ status: 'changed', result: { finished: 1, rc: 0, attempts: 3, ansible_job_id: start?.result.ansible_job_id } });
    expect(lab.calls.map((c) => c.args.mode)).toEqual(['start', 'status', 'status', 'status']);
    expect(summary.stats.h1).toMatchObject({ ok: 2, changed: 2, failed: 0 });
  });

  it('refuses async on controller modules with Ansible\'s words', async () => {
    const lab = new AsyncLab();
    await lab.run(playbook(play([task('t', 'debug', { msg: 'hi' }, { async: { limit: 10, poll: 1 } })])), one());
    expect(lab.results()[0]).toMatchObject({ status: 'failed', result: { msg: 'async is not supported for this task.' } });
  });

  // ActionBase.run (ansible-core 2.14): async unsupported first, then (the normal action supporting check mode) any
  // async task in check mode fails; compared with ansible-playbook in test/interop/check-mode.test.ts.
  it('fails every async task in check mode with Ansible\'s words, without connecting or starting a job', async () => {
    const lab = new AsyncLab();
    const more = { ignoreErrors: true };
    const tasks = [
      task('no check', 'win_slow', {}, { async: { limit: 10, poll: 0 }, ...more }), task('check', 'win_quick', {}, { async: { limit: 10, poll: 5 }, ...more }),
      task('ctl', 'debug', { msg: 'hi' }, { async: { limit: 10, poll: 1 }, ...more }),
    ];
    await lab.run(playbook(play(tasks)), one(), { check: true });
    expect(lab.results().map((r) => [r.task, r.status, r.result.msg])).toEqual([
      ['no check', 'ignored', 'check mode and async cannot be used on same task.'],
      ['check', 'ignored', 'check mode and async cannot be used on same task.'],
      ['ctl', 'ignored', 'async is not supported for this task.'],
    ]);
    expect(lab.calls).toHaveLength(0);
    expect(lab.opened).toEqual([]);
  });

  it('skips async_status in check mode: 1.14\'s async_status.ps1 reads its options with legacy Parse-Args', async () => {
    const lab = new AsyncLab();
    await lab.run(playbook(play([task('status', 'async_status', { jid: 'j1.1' })])), one(), { check: true });
    expect(lab.results()[0]).toMatchObject({ status: 'skipped', result: { changed: false, skipped: true, msg: 'remote module does not support check mode' } });
    expect(lab.calls).toHaveLength(0);
  });
});
