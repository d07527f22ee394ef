import { describe, expect, it } from 'vitest';
import { Lab, handler, inventory, play, playbook, task } from './fakes.ts';

const ran = (lab: Lab) => lab.results().filter((e) => e.item === undefined).map((e) => `${e.task}@${e.host}`);

describe('resume (EngineOptions.resume)', () => {
  const pb = () =>
    playbook(
      play(
        [
          task('one', 'win_thing', { echo: 'first' }, { register: 'first' }),
          task('two', 'win_thing', { changed: true }, { notify: ['restart'] }),
          task('three', 'win_thing', { echo: '{{ first.echo }}' }),
        ],
        { handlers: [handler('restart', 'win_thing', { changed: true })] },
      ),
    );

  it('starts a host at its task with registered values and pending handlers restored; other hosts run everything', async () => {
    const lab = new Lab();
    await lab.run(pb(), inventory({ h1: {}, h2: {} }), {
      forks: 1,
      resume: { h1: { play: 0, task: 'site.yml:three', facts: { first: { echo: 'restored' } }, pending: ['restart'] } },
    });
    expect(ran(lab)).toEqual(['one@h2', 'two@h2', 'three@h1', 'three@h2', 'restart@h1', 'restart@h2']);
    const three = lab.results().find((e) => e.task === 'three' && e.host === 'h1');
    expect(three?.result.echo).toBe('restored');
    expect(three?.status).toBe('ok');
  });

  it('skips earlier plays entirely and, with no task, runs only the pending handlers of its play', async () => {
    const lab = new Lab();
    const second = play([task('four', 'win_thing')], { handlers: [handler('bounce', 'win_thing')] });
    await lab.run(playbook(pb().plays[0]!, second), inventory({ h1: {} }), {
      resume: { h1: { play: 1, facts: {}, pending: ['bounce'] } },
    });
    expect(ran(lab)).toEqual(['bounce@h1']);
  });

  it('restores gathered facts below play vars and include_vars values templated on use, each at its level', async () => {
    const lab = new Lab();
    const p = play(
      [
        task('skipped', 'win_thing'),
        task('show', 'debug', { msg: '{{ ansible_hostname }} {{ ansible_facts.os_family }} {{ os_label }} {{ url }}' }),
      ],
      { vars: { os_label: 'from play vars', host: 'example.test' } },
    );
    await lab.run(playbook(p), inventory({ h1: {} }), {
      resume: {
        h1: {
          play: 0, task: 'site.yml:show', facts: {}, pending: [],
          // A gathered fact named like a play var loses to it (fact cache < play vars); include_vars text is templated.
          gathered: { ansible_hostname: 'WIN01', ansible_os_family: 'Windows', os_label: 'from facts' },
          includeVars: { url: 'https://{{ host }}/' },
        },
      },
    });
    expect(ran(lab)).toEqual(['show@h1']);
    expect(lab.results()[0]?.result.msg).toBe('WIN01 Windows from play vars https://example.test/');
  });
});
