import { describe, expect, it } from 'vitest';
import { defaultDeps } from '../../../src/engine/default-deps.ts';
import { taskEnvironment } from '../../../src/engine/task-environment.ts';
import type { PlayDef, TaskDef } from '../../../src/playbook/types.ts';

const pos = { file: 'p.yml', line: 1, col: 1 };
const play = (environment?: unknown) => ({ name: 'p', hosts: 'all', vars: {}, gatherFacts: false, tasks: [], handlers: [], pos, ...(environment === undefined ? {} : { environment }) }) as PlayDef;
const task = (environment?: unknown) => ({ name: 't', module: 'win_shell', ...(environment === undefined ? {} : { environment }), pos }) as unknown as TaskDef;

describe('task environment', () => {
  it('is undefined when neither the play nor the task sets one', () => {
    expect(taskEnvironment(defaultDeps, play(), task(), {})).toBeUndefined();
  });

  it('templates the play\'s and the task\'s mappings, the task\'s keys winning, values as Python prints them', () => {
    const env = taskEnvironment(defaultDeps, play({ STAGE: 'play', COLOR: 'blue' }), task({ COLOR: '{{ c }}', ON: true, PORT: 8080 }), { c: 'red' });
    expect(env).toEqual({ STAGE: 'play', COLOR: 'red', ON: 'True', PORT: '8080' });
  });

  it('renders a whole-mapping template and refuses what is not a mapping, in Ansible\'s words', () => {
    expect(taskEnvironment(defaultDeps, play(), task('{{ app_env }}'), { app_env: { A: 'b' } })).toEqual({ A: 'b' });
    expect(() => taskEnvironment(defaultDeps, play(), task('{{ s }}'), { s: 'text' })).toThrow('environment must be a dictionary, received text (string)');
  });
});
