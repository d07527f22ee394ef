import { describe, expect, it } from 'vitest';
import { Lab, inventory, play, playbook, task } from './fakes.ts';

const one = () => inventory({ h1: { color: 'inventory', ansible_password: 'S3cret!pw' } });

describe('task semantics', () => {
  it('arguments without a template are validated once per task, yet every host gets its own copy, its secrets hidden and its errors', async () => {
    const lab = new Lab();
    const two = inventory({ h1: { color: 'red' }, h2: { color: 'blue' } });
    const pb = playbook(
      play([
        task('literal', 'win_thing', { name: 'same', echo: 'has Lit-Secret-9', password: 'Lit-Secret-9' }),
        task('templated', 'win_thing', { echo: '{{ color }}' }),
        task('bad literal', 'win_thing', { changed: 'sideways' }, { ignoreErrors: true }),
      ]),
    );
    await lab.run(pb, two);
    const literal = lab.calls.filter((c) => c.args.name === 'same');
    expect(literal.map((c) => c.host)).toEqual(['h1', 'h2']);
    expect(literal[0]?.args).toEqual(literal[1]?.args);
    expect(literal[0]?.args).not.toBe(literal[1]?.args);
    expect(lab.results().filter((e) => e.task === 'literal').map((e) => e.result.echo)).toEqual(['has ********', 'has ********']);
    expect(lab.calls.filter((c) => c.args.name === undefined && c.args.echo !== undefined).map((c) => `${c.host}:${String(c.args.echo)}`)).toEqual(['h1:red', 'h2:blue']);
    expect(lab.outcomes('bad literal')).toEqual(['h1:ignored', 'h2:ignored']);
  });

  it('skips on a false `when` with Ansible’s skip result, and counts it', async () => {
    const lab = new Lab();
    const summary = await lab.run(playbook(play([task('t', 'win_thing', {}, { when: ['color == "red"'] })])), one());
    expect(lab.results()[0]).toMatchObject({ status: 'skipped', result: { skipped: true, skip_reason: 'Conditional result was False', false_condition: 'color == "red"' } });
    expect(summary.stats.h1).toMatchObject({ skipped: 1, ok: 0 });
    expect(lab.calls).toHaveLength(0);
  });

  it('loops: one event per item (when evaluated per item), then one aggregate; register stores results', async () => {
    const lab = new Lab();
    const pb = playbook(
      play([
        task('loop', 'win_thing', { echo: '{{ item }}', changed: '{{ item == "b" }}' }, { loop: ['a', 'b', 'c'], when: ['item != "c"'], register: 'out' }),
        task('show', 'debug', { msg: '{{ out.results | map(attribute="echo") | select("defined") | list }} {{ out.changed }} {{ out.msg }}' }),
      ]),
    );
    const summary = await lab.run(pb, one());
    const loop = lab.results().filter((e) => e.task === 'loop');
    expect(loop.map((e) => `${e.item ?? '-'}:${e.status}`)).toEqual(['a:ok', 'b:changed', 'c:skipped', '-:changed']);
    expect(loop[0]?.result).toMatchObject({ item: 'a', ansible_loop_var: 'item' });
    expect(lab.results().find((e) => e.task === 'show')?.result.msg).toBe("['a', 'b'] True All items completed");
    expect(summary.stats.h1).toMatchObject({ ok: 2, changed: 1, skipped: 0 });
  });

  it('a loop where every item is skipped is skipped; an empty loop is skipped', async () => {
    const lab = new Lab();
    await lab.run(playbook(play([task('all skipped', 'win_thing', {}, { loop: [1, 2], when: ['false'] }), task('empty', 'win_thing', {}, { loop: '{{ [] }}' })])), one());
    expect(lab.outcomes('all skipped')).toEqual(['h1:skipped']);
    expect(lab.outcomes('empty')).toEqual(['h1:skipped']);
  });

  it('a failed item fails the loop task with "One or more items failed"', async () => {
    const lab = new Lab();
    await lab.run(playbook(play([task('l', 'win_thing', { fail: "{{ 'bad' if item == 2 else omit }}" }, { loop: [1, 2, 3] })])), one());
    const agg = lab.results().find((e) => e.task === 'l' && e.item === undefined);
    expect(agg).toMatchObject({ status: 'failed', result: { failed: true, msg: 'One or more items failed' } });
    expect(lab.results().filter((e) => e.item).map((e) => e.status)).toEqual(['ok', 'failed', 'ok']);
  });

  it('changed_when and failed_when see the registered result; failed_when overrides failed', async () => {
    const lab = new Lab();
    lab.rawImpl = (cmd) => ({ rc: cmd === 'bad' ? 3 : 0, stdout: cmd === 'bad' ? 'ERROR: denied' : 'fine', stderr: '' });
    const pb = playbook(
      play([
        task('never changed', 'raw', { _raw_params: 'x' }, { register: 'r', changedWhen: ['false'] }),
        task('rc 3 is fine', 'raw', { _raw_params: 'bad' }, { register: 'r2', failedWhen: ['r2.rc not in [0, 3]'], changedWhen: ["'denied' in r2.stdout"] }),
        task('fails on output', 'raw', { _raw_params: 'x' }, { register: 'r3', failedWhen: ["'fine' in r3.stdout"] }),
      ]),
    );
    await lab.run(pb, one());
    expect(lab.outcomes('never changed')).toEqual(['h1:ok']);
    expect(lab.outcomes('rc 3 is fine')).toEqual(['h1:changed']);
    expect(lab.results().find((e) => e.task === 'fails on output')).toMatchObject({ status: 'failed', result: { failed_when_result: true } });
  });

  it('raw fails on a non-zero rc and always reports changed', async () => {
    const lab = new Lab();
    lab.rawImpl = () => ({ rc: 1, stdout: '', stderr: 'nope\r\n' });
    await lab.run(playbook(play([task('r', 'raw', { _raw_params: 'exit 1' })])), one());
    expect(lab.results()[0]).toMatchObject({ status: 'failed', result: { changed: true, rc: 1, msg: 'non-zero return code', stderr_lines: ['nope'] } });
  });

  it('ignore_errors: status ignored, counted as ok and ignored (not failed), and the host goes on', async () => {
    const lab = new Lab();
    const pb = playbook(play([task('f', 'fail', { msg: 'oops' }, { ignoreErrors: true, register: 'f' }), task('next', 'debug', { msg: '{{ f.failed }}' })]));
    const summary = await lab.run(pb, one());
    expect(lab.outcomes('f')).toEqual(['h1:ignored']);
    expect(lab.results().find((e) => e.task === 'next')?.result.msg).toBe(true);
    expect(summary.stats.h1).toMatchObject({ ok: 2, ignored: 1, failed: 0 });
    expect(summary.exitCode).toBe(0);
  });

  it('variable precedence: inventory < play vars < task vars < set_fact < extra vars (ansible-playbook 2.14: a set_fact beats the task\'s vars)', async () => {
    const lab = new Lab();
    const show = (name: string, vars = {}) => task(name, 'debug', { msg: '{{ color }}' }, { vars });
    const pb = playbook(
      play([show('inv'), task('sf', 'set_fact', { color: 'fact' }), show('fact'), show('taskvar', { color: 'task' })], { vars: { color: 'play' } }),
      play([show('inv2')], { name: 'second' }),
    );
    await lab.run(pb, one());
    const msg = (t: string) => lab.results().find((e) => e.task === t)?.result.msg;
    expect([msg('inv'), msg('fact'), msg('taskvar'), msg('inv2')]).toEqual(['play', 'fact', 'fact', 'fact']);

    const lab2 = new Lab();
    await lab2.run(pb, one(), { extraVars: { color: 'extra' } });
    expect(lab2.results().filter((e) => e.task !== 'sf').map((e) => e.result.msg)).toEqual(['extra', 'extra', 'extra', 'extra']);
  });

  it('resolves variables that are themselves templates', async () => {
    const lab = new Lab();
    await lab.run(playbook(play([task('t', 'debug', { msg: '{{ url }}' })], { vars: { url: 'https://{{ fqdn }}/qrs', fqdn: '{{ inventory_hostname }}.corp' } })), one());
    expect(lab.results()[0]?.result.msg).toBe('https://h1.corp/qrs');
  });

  it('check mode: passes check to modules, skips modules without check support and raw', async () => {
    const lab = new Lab();
    const pb = playbook(play([task('c', 'win_thing', { changed: true }), task('n', 'win_nocheck'), task('r', 'raw', { _raw_params: 'x' })]));
    const summary = await lab.run(pb, one(), { check: true });
    expect(lab.calls.map((c) => `${c.module}:${c.check}`)).toEqual(['win_thing:true']);
    expect(lab.results().find((e) => e.task === 'n')).toMatchObject({ status: 'skipped', result: { msg: 'remote module (win_nocheck) does not support check mode' } });
    expect(lab.outcomes('r')).toEqual(['h1:skipped']);
    expect(summary.stats.h1).toMatchObject({ ok: 1, changed: 1, skipped: 2 });
  });

  it('check mode: the skip names the module as the task wrote it, and needs the host, as Ansible.Basic answers on it', async () => {
    const lab = new Lab();
    lab.unreachable.add('h2');
    const pb = playbook(play([task('n', 'win_nocheck', {}, { moduleAs: 'corp.tools.win_nocheck' })]));
    await lab.run(pb, inventory({ h1: {}, h2: {} }), { check: true });
    expect(lab.results().find((e) => e.host === 'h1')).toMatchObject({ status: 'skipped', result: { changed: false, skipped: true, msg: 'remote module (corp.tools.win_nocheck) does not support check mode' } });
    expect(lab.outcomes('n')).toEqual(['h1:skipped', 'h2:unreachable']);
    expect(lab.calls).toEqual([]);
  });

  it('an undefined variable fails the task, naming the variable and the task', async () => {
    const lab = new Lab();
    const summary = await lab.run(playbook(play([task('use a variable nobody set', 'win_thing', { name: '{{ missing_service }}' })])), one());
    const r = lab.results()[0];
    expect(r?.status).toBe('failed');
    expect(r?.result.msg).toContain("'missing_service' is undefined");
    expect(r?.result.msg).toContain('use a variable nobody set');
    expect(summary.exitCode).toBe(2);
  });

  it('arguments are converted and validated after templating, with Ansible.Basic\'s message naming the bad argument', async () => {
    const lab = new Lab();
    await lab.run(playbook(play([task('bad type', 'win_thing', { changed: '{{ "maybe" }}' }), task('unknown', 'win_thing', { colour: 1 })], { name: 'p' })), inventory({ h1: {}, h2: {} }));
    expect(lab.results().find((e) => e.task === 'bad type')?.result.msg).toContain(
      "argument for changed is of type System.String and we were unable to convert to bool: The value 'maybe' is not a valid boolean.",
    );
    expect(lab.calls).toHaveLength(0);
  });

  it('gathers facts as Ansible does: a Gathering Facts task per batch, one setup call per host, facts below play vars and in ansible_facts and hostvars', async () => {
    const lab = new Lab();
    lab.agentImpls.set('setup', (_a, _check, host) => ({ changed: false, ansible_facts: { ansible_hostname: host.toUpperCase(), ansible_os_family: 'Windows', ansible_local: {} } }));
    const tasks = [
      task('facts', 'debug', { msg: '{{ ansible_hostname }} {{ ansible_facts.hostname }} {{ ansible_facts.os_family }} {{ ansible_facts.ansible_local }}' }),
      task('play vars win', 'debug', { msg: '{{ ansible_os_family }}' }),
    ];
    await lab.run(playbook(play(tasks, { gatherFacts: true, serial: [1], vars: { ansible_os_family: 'from play vars' } }), play([task('u', 'debug', { msg: '{{ ansible_facts }}' }), task('v', 'debug', { msg: '{{ hostvars.h2.ansible_facts.hostname }}' })], { name: 'quiet' })), inventory({ h1: {}, h2: {} }));
    expect(lab.events.filter((e) => e.type === 'warning')).toEqual([]);
    expect(lab.calls.map((c) => `${c.host}:${c.module}`)).toEqual(['h1:setup', 'h2:setup']);
    // serial: 1 — each batch starts with its own Gathering Facts.
    const starts = lab.events.filter((e) => e.type === 'task.start').map((e) => (e as { name: string }).name);
    expect(starts).toEqual(['Gathering Facts', 'facts', 'play vars win', 'Gathering Facts', 'facts', 'play vars win', 'u', 'v']);
    expect(lab.outcomes('Gathering Facts')).toEqual(['h1:ok', 'h2:ok']);
    const msgs = (name: string) => lab.results().filter((e) => e.task === name).map((e) => e.result.msg);
    expect(msgs('facts')).toEqual(['H1 H1 Windows {}', 'H2 H2 Windows {}']);
    expect(msgs('play vars win')).toEqual(['from play vars', 'from play vars']);
    // The next play (gather_facts off) still sees the cache, as Ansible keeps facts for the run.
    expect(msgs('u')[0]).toMatchObject({ hostname: 'H1', os_family: 'Windows' });
    expect(msgs('v')).toEqual(['H2', 'H2']);
  });

  it("passes the play's gather_subset and gather_timeout to Gathering Facts' setup, as ansible-core does", async () => {
    const lab = new Lab();
    lab.agentImpls.set('setup', () => ({ changed: false, ansible_facts: {} }));
    await lab.run(playbook(play([task('t', 'debug', { msg: 'x' })], { gatherFacts: true, gatherSubset: ['!all', 'network'], gatherTimeout: 7 })), one());
    expect(lab.calls.filter((c) => c.module === 'setup').map((c) => c.args)).toEqual([expect.objectContaining({ gather_subset: ['!all', 'network'], gather_timeout: 7 })]);
  });

  it('converts a rendered "yes" to a boolean, as Ansible.Basic does', async () => {
    const lab = new Lab();
    await lab.run(playbook(play([task('yes', 'win_thing', { changed: '{{ "YES" }}' })])), one());
    expect(lab.calls.map((c) => c.args)).toEqual([expect.objectContaining({ changed: true })]);
  });

  it('reports unknown arguments as Ansible does', async () => {
    const lab = new Lab();
    await lab.run(playbook(play([task('unknown', 'win_thing', { colour: 1 })])), one());
    expect(lab.results()[0]?.result.msg).toContain('Unsupported parameters for (win_thing) module: colour');
  });
});
