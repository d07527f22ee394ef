import { describe, expect, it } from 'vitest';
import { defaultDeps } from '../../../src/engine/default-deps.ts';
import { EventBus } from '../../../src/engine/events.ts';
import { createRunContext, hostState } from '../../../src/engine/run-context.ts';
import { varsFor } from '../../../src/engine/task-vars.ts';
import { inventory, play, playbook, task } from './fakes.ts';

/** One host's variables for one task, with a value for `x` at every level varsFor merges. */
function varsOf(levels: { inv?: object; play?: object; task?: object; facts?: object; extra?: object }): Record<string, unknown> {
  const inv = inventory({ h1: { ...levels.inv } });
  const t = task('t', 'debug', {}, { vars: { ...levels.task } });
  const pb = playbook(play([t], { vars: { ...levels.play } }));
  const ctx = createRunContext(pb, inv, { forks: 1, check: false, diff: false, extraVars: { ...levels.extra }, connect: () => { throw new Error('no host is reached here'); } }, new EventBus(), defaultDeps);
  const host = hostState(ctx, 'h1');
  Object.assign(host.facts, levels.facts);
  return varsFor(ctx, { play: pb.plays[0]!, task: t, handler: false, playHosts: ['h1'], hostvars: {} }, host);
}

describe('varsFor', () => {
  it('merges the levels in Ansible 2.14 precedence: inventory < play < task < facts < extra vars, keys in first-seen order', () => {
    expect(varsOf({ inv: { x: 'inv', a: 1 }, play: { x: 'play', b: 2 } }).x).toBe('play');
    expect(varsOf({ inv: { x: 'inv' }, play: { x: 'play' }, task: { x: 'task' } }).x).toBe('task');
    expect(varsOf({ play: { x: 'play' }, task: { x: 'task' }, facts: { x: 'fact' } }).x).toBe('fact');
    expect(varsOf({ task: { x: 'task' }, facts: { x: 'fact' }, extra: { x: 'extra' } }).x).toBe('extra');
    const keys = Object.keys(varsOf({ inv: { x: 1, a: 1 }, play: { b: 2, x: 2 } }));
    expect(keys.indexOf('x')).toBeLessThan(keys.indexOf('a'));
    expect(keys.indexOf('a')).toBeLessThan(keys.indexOf('b'));
  });

  it('keeps a variable named __proto__ as a variable (as an object spread does), never as the prototype', () => {
    const v = varsOf({ play: JSON.parse('{"__proto__": {"polluted": true}, "y": 1}') as object });
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect((v as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(v, '__proto__')?.value).toEqual({ polluted: true });
    expect(v.y).toBe(1);
  });
});
