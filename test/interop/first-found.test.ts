/**
 * Interop: `lookup('first_found')`, `query('first_found')` and `with_first_found` as ansible-core 2.14's
 * plugins/lookup/first_found.py does them — names, lists, `files`/`paths`/`skip` mappings, the splitting of their
 * text, templated names, the role's files/ and vars/ folders (the executor's `_subdir`), the role idiom
 * `include_vars: "{{ item }}"` over `{{ os_family }}.yml` / `default.yml`, `skip` giving a skipped task, and the
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

/** The result lines of the default callback (banners aside: winbook titles role tasks without `role : `). */
const resultLines = (out: string): string[] => out.split('\n').filter((l) => /^(ok|changed|fatal|skipping|failed): |^\.\.\.ignoring/.test(l));

describe.runIf(hasAnsible)('first_found agrees with ansible-playbook', () => {
  it('gives every task and loop item the msg Ansible gives, and the same recap', async () => {
    const theirs = ansibleRun(dir, 'first-found.yml');
    const ours = await winbookRun(dir, 'first-found.yml');
    expect(theirs.msgs.length).toBeGreaterThanOrEqual(25);
    expect(theirs.msgs).toContain('No file was found when using first_found.');
    expect(theirs.msgs).toContain('role Windows.yml');
    expect(ours.msgs).toEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
    expect(ours.stats.skipped).toBe(1);
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

describe('with_first_found where winbook cannot follow', () => {
  it('is refused on include_tasks at load, with the position and a hint', () => {
    const text = '- hosts: localhost\n  tasks:\n    - include_tasks: "{{ item }}"\n      with_first_found: [a.yml, b.yml]\n';
    let err: unknown;
    try {
      parsePlaybook(text, `${dir}inc.yml`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain("'with_first_found' on include_tasks is not supported");
    expect((err as InputError).pos).toMatchObject({ line: 4, col: 7 });
    expect((err as InputError).hint).toContain('include_vars');
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
