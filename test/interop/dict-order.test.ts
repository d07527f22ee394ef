/**
 * Interop: Python's dict order with integer-like keys (`'8080'`, `'443'`), which JavaScript would list first,
 * through a vars file, with_dict, loop, for, keys/values/items, to_json, a dict literal, combine, dict(),
 * items2dict, from_json, set_fact arguments and a registered module result — each msg is text showing the order,
 * the same as ansible-playbook 2.14's (util/dict-order.ts).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ansibleRun, hasAnsible, winbookRun } from '../helpers/ansible-oracle.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));

describe.runIf(hasAnsible)('dicts keep Python order as in ansible-playbook', () => {
  it('gives every task and loop item the msg Ansible gives', async () => {
    const theirs = ansibleRun(dir, 'dict-order.yml');
    const ours = await winbookRun(dir, 'dict-order.yml');
    expect(theirs.msgs.length).toBe(9);
    // The first loop item shows the order is Python's, not JavaScript's ('22' first).
    expect((theirs.msgs[0] as string[])[0]).toBe('8080=http-alt');
    // Text (and lists of text) shows the order; facts are dicts, which the json callback prints with sorted keys.
    const text = (msgs: unknown[]): string => JSON.stringify(msgs.map((m) => (typeof m === 'string' || Array.isArray(m) ? m : null)));
    expect(text(ours.msgs)).toBe(text(theirs.msgs));
    expect(JSON.parse(JSON.stringify(ours.msgs))).toEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
  }, 60_000);
});
