import { describe, expect, it } from 'vitest';
import { Lab, inventory, play, playbook, task } from './fakes.ts';

const three = () => inventory({ h1: {}, h2: {}, h3: {} });

describe('linear strategy', () => {
  it('runs each task on every host before the next task starts (lockstep), with typed events in order', async () => {
    const lab = new Lab();
    await lab.run(playbook(play([task('one', 'win_thing'), task('two', 'win_thing')])), three());
    const trace = lab.events.map((e) => ('host' in e && typeof e.host === 'string' ? `${e.type}:${e.host}` : e.type));
    expect(trace[0]).toBe('run.start');
    expect(trace[1]).toBe('play.start');
    expect(trace.at(-2)).toBe('play.end');
    expect(trace.at(-1)).toBe('run.end');
    const secondStart = trace.lastIndexOf('task.start');
    const firstTaskResults = trace.slice(0, secondStart).filter((t) => t.startsWith('host.result'));
    expect(firstTaskResults.sort()).toEqual(['host.result:h1', 'host.result:h2', 'host.result:h3']);
    expect(trace.indexOf('task.end')).toBeLessThan(secondStart);
    for (const e of lab.events) expect(typeof e.at).toBe('number');
  });

  it('never runs more hosts at once than --forks', async () => {
    const lab = new Lab();
    lab.delayMs = 5;
    const hosts = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`h${i}`, {}]));
    await lab.run(playbook(play([task('slow', 'win_thing'), task('slow raw', 'raw', { _raw_params: 'hostname' })])), inventory(hosts), { forks: 3 });
    expect(lab.maxRunning).toBe(3);
    expect(lab.outcomes('slow')).toHaveLength(10);
  });

  it('drops a failed host from the rest of the play while the others go on; exit code 2', async () => {
    const lab = new Lab();
    const pb = playbook(play([task('maybe fail', 'win_thing', { fail: "{{ 'boom' if inventory_hostname == 'h2' else omit }}" }), task('after', 'win_thing')]));
    const summary = await lab.run(pb, three());
    expect(lab.outcomes('maybe fail')).toEqual(['h1:ok', 'h2:failed', 'h3:ok']);
    expect(lab.outcomes('after')).toEqual(['h1:ok', 'h3:ok']);
    expect(summary.exitCode).toBe(2);
    expect(summary.failed).toEqual(['h2']);
    expect(summary.stats.h2).toMatchObject({ ok: 0, failed: 1 });
    expect(summary.stats.h1).toMatchObject({ ok: 2, failed: 0 });
  });

  it('tells unreachable from failed: ConnectionError makes the host unreachable, exit 4 when none failed', async () => {
    const lab = new Lab();
    lab.unreachable.add('h3');
    const summary = await lab.run(playbook(play([task('t', 'win_thing'), task('u', 'win_thing')])), three());
    const fatal = lab.results().find((e) => e.host === 'h3');
    expect(fatal?.status).toBe('unreachable');
    expect(fatal?.result).toMatchObject({ unreachable: true, changed: false, msg: expect.stringContaining('connection refused') });
    expect(lab.outcomes('u')).toEqual(['h1:ok', 'h2:ok']);
    expect(summary).toMatchObject({ exitCode: 4, unreachable: ['h3'], failed: [] });
    expect(summary.stats.h3).toMatchObject({ unreachable: 1, failed: 0 });
  });

  it('exits 2 when one host failed and another was unreachable', async () => {
    const lab = new Lab();
    lab.unreachable.add('h3');
    const pb = playbook(play([task('t', 'win_thing', { fail: "{{ 'x' if inventory_hostname == 'h1' else omit }}" })]));
    expect((await lab.run(pb, three())).exitCode).toBe(2);
  });

  it('exits 0 when all is well, and opens one transport per host, lazily, closed at the end', async () => {
    const lab = new Lab();
    const pb = playbook(
      play([task('local only', 'debug', { msg: 'hi' })], { name: 'p1' }),
      play([task('a', 'win_thing'), task('b', 'raw', { _raw_params: 'ver' }), task('c', 'win_thing')], { name: 'p2', hosts: 'h1:h2' }),
    );
    const summary = await lab.run(pb, three());
    expect(summary.exitCode).toBe(0);
    expect(lab.opened.sort()).toEqual(['h1', 'h2']);
    expect(lab.agentsStarted.sort()).toEqual(['h1', 'h2']);
    expect(lab.closed.sort()).toEqual(['h1', 'h2']);
  });

  it('applies --limit like Ansible: play hosts ∩ limit', async () => {
    const lab = new Lab();
    await lab.run(playbook(play([task('t', 'win_thing')], { hosts: 'web' })), inventory({ h1: {}, h2: {}, h3: {} }, { web: ['h1', 'h2'] }), { limit: 'h2:h3' });
    expect(lab.outcomes('t')).toEqual(['h2:ok']);
  });

  it('keeps a host that failed in one play out of the next; stops the playbook when every host of a play failed', async () => {
    const lab = new Lab();
    const pb = playbook(
      play([task('p1', 'win_thing', { fail: "{{ 'x' if inventory_hostname == 'h1' else omit }}" })], { name: 'one' }),
      play([task('p2', 'fail', { msg: 'all fail' })], { name: 'two' }),
      play([task('p3', 'win_thing')], { name: 'three' }),
    );
    await lab.run(pb, three());
    expect(lab.outcomes('p2')).toEqual(['h2:failed', 'h3:failed']);
    expect(lab.outcomes('p3')).toEqual([]);
    expect(lab.events.filter((e) => e.type === 'play.start').map((e) => (e as { name: string }).name)).toEqual(['one', 'two']);
  });

  it('stops scheduling when aborted and exits 99', async () => {
    const lab = new Lab();
    const ac = new AbortController();
    lab.agentImpls.set('win_thing', () => (ac.abort(), { changed: false }));
    const summary = await lab.run(playbook(play([task('t', 'win_thing'), task('never', 'win_thing')])), three(), { forks: 1, signal: ac.signal });
    expect(summary.exitCode).toBe(99);
    expect(lab.outcomes('t')).toEqual(['h1:ok']);
    expect(lab.outcomes('never')).toEqual([]);
    expect(lab.events.at(-1)?.type).toBe('run.end');
  });

  it('warns and skips a play whose pattern matches no host', async () => {
    const lab = new Lab();
    const summary = await lab.run(playbook(play([task('t', 'win_thing')], { hosts: 'nobody' })), three());
    expect(lab.events.find((e) => e.type === 'warning')).toMatchObject({ message: expect.stringContaining('nobody') });
    expect(summary.exitCode).toBe(0);
  });
});
