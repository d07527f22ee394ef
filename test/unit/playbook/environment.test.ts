import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src/playbook/load.ts';
import type { BlockDef, TaskDef } from '../../../src/playbook/types.ts';

const load = (text: string) => parsePlaybook(text, 'env.yml');

describe('environment keyword', () => {
  it('is read on the play, and merged from blocks into their tasks with the task\'s keys winning', () => {
    const pb = load(
      [
        '- hosts: all',
        '  environment: { STAGE: play }',
        '  tasks:',
        '    - block:',
        '        - win_shell: echo',
        '          environment: { COLOR: red, REGION: task }',
        '      environment: { REGION: "{{ region }}", PORT: 8080 }',
        '    - win_ping:',
      ].join('\n'),
    );
    const play = pb.plays[0];
    expect(play?.environment).toEqual({ STAGE: 'play' });
    const inner = (play?.tasks[0] as BlockDef).block[0] as TaskDef;
    expect(inner.environment).toEqual({ REGION: 'task', PORT: 8080, COLOR: 'red' });
    expect((play?.tasks[1] as TaskDef).environment).toBeUndefined();
  });

  it('takes a template for the whole mapping, and on handlers', () => {
    const pb = load('- hosts: all\n  tasks:\n    - win_ping:\n      environment: "{{ app_env }}"\n  handlers:\n    - name: h\n      win_ping:\n      environment: { A: b }\n');
    expect((pb.plays[0]?.tasks[0] as TaskDef).environment).toBe('{{ app_env }}');
    expect(pb.plays[0]?.handlers[0]?.environment).toEqual({ A: 'b' });
  });

  it('rejects a list where a mapping belongs, at its position', () => {
    expect(() => load('- hosts: all\n  tasks:\n    - win_ping:\n      environment: [A, B]\n')).toThrow(
      expect.objectContaining({ code: 'PLAYBOOK_INVALID', pos: expect.objectContaining({ line: 4 }) }),
    );
  });
});
