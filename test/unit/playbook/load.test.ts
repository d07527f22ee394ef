import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../../src/errors.ts';
import { loadPlaybook, parsePlaybook } from '../../../src/playbook/load.ts';
import type { TaskDef } from '../../../src/playbook/types.ts';

const fixtures = fileURLToPath(new URL('../../fixtures/playbooks/', import.meta.url));

async function loadError(name: string): Promise<InputError> {
  const file = `${fixtures}invalid/${name}`;
  const err = await loadPlaybook(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  const e = err as InputError;
  expect(e.pos?.file).toBe(file);
  return e;
}

describe('loadPlaybook on a valid playbook', () => {
  it('produces plays with joined hosts, vars, gather_facts and positions', async () => {
    const pb = await loadPlaybook(`${fixtures}site.yml`);
    expect(pb.plays).toHaveLength(2);
    const [play, second] = pb.plays;
    expect(play).toMatchObject({ name: 'Configure Windows servers', hosts: 'web:db', gatherFacts: false });
    expect(play?.vars).toEqual({ svc: 'Spooler', ports: [80, 443] });
    expect(play?.pos).toMatchObject({ line: 3, col: 3 });
    expect(second).toMatchObject({ name: 'all', hosts: 'all', gatherFacts: true, tasks: [], handlers: [] });
  });

  it('resolves FQCN module names to the canonical name and keeps the written one', async () => {
    const task = (await loadPlaybook(`${fixtures}site.yml`)).plays[0]?.tasks[0] as TaskDef | undefined;
    expect(task).toMatchObject({ name: 'Check the host answers', module: 'win_ping', moduleAs: 'ansible.windows.win_ping', args: {} });
    expect(task?.pos).toMatchObject({ line: 12, col: 7 });
  });

  it('parses free-form k=v arguments with quotes and templates, and names the unnamed task', async () => {
    const task = (await loadPlaybook(`${fixtures}site.yml`)).plays[0]?.tasks[1] as TaskDef | undefined;
    expect(task).toMatchObject({
      name: 'win_service',
      module: 'win_service',
      args: { name: '{{ svc }}', state: 'started' },
      register: 'spooler',
      notify: ['restart spooler'],
    });
    expect(task?.argPos.name).toMatchObject({ line: 15, col: 20 });
    expect(task?.argPos.state).toMatchObject({ line: 15, col: 35 });
  });

  it('keeps free-form text of raw as _raw_params and normalises conditions', async () => {
    const task = (await loadPlaybook(`${fixtures}site.yml`)).plays[0]?.tasks[2] as TaskDef | undefined;
    expect(task?.args).toEqual({ _raw_params: 'Get-Service -Name "{{ svc }}" | Select-Object Status' });
    expect(task?.changedWhen).toEqual(['False']);
    expect(task?.when).toEqual(['spooler is changed', "ansible_os_family | default('Windows') == 'Windows'"]);
  });

  it('reads loop, ignore_errors: yes, no_log and task vars', async () => {
    const task = (await loadPlaybook(`${fixtures}site.yml`)).plays[0]?.tasks[3] as TaskDef | undefined;
    expect(task).toMatchObject({ loop: '{{ ports }}', ignoreErrors: true, noLog: true, vars: { extra: 1 } });
    expect(task?.argPos.msg).toMatchObject({ line: 28, col: 9 });
  });

  it('merges the legacy args: keyword under the inline arguments', async () => {
    const task = (await loadPlaybook(`${fixtures}site.yml`)).plays[0]?.tasks[4] as TaskDef | undefined;
    expect(task?.args).toEqual({ name: 'W32Time', start_mode: 'manual', state: 'stopped' });
    expect(task?.failedWhen).toEqual(['False']);
    expect(task?.argPos.name).toMatchObject({ line: 39, col: 9 });
  });

  it('accepts the action: module args form', async () => {
    const task = (await loadPlaybook(`${fixtures}site.yml`)).plays[0]?.tasks[5] as TaskDef | undefined;
    expect(task).toMatchObject({ module: 'win_service', args: { name: 'Spooler', start_mode: 'auto' } });
    expect(task?.argPos.start_mode).toMatchObject({ line: 43, col: 40 });
  });

  it('reads handlers with listen topics', async () => {
    const h = (await loadPlaybook(`${fixtures}site.yml`)).plays[0]?.handlers[0];
    expect(h).toMatchObject({ name: 'restart spooler', module: 'win_service', listen: ['restart print services'] });
    expect(h?.args).toEqual({ name: '{{ svc }}', state: 'restarted' });
  });
});

describe('loadPlaybook on malformed playbooks', () => {
  const cases: [file: string, code: string, line: number, col: number, message: RegExp, hint: RegExp][] = [
    ['yaml-syntax.yml', 'PLAYBOOK_SYNTAX', 5, 1, /YAML syntax error: Missing closing "quote/, /indentation|quoting/],
    ['not-a-list.yml', 'PLAYBOOK_INVALID', 1, 1, /must be a list of plays/, /- hosts:/],
    ['unknown-module.yml', 'PLAYBOOK_UNKNOWN_MODULE', 4, 7, /^unknown module 'win_servce' — did you mean win_service\?$/, /win_service/],
    ['two-modules.yml', 'PLAYBOOK_INVALID', 5, 7, /only one module, found 'win_ping' and 'win_service'/, /two tasks/],
    ['unknown-keyword.yml', 'PLAYBOOK_UNKNOWN_KEYWORD', 5, 7, /unknown task keyword 'regster' — did you mean register\?/, /closest supported keyword is 'register'/],
    ['unknown-play-keyword.yml', 'PLAYBOOK_UNKNOWN_KEYWORD', 2, 3, /unknown play keyword 'hots' — did you mean hosts\?/, /'hosts'/],
    ['unsupported-with-lookup.yml', 'PLAYBOOK_UNSUPPORTED', 6, 7, /'with_subelements' is not supported/, /use loop:/],
    ['unsupported-become.yml', 'PLAYBOOK_UNSUPPORTED', 3, 18, /become_method: runas is not supported yet/, /connect as that user/],
    ['bad-async.yml', 'PLAYBOOK_INVALID', 5, 14, /'async' must be a whole number of seconds, got a string/, /async:/],
    ['bad-when.yml', 'PLAYBOOK_INVALID', 6, 9, /'when' must be a condition .* got a mapping/, /when:/],
    ['bad-notify.yml', 'PLAYBOOK_INVALID', 7, 11, /'notify' item 1 must be a handler name or a list of handler names, got a mapping/, /notify:/],
    ['unknown-arg.yml', 'PLAYBOOK_UNKNOWN_ARG', 6, 9, /unknown argument 'stat' for win_service — did you mean state\?/, /takes: name, state/],
    ['freeform-unknown-arg.yml', 'PLAYBOOK_UNKNOWN_ARG', 3, 33, /unknown argument 'stat' for win_service — did you mean state\?/, /state/],
    ['freeform-not-allowed.yml', 'PLAYBOOK_INVALID', 3, 20, /win_service does not take free-form arguments: 'Spooler'/, /name=value/],
    ['no-hosts.yml', 'PLAYBOOK_INVALID', 1, 3, /play 1 has no 'hosts'/, /hosts: /],
    ['tasks-not-list.yml', 'PLAYBOOK_INVALID', 3, 5, /'tasks' must be a list of tasks, got a mapping/, /tasks:/],
    ['unquoted-template.yml', 'PLAYBOOK_SYNTAX', 4, 14, /template value must be quoted/, /must be quoted/],
  ];
  it.each(cases)('%s → %s at %i:%i', async (file, code, line, col, message, hint) => {
    const e = await loadError(file);
    expect(e.code).toBe(code);
    expect({ line: e.pos?.line, col: e.pos?.col }).toEqual({ line, col });
    expect(e.message).toMatch(message);
    expect(e.hint).toMatch(hint);
    expect(e.exitCode).toBe(3);
  });

  it('reports a file that cannot be read', async () => {
    await expect(loadPlaybook(`${fixtures}missing.yml`)).rejects.toMatchObject({ code: 'PLAYBOOK_NOT_FOUND' });
  });
});

describe('parsePlaybook details', () => {
  const one = (tasks: string): ReturnType<typeof parsePlaybook> => parsePlaybook(`- hosts: all\n  tasks:\n${tasks}`, 'inline.yml');

  it('reads YAML 1.1 booleans the way Ansible does', () => {
    const pb = parsePlaybook('- hosts: all\n  gather_facts: no\n  tasks: []\n', 'p.yml');
    expect(pb.plays[0]?.gatherFacts).toBe(false);
  });

  it('rejects a task keyword at play level', () => {
    expect(() => parsePlaybook('- hosts: all\n  when: x\n', 'p.yml')).toThrow(/'when' is a task keyword/);
  });

  it('names a task without a name after its module as written, as ansible-playbook does, never its arguments', () => {
    const pb = one('    - win_service:\n        name: svc\n        password: hunter2\n    - ansible.windows.win_ping:\n    - action: win_ping\n');
    expect(pb.plays[0]?.tasks.map((t) => t.name)).toEqual(['win_service', 'ansible.windows.win_ping', 'win_ping']);
  });

  it('accepts when as a boolean and notify as a list', () => {
    const handlers = '  handlers:\n    - name: a\n      win_ping:\n    - name: b\n      win_ping:\n';
    const t = one(`    - win_ping:\n      when: true\n      notify: [a, b]\n${handlers}`).plays[0]?.tasks[0] as TaskDef | undefined;
    expect(t).toMatchObject({ when: ['True'], notify: ['a', 'b'] });
  });

  it('keeps escaped quotes and templates with spaces in free-form values', () => {
    const t = one(`    - debug: msg="say \\"hi\\" to {{ user | default('you') }}"\n`).plays[0]?.tasks[0] as TaskDef | undefined;
    expect(t?.args).toEqual({ msg: `say "hi" to {{ user | default('you') }}` });
  });

  it('rejects a plain string loop and a templated ignore_errors', () => {
    expect(() => one('    - win_ping:\n      loop: items\n')).toThrow(/'loop' must be a list or a template/);
    expect(() => one('    - win_ping:\n      ignore_errors: "{{ x }}"\n')).toThrow(expect.objectContaining({ code: 'PLAYBOOK_UNSUPPORTED' }));
  });

  it('rejects a task without a module', () => {
    expect(() => one('    - name: nothing to do\n')).toThrow(expect.objectContaining({ code: 'PLAYBOOK_INVALID', message: 'task has no module' }));
  });

  it('rejects listen on a task and a keyword a block cannot carry', () => {
    expect(() => one('    - win_ping:\n      listen: x\n')).toThrow(expect.objectContaining({ code: 'PLAYBOOK_UNKNOWN_KEYWORD' }));
    expect(() => one('    - block:\n        - win_ping:\n      register: r\n')).toThrow(expect.objectContaining({ code: 'PLAYBOOK_UNSUPPORTED', message: "'register' is not supported on a block" }));
  });

  it('refuses inline !vault values at their position when no vault password was given', () => {
    expect(() => parsePlaybook('- hosts: all\n  vars:\n    p: !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      6162\n', 'v.yml')).toThrow(
      expect.objectContaining({ code: 'VAULT_NO_PASSWORD', pos: { file: 'v.yml', line: 3, col: 8 } }),
    );
  });

  it('rejects an empty playbook', () => {
    expect(() => parsePlaybook('', 'e.yml')).toThrow(expect.objectContaining({ code: 'PLAYBOOK_INVALID' }));
  });
});
