/**
 * Interop: the types template results get where Ansible 2.14 templates with convert_data (set_fact, vars
 * templated on use, loop, debug's msg), run by ansible-playbook and by winbook's engine on localhost; every msg
 * (2 ≠ '2') and the recap must be the same.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ansibleRun, hasAnsible, winbookRun } from '../helpers/ansible-oracle.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));

describe.runIf(hasAnsible)('template result types agree with ansible-playbook', () => {
  it('gives every task and loop item the msg Ansible gives, types included', async () => {
    const theirs = ansibleRun(dir, 'template-types.yml');
    const ours = await winbookRun(dir, 'template-types.yml');
    expect(theirs.msgs.length).toBe(10);
    // toStrictEqual: 2 and '2' differ; key order does not (the json callback sorts keys).
    expect(ours.msgs).toStrictEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
  }, 60_000);

  it('keeps NativeJinjaText a value where Ansible hands the same object on, and text read back where it makes a new str', async () => {
    const theirs = ansibleRun(dir, 'native-text.yml');
    const ours = await winbookRun(dir, 'native-text.yml');
    expect(theirs.msgs.length).toBe(77);
    expect(ours.msgs).toStrictEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
  }, 60_000);
});
