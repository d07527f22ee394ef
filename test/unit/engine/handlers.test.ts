import { describe, expect, it } from 'vitest';
import { Lab, handler, inventory, play, playbook, task } from './fakes.ts';

const changedOn = (host: string) => ({ changed: `{{ inventory_hostname == '${host}' }}` });

function handlerRuns(lab: Lab): string[] {
  return lab.results().filter((e) => e.handler).map((e) => `${e.task}@${e.host}`);
}

describe('handlers', () => {
  it('run once per host, in definition order, only where a changed task notified them', async () => {
    const lab = new Lab();
    const pb = playbook(
      play(
        [
          task('notify B', 'win_thing', changedOn('h1'), { notify: ['B'] }),
          task('notify A', 'win_thing', { changed: true }, { notify: ['A'] }),
          task('notify B again', 'win_thing', { changed: true }, { notify: ['B'] }),
          task('notify C unchanged', 'win_thing', {}, { notify: ['C'] }),
        ],
        { handlers: [handler('A', 'win_thing'), handler('B', 'win_thing'), handler('C', 'win_thing')] },
      ),
    );
    await lab.run(pb, inventory({ h1: {}, h2: {} }), { forks: 1 });
    expect(handlerRuns(lab)).toEqual(['A@h1', 'A@h2', 'B@h1', 'B@h2']);
    const starts = lab.events.filter((e) => e.type === 'task.start' && e.handler).map((e) => (e as { name: string }).name);
    expect(starts).toEqual(['A', 'B']);
  });

  it('answer to listen topics, and several handlers may listen to one topic', async () => {
    const lab = new Lab();
    const pb = playbook(
      play([task('change', 'win_thing', changedOn('h2'), { notify: ['restart qlik'] })], {
        handlers: [handler('stop proxy', 'win_thing', {}, ['restart qlik']), handler('unrelated', 'win_thing'), handler('start proxy', 'win_thing', {}, ['restart qlik'])],
      }),
    );
    await lab.run(pb, inventory({ h1: {}, h2: {} }));
    expect(handlerRuns(lab)).toEqual(['stop proxy@h2', 'start proxy@h2']);
  });

  it('do not run on a host that failed after notifying', async () => {
    const lab = new Lab();
    const pb = playbook(
      play([task('change', 'win_thing', { changed: true }, { notify: ['H'] }), task('fail h1', 'win_thing', { fail: "{{ 'x' if inventory_hostname == 'h1' else omit }}" })], {
        handlers: [handler('H', 'win_thing')],
      }),
    );
    await lab.run(pb, inventory({ h1: {}, h2: {} }));
    expect(handlerRuns(lab)).toEqual(['H@h2']);
  });

  it('fail the notifying task when no handler has the name or topic, as Ansible does', async () => {
    const lab = new Lab();
    const summary = await lab.run(playbook(play([task('change', 'win_thing', { changed: true }, { notify: ['nope'] })])), inventory({ h1: {} }));
    const r = lab.results()[0];
    expect(r?.status).toBe('failed');
    expect(r?.result.msg).toBe("The requested handler 'nope' was not found in either the main handlers list nor in the listening handlers list");
    expect(summary.exitCode).toBe(2);
  });

  it('count in the recap like tasks', async () => {
    const lab = new Lab();
    const pb = playbook(play([task('change', 'win_thing', { changed: true }, { notify: ['H'] })], { handlers: [handler('H', 'win_thing', { changed: true })] }));
    const summary = await lab.run(pb, inventory({ h1: {} }));
    expect(summary.stats.h1).toMatchObject({ ok: 2, changed: 2 });
  });
});
