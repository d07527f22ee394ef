/**
 * The implicit Gathering Facts task is selected by --tags / --skip-tags as ansible-core 2.14's PlayIterator tags it:
 * `always` when the play has no tags, else the play's tags (checked with ansible-playbook: `--skip-tags always`
 * skips it, `--tags foo` on a play tagged `bar` skips it, `--tags bar` runs it).
 */
import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src/playbook/load.ts';
import { selectTasks, type Selection } from '../../../src/playbook/select.ts';

const untagged = parsePlaybook('- hosts: all\n  tasks:\n    - win_ping:\n      tags: [foo]\n', 'p.yml');
const tagged = parsePlaybook('- hosts: all\n  tags: [bar]\n  tasks:\n    - win_ping:\n      tags: [foo]\n', 'p.yml');
const gathers = (pb: typeof untagged, sel: Selection): boolean | undefined => selectTasks(pb, sel)?.plays[0]?.gatherFacts;

describe('Gathering Facts and tags', () => {
  it('runs on an untagged play unless always is skipped', () => {
    expect(gathers(untagged, {})).toBe(true);
    expect(gathers(untagged, { tags: ['foo'] })).toBe(true);
    expect(gathers(untagged, { skipTags: ['always'] })).toBe(false);
    expect(gathers(untagged, { tags: ['foo'], skipTags: ['always'] })).toBe(false);
  });

  it("follows the play's tags on a tagged play", () => {
    expect(gathers(tagged, {})).toBe(true);
    expect(gathers(tagged, { tags: ['bar'] })).toBe(true);
    expect(gathers(tagged, { tags: ['foo'] })).toBe(false);
    expect(gathers(tagged, { skipTags: ['bar'] })).toBe(false);
    expect(gathers(tagged, { skipTags: ['always'] })).toBe(true);
  });
});
