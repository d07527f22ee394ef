/**
 * Interop: the playbook language of issue 14 (merge keys in module arguments, with_dict, become: false,
 * check_mode on import_tasks, raw text in variables and facts, item.0 and slices over loops, loop filters,
 * format, zip, the result-test aliases, a looped include_tasks) run by ansible-playbook 2.14 and by winbook's
 * engine on localhost: every task's msg, and every loop item's, must be the same, and so must the recap.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ansibleRun, hasAnsible, winbookRun } from '../helpers/ansible-oracle.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));

describe.runIf(hasAnsible)('the playbook language agrees with ansible-playbook', () => {
  it('gives every task and loop item the msg Ansible gives, and the same recap', async () => {
    const theirs = ansibleRun(dir, 'language.yml');
    const ours = await winbookRun(dir, 'language.yml');
    expect(theirs.msgs.length).toBeGreaterThanOrEqual(15);
    expect(ours.msgs).toEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
  }, 60_000);
});
