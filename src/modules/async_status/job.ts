/**
 * The agent-side half of `async`/`poll`/`async_status` (docs/agent.md, "Async tasks"): an internal agent module,
 * not in the registry (a playbook cannot name it), whose script runs another module's script in a runspace of its
 * own and keeps `poll: 0` jobs by jid. The engine (engine/async-task.ts) and async_status call it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';

export const ASYNC_JOB_MODULE = 'winbook_async_job';

export const asyncJobSchema = lazySchema(() =>
  z.union([
    z.object({ mode: z.enum(['start', 'wait']), jid: z.string(), limit: z.number().int().positive(), module: z.string(), script: z.string(), args: z.unknown() }).strict(),
    z.object({ mode: z.enum(['status', 'cleanup']), jid: z.string() }).strict(),
  ]),
);

export type AsyncJobArgs = z.infer<ReturnType<typeof asyncJobSchema>>;

export const asyncJob: ModuleDef<ReturnType<typeof asyncJobSchema>> = {
  name: ASYNC_JOB_MODULE,
  aliases: [],
  description: 'Internal: runs a module as an async job in the agent (async/poll, async_status).',
  get schema() {
    return asyncJobSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  script: readFileSync(new URL('./async_job.ps1', import.meta.url), 'utf8'),
};

/** The message Ansible's controller gives when a polled task outlives `async:`. */
export function asyncTimeoutMessage(limit: number): string {
  return `async task did not complete within the requested time - ${limit}s`;
}

/** Ansible's job ids look like `j906721475141.17597`: random digits, then the controller-side pid. */
export function newJobId(random: () => number = Math.random, pid: number = process.pid): string {
  return `j${String(Math.floor(random() * 1e12)).padStart(12, '0')}.${pid}`;
}
