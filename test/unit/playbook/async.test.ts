import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src/playbook/load.ts';
import type { TaskDef } from '../../../src/playbook/types.ts';

const firstTask = (body: string) => parsePlaybook(`- hosts: all\n  tasks:\n    - win_ping:\n${body}`, 'async.yml').plays[0]?.tasks[0] as TaskDef;

describe('async and poll keywords', () => {
  it('reads async with its poll, and defaults poll to 15 seconds as Ansible does', () => {
    expect(firstTask('      async: 60\n      poll: 0\n').async).toEqual({ limit: 60, poll: 0 });
    expect(firstTask('      async: "45"\n').async).toEqual({ limit: 45, poll: 15 });
  });

  it('runs the task synchronously for async: 0 and ignores poll without async, like Ansible', () => {
    expect(firstTask('      async: 0\n      poll: 5\n').async).toBeUndefined();
    expect(firstTask('      poll: 5\n').async).toBeUndefined();
  });

  it('rejects a fractional or negative poll at its position', () => {
    expect(() => firstTask('      async: 10\n      poll: 1.5\n')).toThrow(
      expect.objectContaining({ code: 'PLAYBOOK_INVALID', message: expect.stringMatching(/'poll' must be a whole number of seconds/), pos: expect.objectContaining({ line: 5, col: 13 }) }),
    );
    expect(() => firstTask('      async: -1\n')).toThrow(expect.objectContaining({ code: 'PLAYBOOK_INVALID', pos: expect.objectContaining({ line: 4 }) }));
  });
});
