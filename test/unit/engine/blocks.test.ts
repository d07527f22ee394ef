import { describe, expect, it } from 'vitest';
import type { BlockDef, IncludeDef, TaskNode } from '../../../src/playbook/types.ts';
import { Lab, handler, inventory, play, playbook, task } from './fakes.ts';

const pos = { file: 'site.yml', line: 1, col: 1 };
const block = (b: TaskNode[], rescue: TaskNode[] = [], always: TaskNode[] = []): BlockDef => ({ kind: 'block', id: 'b', block: b, rescue, always, pos });
const failOn = (host: string) => ({ fail: `{{ 'boom' if inventory_hostname == '${host}' else omit }}` });

describe('block / rescue / always', () => {
  it('rescues a failed host, counts it rescued not failed, and shows ansible_failed_task in rescue', async () => {
    const lab = new Lab();
    const pb = playbook(play([
      block(
        [task('one', 'debug', { msg: 'one' }), task('boom', 'win_thing', failOn('h1')), task('after', 'debug', { msg: 'after' })],
        [task('rescue', 'debug', { msg: '{{ ansible_failed_task.name }}: {{ ansible_failed_result.msg }}' })],
        [task('always', 'debug', { msg: 'always' })],
      ),
    ]));
    const summary = await lab.run(pb, inventory({ h1: {}, h2: {} }));
    expect(lab.outcomes('after')).toEqual(['h2:ok']);
    expect(lab.outcomes('rescue')).toEqual(['h1:ok']);
    expect(lab.results().find((e) => e.task === 'rescue')?.result.msg).toBe('boom: boom');
    expect(lab.outcomes('always')).toEqual(['h1:ok', 'h2:ok']);
    // As ansible-playbook's recap: the rescued failure is neither ok nor failed.
    expect(summary.stats.h1).toMatchObject({ ok: 3, failed: 0, rescued: 1 });
    expect(summary.exitCode).toBe(0);
  });

  it('runs always on a host that failed without rescue, then leaves it failed', async () => {
    const lab = new Lab();
    const pb = playbook(play([block([task('boom', 'win_thing', { fail: 'x' })], [], [task('always', 'debug', {})]), task('later', 'debug', {})]));
    const summary = await lab.run(pb, inventory({ h1: {} }));
    expect(lab.outcomes('always')).toEqual(['h1:ok']);
    expect(lab.outcomes('later')).toEqual([]);
    expect(summary.stats.h1).toMatchObject({ ok: 1, failed: 1, rescued: 0 });
    expect(summary.exitCode).toBe(2);
  });

  it('counts a failure inside rescue as failed', async () => {
    const lab = new Lab();
    const pb = playbook(play([block([task('boom', 'win_thing', { fail: 'x' })], [task('boom again', 'win_thing', { fail: 'y' })])]));
    const summary = await lab.run(pb, inventory({ h1: {} }));
    expect(summary.stats.h1).toMatchObject({ failed: 1, rescued: 1 });
  });
});

describe('include_tasks, serial, retries and loop_control', () => {
  it('decides an include once per host and counts the include as ok, as Ansible does', async () => {
    const lab = new Lab();
    const inc: IncludeDef = { kind: 'include', id: 'i', name: 'include_tasks', file: 'x.yml', tasks: [task('inside', 'debug', {})], when: ["inventory_hostname == 'h2'"], vars: {}, pos };
    const summary = await lab.run(playbook(play([inc])), inventory({ h1: {}, h2: {} }));
    expect(lab.outcomes('inside')).toEqual(['h2:ok']);
    expect(summary.stats.h2).toMatchObject({ ok: 2 });
    expect(summary.stats.h1).toMatchObject({ ok: 0, skipped: 1 });
  });

  it('runs serial batches one after another with handlers flushed per batch', async () => {
    const lab = new Lab();
    const pb = playbook(play([task('change', 'win_thing', { changed: true }, { notify: ['H'] })], { serial: [1, '50%'], handlers: [handler('H', 'debug')] }));
    await lab.run(pb, inventory({ h1: {}, h2: {}, h3: {} }), { forks: 5 });
    const order = lab.results().map((e) => `${e.task}@${e.host}`);
    expect(order).toEqual(['change@h1', 'H@h1', 'change@h2', 'H@h2', 'change@h3', 'H@h3']);
  });

  it('retries until the condition holds and reports attempts', async () => {
    const lab = new Lab();
    let n = 0;
    lab.agentImpls.set('win_thing', () => ({ changed: false, count: ++n }));
    const t = task('poll', 'win_thing', {}, { register: 'r', retry: { until: ['r.count >= 3'], retries: 5, delay: 1 } });
    await lab.run(playbook(play([t])), inventory({ h1: {} }), { sleep: async () => undefined });
    expect(lab.results()[0]?.result).toMatchObject({ attempts: 3, count: 3 });
    expect(lab.events.filter((e) => e.type === 'host.retry')).toHaveLength(2);
  });

  it('binds loop_var and index_var and shows the label', async () => {
    const lab = new Lab();
    const t = task('each', 'debug', { msg: '{{ svc.name }}#{{ i }}' }, { loop: [{ name: 'a' }, { name: 'b' }], loopControl: { loopVar: 'svc', indexVar: 'i', label: '{{ svc.name }}' } });
    await lab.run(playbook(play([t])), inventory({ h1: {} }));
    const items = lab.results().filter((e) => e.item !== undefined);
    expect(items.map((e) => [e.item, e.result.msg])).toEqual([['a', 'a#0'], ['b', 'b#1']]);
  });

  it('stops the play for every host when any_errors_fatal and one host fails', async () => {
    const lab = new Lab();
    const pb = playbook(play([task('boom', 'win_thing', failOn('h1')), task('next', 'debug', {})], { anyErrorsFatal: true }));
    const summary = await lab.run(pb, inventory({ h1: {}, h2: {} }));
    expect(lab.outcomes('next')).toEqual([]);
    expect(summary.exitCode).toBe(2);
  });

  it('runs handlers notified by a later-failed host only with force_handlers', async () => {
    const lab = new Lab();
    const tasks = [task('change', 'win_thing', { changed: true }, { notify: ['H'] }), task('boom', 'win_thing', { fail: 'x' })];
    await lab.run(playbook(play(tasks, { handlers: [handler('H', 'debug')], forceHandlers: true })), inventory({ h1: {} }));
    expect(lab.outcomes('H')).toEqual(['h1:ok']);
  });

  it('puts the task id on task.start and host.result events', async () => {
    const lab = new Lab();
    await lab.run(playbook(play([task('one', 'debug', {})])), inventory({ h1: {} }));
    const start = lab.events.find((e) => e.type === 'task.start');
    expect(start && 'taskId' in start ? start.taskId : undefined).toBe('site.yml:one');
    expect(lab.results()[0]?.taskId).toBe('site.yml:one');
  });
});
