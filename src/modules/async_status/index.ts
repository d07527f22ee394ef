/**
 * ansible.builtin.async_status / ansible.windows.async_status: the status of a `poll: 0` job, by `jid`. A
 * controller module that asks the host's agent (async_job.ps1, mode status|cleanup): `finished: 0` while the job
 * runs, then the module's result with `finished: 1`. Typically used with `until: job.finished`, retries and delay.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef, ModuleResult } from '../types.ts';
import { asyncJob } from './job.ts';

export const asyncStatusSchema = lazySchema(() =>
  z
    .object({
      jid: z.string().min(1).describe('Job id, as `ansible_job_id` in the registered result of the async task.'),
      mode: z.enum(['status', 'cleanup']).default('status').describe('`status` reports the job; `cleanup` forgets it (stopping it if it still runs).'),
    })
    .strict(),
);

export const asyncStatus: ModuleDef<ReturnType<typeof asyncStatusSchema>> = {
  name: 'async_status',
  aliases: ['ansible.builtin.async_status', 'ansible.windows.async_status', 'ansible.legacy.async_status'],
  description: 'Report the status (and, once finished, the result) of an `async` task started with `poll: 0`.',
  get schema() {
    return asyncStatusSchema();
  },
  secretArgs: [],
  // The action plugin runs ansible.windows' async_status.ps1 on the host, which reads its options with legacy
  // `Parse-Args $args` (no check mode): in a check-mode run the task skips.
  supportsCheck: false,
  argsReader: 'legacy',
  supportsDiff: false,
  kind: 'controller',
  run: async (args, ctx): Promise<ModuleResult> => {
    if (!ctx.remote) return { failed: true, changed: false, msg: 'async_status needs a connection to the host that runs the job' };
    return ctx.remote.invoke(asyncJob as ModuleDef, { mode: args.mode, jid: args.jid }, { check: false, diff: false });
  },
  examples: `- name: Start a long job
  win_shell: C:\\tools\\reindex.ps1
  async: 600
  poll: 0
  register: job

- name: Wait for it
  async_status:
    jid: "{{ job.ansible_job_id }}"
  register: done
  until: done.finished
  retries: 60
  delay: 10
`,
};
