/**
 * Interop: `lookup('first_found')`, `query('first_found')` and `with_first_found` as ansible-core 2.14's
 * plugins/lookup/first_found.py does them — names, lists, `files`/`paths`/`skip` mappings, the splitting of their
 * text, templated names, the role's files/ and vars/ folders (the executor's `_subdir`), the role idiom
 * `include_vars: "{{ item }}"` over `{{ os_family }}.yml` / `default.yml` (and `include_tasks: "{{ item }}"` the same
 * way, in a role and with files/paths), `skip` giving a skipped task, and the
 * "No file was found" failure. ansible-playbook and winbook's engine run the same playbook on localhost; every
 * task's msg (found paths are absolute, so they must be the very same paths), the printed result lines and the
 * recap must agree. What cannot match is refused at load with its position.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { loadPlaybook, parsePlaybook } from '../../src/playbook/load.ts';
import { firstFoundSubdir } from '../../src/playbook/task-extras.ts';
import { ansiblePlaybook, ansibleRun, hasAnsible, winbookRun } from '../helpers/ansible-oracle.ts';
import { runCli } from '../helpers/cli.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/first-found/', import.meta.url));

/**
 * The result lines of the default callback (banners aside: winbook titles role tasks without `role : `), and an
 * include's own line left out (Ansible's `included: FILE for HOST`, winbook's `ok: [HOST]`).
 */
const resultLines = (out: string): string[] => {
  const keep: string[] = [];
  let include = false;
  for (const l of out.split('\n')) {
    if (l.startsWith('TASK [')) include = l.includes('include_tasks]');
    else if (/^(ok|changed|fatal|skipping|failed): |^\.\.\.ignoring/.test(l) && !(include && l.startsWith('ok: '))) keep.push(l);
  }
  return keep;
};

