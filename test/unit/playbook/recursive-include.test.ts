/**
 * A recursive include_tasks is loaded one level at a time when it runs (a file that includes itself is no longer
 * refused at load), and a recursion whose when never turns false stops at MAX_INCLUDE_DEPTH with a failure at the
 * include instead of running until the controller gives out (ansible-playbook 2.14 has no limit).
 */
import { describe, expect, it } from 'vitest';
import { EventBus, runPlaybook, type RunEvent } from '../../../src/engine/index.ts';
import { InputError } from '../../../src/errors.ts';
import { loadInventory } from '../../../src/inventory/index.ts';
import { MAX_INCLUDE_DEPTH } from '../../../src/playbook/includes.ts';
import { parsePlaybook } from '../../../src/playbook/load.ts';
import type { IncludeDef } from '../../../src/playbook/types.ts';

const FILES: Record<string, string> = {
  '/pb/forever.yml': '- debug: msg=again\n- include_tasks: forever.yml\n',
  '/pb/a.yml': '- import_tasks: b.yml\n',
  '/pb/b.yml': '- import_tasks: a.yml\n',
};
const readText = (f: string): string => {
  const t = FILES[f];
  if (t === undefined) throw new InputError('PLAYBOOK_NOT_FOUND', `cannot read ${f}`);
  return t;
};
const load = (tasks: string) => parsePlaybook(`- hosts: localhost\n  gather_facts: false\n  tasks:\n${tasks}`, '/pb/p.yml', { readText });

describe('recursive include_tasks', () => {
  it('loads the first level at load time and the next ones when they run', () => {
    const inc = load('    - include_tasks: forever.yml\n').plays[0]?.tasks[0] as IncludeDef;
    const inner = inc.tasks[1] as IncludeDef;
    expect(inner).toMatchObject({ kind: 'include', tasks: [] });
    expect(inner.expand?.().map((n) => n.kind ?? 'task')).toEqual(['task', 'include']);
  });

  it('still refuses import_tasks that import each other (static: they could never end)', () => {
    expect(() => load('    - import_tasks: a.yml\n')).toThrow(/imports itself/);
  });

  it(`stops an endless recursion at ${MAX_INCLUDE_DEPTH} levels with a failure at the include`, async () => {
    const pb = load('    - include_tasks: forever.yml\n');
    const bus = new EventBus();
    const events: RunEvent[] = [];
    bus.on((e) => events.push(e));
    const summary = await runPlaybook(pb, await loadInventory(['localhost,']), {
      forks: 1, check: false, diff: false, extraVars: {}, sleep: async () => undefined,
      connect: () => {
        throw new Error('must not connect');
      },
    }, bus);
    const debugs = events.filter((e) => e.type === 'host.result' && e.module === 'debug');
    expect(debugs).toHaveLength(MAX_INCLUDE_DEPTH);
    const failed = events.find((e) => e.type === 'host.result' && e.status === 'failed');
    expect(failed?.type === 'host.result' && failed.result.msg).toBe(`include_tasks: '/pb/forever.yml' includes itself more than ${MAX_INCLUDE_DEPTH} levels deep`);
    expect(summary.stats.localhost).toMatchObject({ failed: 1 });
  }, 60_000);
});
