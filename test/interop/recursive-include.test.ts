/**
 * Interop: a bounded recursive include_tasks guarded by `when` — a task file that includes itself, a role whose
 * tasks/main.yml includes itself, and a looped one — run by ansible-playbook 2.14 and by winbook's engine: the
 * same msgs in the same order and the same recap. (Ansible has no depth limit: an unbounded recursion runs until it
 * is killed; winbook stops at MAX_INCLUDE_DEPTH, test/unit/playbook/recursive-include.test.ts.)
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ansibleRun, hasAnsible, winbookRun } from '../helpers/ansible-oracle.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));

describe.runIf(hasAnsible)('a recursive include_tasks agrees with ansible-playbook', () => {
  it('runs each level until its when turns false, as Ansible does', async () => {
    const theirs = ansibleRun(dir, 'recursive-include.yml');
    const ours = await winbookRun(dir, 'recursive-include.yml');
    expect(theirs.msgs.filter((m) => typeof m === 'string' && /^level|left$/.test(m)).length).toBeGreaterThanOrEqual(9);
    expect(ours.msgs).toEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
  }, 60_000);
});