describe.runIf(hasAnsible)('first_found agrees with ansible-playbook', () => {
  it('gives every task and loop item the msg Ansible gives, and the same recap', async () => {
    const theirs = ansibleRun(dir, 'first-found.yml');
    const ours = await winbookRun(dir, 'first-found.yml');
    expect(theirs.msgs.length).toBeGreaterThanOrEqual(25);
    expect(theirs.msgs).toContain('No file was found when using first_found.');
    expect(theirs.msgs).toContain('role Windows.yml');
    expect(theirs.msgs).toContain('role Windows tasks');
    expect(theirs.msgs).toContain('role default tasks from default.yml');
    expect(theirs.msgs).toContain('play tasks/extra.yml');
    expect(theirs.msgs).toContain('named named.yml');
    expect(ours.msgs).toEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
    expect(ours.stats.skipped).toBe(2);
  }, 120_000);

  it('prints the same result lines (items named by the found path, the skipped loop, the failures)', async () => {
    const ref = ansiblePlaybook(dir, 'first-found.yml', { callback: 'default' });
    const ours = await runCli(['run', 'first-found.yml', '-i', 'localhost,'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(resultLines(ref)).toContain('fatal: [localhost]: FAILED! => {"msg": "No file was found when using first_found."}');
    expect(resultLines(ours.stdout)).toEqual(resultLines(ref));
  }, 120_000);

  it('refuses two loops on one task, as Ansible does', async () => {
    let ref = '';
    try {
      ansiblePlaybook(dir, 'two-loops.yml', { callback: 'default' });
    } catch (e) {
      ref = String((e as { stdout?: unknown }).stdout) + String((e as { stderr?: unknown }).stderr);
    }
    expect(ref).toContain('duplicate loop in task: first_found');
    const err = await loadPlaybook(`${dir}two-loops.yml`).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe('duplicate loop in task: first_found');
    expect((err as InputError).pos).toMatchObject({ line: 6, col: 7 });
  }, 60_000);
});

describe('with_first_found on includes where winbook cannot follow', () => {
  const refusal = (text: string): InputError => {
    let err: unknown;
    try {
      parsePlaybook(text, `${dir}inc.yml`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  };

  it('refuses include_role, a file other than "{{ item }}" and a templated list, at load with the position', () => {
    const role = refusal('- hosts: localhost\n  tasks:\n    - include_role: {name: osvars}\n      with_first_found: [a.yml]\n');
    expect(role.message).toContain("'with_first_found' on include_role is not supported");
    expect(role.pos).toMatchObject({ line: 4, col: 7 });
    const other = refusal('- hosts: localhost\n  tasks:\n    - include_tasks: "tasks/{{ item }}"\n      with_first_found: [a.yml]\n');
    expect(other.message).toBe('include_tasks with with_first_found must include "{{ item }}", not \'tasks/{{ item }}\'');
    expect(other.pos).toMatchObject({ line: 3, col: 22 });
    const templated = refusal('- hosts: localhost\n  tasks:\n    - include_tasks: "{{ item }}"\n      with_first_found: "{{ task_files }}"\n');
    expect(templated.message).toBe('a templated with_first_found list on include_tasks is not supported');
    const named = refusal('- hosts: localhost\n  tasks:\n    - include_role:\n        name: "{{ lookup(\'first_found\', [\'a\', \'b\']) | basename }}"\n');
    expect(named.message).toBe("a templated role name on include_role ('{{ lookup('first_found', ['a', 'b']) | basename }}') is not supported: winbook reads a role's files when the playbook loads");
    expect(named.code).toBe('PLAYBOOK_UNSUPPORTED');
    const label = refusal('- hosts: localhost\n  tasks:\n    - include_tasks: "{{ item }}"\n      with_first_found: [a.yml]\n      loop_control: {label: x}\n');
    expect(label.message).toBe("loop_control 'label' on include_tasks is not supported");
    expect(label.pos).toMatchObject({ line: 5, col: 7 });
    const loopVar = refusal('- hosts: localhost\n  tasks:\n    - include_tasks: "{{ item }}"\n      with_first_found: [a.yml]\n      loop_control: {loop_var: f}\n');
    expect(loopVar.message).toBe('include_tasks with with_first_found must include "{{ f }}", not \'{{ item }}\'');
  });

  it('reads every file a templated name could pick when the playbook loads, and refuses a broken literal one', () => {
    const pb = parsePlaybook('- hosts: localhost\n  roles: [ostasks]\n', `${dir}roles-only.yml`);
    const inc = pb.plays[0]?.tasks[0];
    expect(inc?.kind).toBe('include');
    const choices = (inc as { firstFound?: Map<string, unknown> }).firstFound ?? new Map<string, unknown>();
    const files = Object.fromEntries([...choices].map(([f, c]) => [f.slice(dir.length), Array.isArray(c) ? 'tasks' : 'fails the host that picks it']));
    // "{{ os_family }}.yml" matches every .yml in the folders searched: the role's task files are read (main.yml
    // too, whose own first_found include then stops at itself); the playbooks beside them, not task lists, fail only
    // a host whose lookup picks them.
    expect(files).toEqual({
      'roles/ostasks/tasks/Windows.yml': 'tasks',
      'roles/ostasks/tasks/default.yml': 'tasks',
      'roles/ostasks/tasks/main.yml': 'tasks',
      'first-found.yml': 'fails the host that picks it',
      'two-loops.yml': 'fails the host that picks it',
    });
    const broken = refusal('- hosts: localhost\n  tasks:\n    - include_tasks: "{{ item }}"\n      with_first_found: [first-found.yml]\n');
    expect(broken.code).toBe('PLAYBOOK_UNKNOWN_MODULE');
    expect(broken.pos?.file).toBe(`${dir}first-found.yml`);
  });
});

describe("the lookup's folder for with_first_found (TaskExecutor's _subdir)", () => {
  it('is templates, vars or files by the action as written', () => {
    expect(firstFoundSubdir('include_vars')).toBe('vars');
    expect(firstFoundSubdir('ansible.builtin.include_vars')).toBe('vars');
    expect(firstFoundSubdir('win_template')).toBe('templates');
    expect(firstFoundSubdir('ansible.windows.win_template')).toBe('templates');
    expect(firstFoundSubdir('win_file')).toBe('files');
    expect(firstFoundSubdir('debug')).toBe('files');
    expect(firstFoundSubdir('win_copy')).toBe('files');
  });
});
