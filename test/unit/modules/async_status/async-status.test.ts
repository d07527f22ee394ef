import { describe, expect, it } from 'vitest';
import { asyncStatus } from '../../../../src/modules/async_status/index.ts';
import { asyncJob, asyncTimeoutMessage, newJobId } from '../../../../src/modules/async_status/job.ts';
import { findModule } from '../../../../src/modules/registry.ts';
import type { ModuleDef } from '../../../../src/modules/types.ts';

describe('async_status and the async job module', () => {
  it('answers to the names Ansible playbooks use, while the job module stays internal', () => {
    for (const n of ['async_status', 'ansible.builtin.async_status', 'ansible.windows.async_status']) expect(findModule(n)?.name).toBe('async_status');
    expect(findModule('winbook_async_job')).toBeUndefined();
  });

  it('makes job ids of Ansible\'s shape and its timeout message', () => {
    expect(newJobId(() => 0.5, 42)).toBe('j500000000000.42');
    expect(newJobId(() => 0.000001, 7)).toBe('j000001000000.7');
    expect(asyncTimeoutMessage(30)).toBe('async task did not complete within the requested time - 30s');
  });

  it('asks the host\'s agent for the job, defaulting to mode status', async () => {
    const sent: unknown[] = [];
    const remote = {
      invoke: async (def: ModuleDef, args: unknown) => (sent.push([def.name, args]), { finished: 0 }),
      exec: async () => ({ rc: 0, stdout: '', stderr: '' }),
      reconnect: async () => undefined,
    };
    const args = asyncStatus.schema.parse({ jid: 'j1.2' });
    const r = await asyncStatus.run?.(args, { host: 'h', check: false, diff: false, vars: {}, remote });
    expect(r).toEqual({ finished: 0 });
    expect(sent).toEqual([[asyncJob.name, { mode: 'status', jid: 'j1.2' }]]);
  });

  it('fails without a connection to ask', async () => {
    const r = await asyncStatus.run?.(asyncStatus.schema.parse({ jid: 'j1.2', mode: 'cleanup' }), { host: 'h', check: false, diff: false, vars: {} });
    expect(r).toMatchObject({ failed: true });
  });
});
