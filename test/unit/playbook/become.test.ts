/**
 * become on Windows hosts, as ansible-core 2.14 treats it (plugins/action/__init__.py, plugins/become/,
 * executor/powershell/module_manifest.py): the keywords are read on plays, role entries, blocks, imports and tasks
 * and inherited (innermost wins); runas on a module that runs on the host is refused at load; at run time sudo/su to
 * another user fails with Ansible's text, to the connecting user is skipped with a warning, and a controller module
 * ignores become with a warning.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { decideBecome } from '../../../src/engine/become.ts';
import { defaultDeps } from '../../../src/engine/default-deps.ts';
import { findModule } from '../../../src/modules/registry.ts';
import { parsePlaybook } from '../../../src/playbook/load.ts';
import type { BlockDef, TaskDef } from '../../../src/playbook/types.ts';
import { refusalOf } from '../../helpers/refusal.ts';

const FILES: Record<string, string> = {};
const readText = (f: string): string => {
  const t = FILES[f];
  if (t === undefined) throw new InputError('PLAYBOOK_NOT_FOUND', `cannot read ${f}`);
  return t;
};
const load = (text: string) => parsePlaybook(text, '/pb/p.yml', { readText });

const refusal = (text: string): InputError => refusalOf(() => load(text));

const decide = (task: TaskDef, vars: Record<string, unknown>) => decideBecome(defaultDeps, task, findModule(task.module)!, vars);

describe('become keywords at load', () => {
  it('inherits play, block and task keywords, the innermost winning keyword by keyword', () => {
    const pb = load(`- hosts: all
  gather_facts: false
  become: true
  become_user: Administrator
  tasks:
    - block:
        - win_ping:
          become_user: svc
      become_method: sudo
`);
    const t = (pb.plays[0]?.tasks[0] as BlockDef).block[0] as TaskDef;
    expect(t.become).toMatchObject({ become: true, user: 'svc', method: 'sudo' });
  });

  it('takes become on a role entry as a keyword, not a role parameter', () => {
    // Roles are found on disk (roles/<name>/ beside the playbook).
    const dir = mkdtempSync(join(tmpdir(), 'winbook-become-'));
    mkdirSync(join(dir, 'roles', 'r', 'tasks'), { recursive: true });
    writeFileSync(join(dir, 'roles', 'r', 'tasks', 'main.yml'), '- win_ping:\n');
    const pb = parsePlaybook('- hosts: all\n  gather_facts: false\n  roles:\n    - role: r\n      become: true\n      become_user: Administrator\n', join(dir, 'p.yml'));
    rmSync(dir, { recursive: true });
    const t = pb.plays[0]?.tasks[0] as TaskDef;
    expect(t.become).toMatchObject({ become: true, user: 'Administrator' });
    expect(t.vars).not.toHaveProperty('become');
  });

  it('refuses runas on a module that runs on the host, at the method', () => {
    const e = refusal('- hosts: all\n  gather_facts: false\n  tasks:\n    - win_ping:\n      become: yes\n      become_method: ansible.builtin.runas\n');
    expect(e).toMatchObject({ code: 'PLAYBOOK_UNSUPPORTED', pos: { line: 6, col: 22 } });
    expect(e.message).toContain('become_method: runas is not supported yet');
  });

  it('refuses a become plugin that has no meaning on Windows', () => {
    const e = refusal('- hosts: all\n  gather_facts: false\n  tasks:\n    - win_ping:\n      become: true\n      become_method: pbrun\n');
    expect(e.message).toBe("become_method 'pbrun' is not supported");
  });

  it('accepts runas on a controller module (it never reaches the host)', () => {
    expect(() => load('- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n      become: true\n      become_method: runas\n')).not.toThrow();
  });
});

describe('become when the task runs', () => {
  const task = (extra: string) => load(`- hosts: all\n  gather_facts: false\n  tasks:\n    - win_ping:\n${extra}`).plays[0]?.tasks[0] as TaskDef;

  it("fails sudo to another user (root by default) with Ansible's text", () => {
    expect(decide(task('      become: true\n'), { ansible_user: 'Administrator' })).toEqual({ fail: 'The powershell shell family is incompatible with the sudo become plugin' });
    expect(decide(task('      become: true\n      become_method: su\n      become_user: bob\n'), { ansible_user: 'Administrator', ansible_shell_type: 'cmd' }))
      .toEqual({ fail: 'The cmd shell family is incompatible with the su become plugin' });
  });

  it('skips sudo to the connecting user, with a warning', () => {
    const d = decide(task('      become: true\n      become_user: "{{ ansible_user }}"\n'), { ansible_user: 'Administrator' });
    expect(d?.fail).toBeUndefined();
    expect(d?.warn).toContain('sudo to Administrator, the user winbook connects as, changes nothing');
  });

  it('lets the ansible_become* variables win over the keywords, as connection variables do', () => {
    expect(decide(task('      become: false\n'), { ansible_become: true, ansible_become_method: 'runas', ansible_user: 'a' })?.fail).toContain('runas');
    expect(decide(task(''), { ansible_become: 'yes', ansible_become_user: 'a', ansible_user: 'a' })?.warn).toBeDefined();
    expect(decide(task('      become: true\n'), { ansible_become: false, ansible_user: 'a' })).toBeUndefined();
  });

  it('does nothing without become, and warns for a controller module', () => {
    expect(decide(task('      become: no\n'), { ansible_user: 'a' })).toBeUndefined();
    const dbg = load('- hosts: all\n  gather_facts: false\n  become: true\n  tasks:\n    - debug: msg=hi\n').plays[0]?.tasks[0] as TaskDef;
    expect(decide(dbg, {})?.warn).toBe('become: debug runs on the controller, so become changes nothing for it (ansible-playbook ignores it too)');
  });
});
