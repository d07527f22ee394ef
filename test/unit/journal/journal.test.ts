/**
 * The journal as an event subscriber: what it records from a real engine run (fake neighbours), how a reader
 * rebuilds each host's outcome and resume point from it, and that a resume point fed back into the engine
 * continues the host exactly where it stopped with its pending handler run once.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachJournal, JOURNAL_FILE, makeRunDir, planOf, readJournal, rerunHosts, resumePlan, viewRun } from '../../../src/journal/index.ts';
import type { JournalRecord } from '../../../src/journal/index.ts';
import { Lab, handler, inventory, play, playbook, task } from '../engine/fakes.ts';

const pb = () =>
  playbook(
    play(
      [
        task('one', 'win_thing', { echo: 'first' }, { register: 'first' }),
        task('two', 'win_thing', { changed: true }, { notify: ['restart'] }),
        task('three', 'win_thing', { fail: "{{ 'boom' if inventory_hostname == 'h1' else '' }}" }),
        task('four', 'win_thing', { echo: '{{ first.echo }}' }),
      ],
      { handlers: [handler('restart', 'win_thing', { changed: true })] },
    ),
  );

async function journaled(lab: Lab, opts: Parameters<Lab['run']>[2] = {}, resume?: Parameters<typeof attachJournal>[2]['resume']): Promise<string> {
  const dir = makeRunDir(mkdtempSync(join(tmpdir(), 'journal-')), 'run1');
  const path = join(dir, JOURNAL_FILE);
  const book = pb();
  const j = attachJournal(lab.bus, path, { id: 'run1', playbook: book.file, cwd: '/', argv: [], check: false, ...(resume ? { resume, resumeOf: 'run0' } : {}) }, planOf(book));
  await lab.run(book, inventory({ h1: {}, h2: {} }), { forks: 1, ...opts });
  await j.done();
  return path;
}

describe('run journal', () => {
  it('records the plan, every result and the pending notifications, in an owner-only file', async () => {
    const path = await journaled(new Lab());
    const recs = readJournal(path);
    expect(recs[0]).toMatchObject({ t: 'run', id: 'run1' });
    expect(recs[1]).toMatchObject({ t: 'plan', plays: [{ tasks: [{ id: 'site.yml:one', register: 'first' }, {}, {}, {}] }] });
    expect(recs.filter((r) => r.t === 'result').map((r) => r.t === 'result' && `${r.name}@${r.host}:${r.status}`)).toEqual([
      'one@h1:ok', 'one@h2:ok', 'two@h1:changed', 'two@h2:changed', 'three@h1:failed', 'three@h2:ok', 'four@h2:ok', 'restart@h2:changed',
    ]);
    expect(recs.filter((r) => r.t === 'pending').map((r) => r.t === 'pending' && `${r.host}:${r.handlers.join()}`)).toEqual(['h1:restart', 'h2:restart', 'h2:']);
    expect(recs.at(-1)).toMatchObject({ t: 'end', status: 'completed', exitCode: 2 });
    if (process.platform !== 'win32') {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    }
  });

  it('says where a failed host stopped, with its registered values and its pending handler', async () => {
    const view = viewRun(readJournal(await journaled(new Lab())))!;
    expect(view.status).toBe('completed');
    const h1 = view.hosts.find((h) => h.host === 'h1')!;
    expect(h1).toMatchObject({ end: 'failed', at: { id: 'site.yml:three', name: 'three' }, message: 'boom' });
    expect(h1.resume).toEqual({ play: 0, task: 'site.yml:three', facts: { first: expect.objectContaining({ echo: 'first' }) }, pending: ['restart'] });
    expect(view.hosts.find((h) => h.host === 'h2')).toEqual({ host: 'h2', end: 'ok' });
    expect(rerunHosts(view, 'failed').map((h) => h.host)).toEqual(['h1']);
    expect(rerunHosts(view, 'unreachable')).toEqual([]);
    expect(rerunHosts(view, 'all').map((h) => h.host)).toEqual(['h1', 'h2']);
  });

  it('after a crash (journal cut mid-line) resumes hosts at the task they were running or the next one', async () => {
    const path = await journaled(new Lab());
    const lines = readFileSync(path, 'utf8').split('\n');
    // Keep everything up to h1's result for "two", then a torn half line: as if killed while writing.
    const cut = lines.findIndex((l) => l.includes('"name":"two"') && l.includes('"host":"h1"'));
    writeFileSync(path, lines.slice(0, cut + 1).join('\n') + '\n' + lines[cut + 1]!.slice(0, 20));
    const view = viewRun(readJournal(path))!;
    expect(view.status).toBe('running');
    const byHost = Object.fromEntries(view.hosts.map((h) => [h.host, h]));
    expect(byHost.h1?.end).toBe('incomplete');
    expect(byHost.h1?.resume?.task).toBe('site.yml:three');
    expect(byHost.h2?.resume?.task).toBe('site.yml:two');
    expect(byHost.h2?.resume?.pending).toEqual([]);
  });

  it('fed back to the engine, continues the failed host at its task and runs the pending handler once', async () => {
    const first = viewRun(readJournal(await journaled(new Lab())))!;
    const lab = new Lab();
    const resume = resumePlan(rerunHosts(first, 'failed'));
    // The failure is fixed: task three now passes on h1.
    lab.agentImpls.set('win_thing', (a) => ({ changed: Boolean(a.changed), ...(a.echo === undefined ? {} : { echo: a.echo }) }));
    const path = await journaled(lab, { limit: 'h1', resume }, resume);
    const ran = lab.results().map((e) => `${e.task}@${e.host}`);
    expect(ran).toEqual(['three@h1', 'four@h1', 'restart@h1']);
    expect(lab.results().find((e) => e.task === 'four')?.result.echo).toBe('first');
    const again = viewRun(readJournal(path))!;
    expect(again.hosts).toEqual([{ host: 'h1', end: 'ok' }]);
  });

  it('keeps the previous resume point for a host the resumed run never reached', async () => {
    const recs: JournalRecord[] = [
      { t: 'run', id: 'r2', playbook: 'p.yml', cwd: '/', argv: [], check: false, at: 0, resumeOf: 'r1', resume: { h1: { play: 0, task: 't3', facts: { a: 1 }, pending: ['x'] } } },
      { t: 'plan', plays: [] },
      { t: 'play', index: 0, name: 'p', hosts: ['h1'], at: 0 },
    ];
    expect(viewRun(recs)?.hosts).toEqual([{ host: 'h1', end: 'incomplete', resume: { play: 0, task: 't3', facts: { a: 1 }, pending: ['x'] } }]);
  });
});

describe('facts in a resume point keep their level', () => {
  it('puts setup facts back as gathered facts, include_vars values at their level, and the rest as set_fact facts', () => {
    const result = (task: string, module: string | undefined, facts: Record<string, unknown>): JournalRecord => ({
      t: 'result', host: 'h1', task, name: task, handler: false, status: 'ok', result: { changed: false, ansible_facts: facts }, ...(module ? { module } : {}), durationMs: 0, at: 0,
    });
    const recs: JournalRecord[] = [
      { t: 'run', id: 'r', playbook: 'p.yml', cwd: '/', argv: [], check: false, at: 0 },
      { t: 'plan', plays: [{ name: 'p', hosts: 'all', handlers: [], tasks: ['t0', 't1', 't2', 't3', 't4'].map((id) => ({ id, at: id, name: id, module: 'x', notify: [] })) }] },
      { t: 'play', index: 0, name: 'p', hosts: ['h1'], at: 0 },
      result('t0', 'setup', { ansible_hostname: 'WIN01' }),
      result('t1', 'include_vars', { url: 'https://{{ host }}' }),
      result('t2', 'set_fact', { answer: 42 }),
      // A journal written before results named their module: set_fact level, as before.
      result('t3', undefined, { old: true }),
      { t: 'task', id: 't4', name: 't4', handler: false, hosts: ['h1'], at: 0 },
    ];
    expect(viewRun(recs)?.hosts[0]?.resume).toEqual({
      play: 0, task: 't4', facts: { answer: 42, old: true }, gathered: { ansible_hostname: 'WIN01' }, includeVars: { url: 'https://{{ host }}' }, pending: [],
    });
  });
});

describe('run journal outcomes', () => {
  it('does not count a failure the host went on from (a rescued block) as where it stopped', () => {
    const recs: JournalRecord[] = [
      { t: 'run', id: 'r', playbook: 'p.yml', cwd: '/', argv: [], check: false, at: 0 },
      { t: 'plan', plays: [] },
      { t: 'play', index: 0, name: 'p', hosts: ['h1'], at: 0 },
      { t: 'task', id: 'a', name: 'a', handler: false, hosts: ['h1'], at: 0 },
      { t: 'result', host: 'h1', task: 'a', name: 'a', handler: false, status: 'failed', result: { failed: true }, durationMs: 0, at: 0 },
      { t: 'task', id: 'b', name: 'rescue', handler: false, hosts: ['h1'], at: 0 },
      { t: 'result', host: 'h1', task: 'b', name: 'rescue', handler: false, status: 'ok', result: {}, durationMs: 0, at: 0 },
      { t: 'end', status: 'completed', exitCode: 0, stats: {}, durationMs: 0, at: 0 },
    ];
    expect(viewRun(recs)?.hosts).toEqual([{ host: 'h1', end: 'ok' }]);
  });
});
