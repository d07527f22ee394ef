/**
 * Check mode where ansible-core 2.14 decides on the controller, before a module reaches the host: the raw action
 * plugin skips, and ActionBase.run refuses async ("async is not supported for this task." for an action without it,
 * else "check mode and async cannot be used on same task."). The same playbook runs with --check through
 * ansible-playbook (localhost, local connection: nothing here reaches a host) and through winbook's engine; each
 * task's outcome and message, and the recap, must be the same. Where the module decides on the host (win_command's
 * `supports_check_mode = $false`), the test is against 1.14's source text: test/integration/modules-files.test.ts,
 * modules-processes.test.ts. Skipped when ansible-playbook is not installed.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/index.ts';
import { ansibleJson, hasAnsible, recapOf, winbookEvents } from '../helpers/ansible-oracle.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/check-mode/', import.meta.url));

describe.runIf(hasAnsible)('check mode decided on the controller, against ansible-playbook --check', () => {
  it('skips raw and refuses async with Ansible\'s words, task by task', async () => {
    const ref = ansibleJson(dir, 'controller-decisions.yml', { extra: ['--check'] });
    const theirs = ref.plays[0]!.tasks.map((t) => {
      const h = t.hosts.localhost!;
      return [t.task.name, h.skipped === true ? 'skipped' : h.failed === true ? 'failed' : 'ok', h.msg ?? null];
    });
    const { events, summary } = await winbookEvents(dir, 'controller-decisions.yml', { check: true });
    const ours = events
      .filter((e): e is Extract<RunEvent, { type: 'host.result' }> => e.type === 'host.result')
      .map((e) => [e.task, e.status === 'ignored' ? 'failed' : e.status, e.result.msg ?? null]);
    expect(theirs).toEqual([
      ['raw is skipped in check mode', 'skipped', null],
      ['async with poll fails in check mode', 'failed', 'check mode and async cannot be used on same task.'],
      ['fire-and-forget async fails in check mode', 'failed', 'check mode and async cannot be used on same task.'],
      ['an action without async support says so first', 'failed', 'async is not supported for this task.'],
      ['a controller action without async support', 'failed', 'async is not supported for this task.'],
      ['a false when skips first', 'skipped', null],
    ]);
    expect(ours).toEqual(theirs);
    expect(summary.stats.localhost).toEqual(recapOf(ref));
  }, 120_000);
});
