/**
 * Controller-only playbooks run through ansible-playbook (json callback) and through winbook's engine: the same
 * tasks must run, in the same order, with the same recap. Skipped when ansible-playbook is not installed.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/index.ts';
import { ansibleJson, hasAnsible, recapOf, winbookEvents } from '../helpers/ansible-oracle.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));

/** The tasks winbook ran, by name, in order (loop items left out), and the run's summary. */
async function winbook(playbook: string, tags?: string[]) {
  const { events, summary } = await winbookEvents(dir, playbook, tags ? { tags } : {});
  const tasks = events.filter((e): e is Extract<RunEvent, { type: 'host.result' }> => e.type === 'host.result' && e.item === undefined).map((e) => e.task);
  return { summary, tasks };
}

/** Ansible prefixes role tasks with `role : `; winbook names them as written. */
const bare = (n: string): string => n.replace(/^[\w-]+ : /, '');

describe.runIf(hasAnsible)('winbook against ansible-playbook on controller-only playbooks', () => {
  it('runs the same tasks in the same order with the same recap (blocks, roles, imports, loops, handlers)', async () => {
    const ref = ansibleJson(dir, 'site.yml', { allowFailure: true });
    const ours = await winbook('site.yml');
    const refTasks = ref.plays.flatMap((p) => p.tasks.map((t) => bare(t.task.name)));
    expect(ours.tasks).toEqual(refTasks);
    expect(ours.summary.stats.localhost).toEqual(recapOf(ref));
  }, 60_000);

  it('selects the same tasks with --tags', async () => {
    const ref = ansibleJson(dir, 'site.yml', { extra: ['--tags', 'debugging'], allowFailure: true });
    const ours = await winbook('site.yml', ['debugging']);
    expect(ours.tasks).toEqual(ref.plays.flatMap((p) => p.tasks.map((t) => bare(t.task.name))));
  }, 60_000);
});
