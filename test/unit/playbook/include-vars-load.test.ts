/**
 * include_vars at load: literal arguments are read with the playbook to check them (YAML 1.1, vault), what can never
 * work is refused with file:line:col (file and dir options mixed, an encrypted file without a vault password, a bad
 * regular expression), a missing file is left to fail the task when it runs, with Ansible's text, and every task
 * gets the reader that reads the files again when it runs (templated names included).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import type { IncludeVarsSource } from '../../../src/modules/include_vars/index.ts';
import { parsePlaybook } from '../../../src/playbook/load.ts';
import type { TaskDef } from '../../../src/playbook/types.ts';
import { refusalOf } from '../../helpers/refusal.ts';

const FILES: Record<string, string> = {
  '/pb/vars/site.yml': 'port: "{{ base }}1"\nflag: yes\nshort: n\n',
  '/pb/locked.yml': '$ANSIBLE_VAULT;1.1;AES256\n3132\n',
};
const readText = (f: string): string => {
  const t = FILES[f];
  if (t === undefined) throw new InputError('PLAYBOOK_NOT_FOUND', `cannot read ${f}`);
  return t;
};
const load = (tasks: string) => parsePlaybook(`- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`, '/pb/p.yml', { readText });

const sourceOf = (tasks: string) => (load(tasks).plays[0]?.tasks[0] as TaskDef).preloaded as IncludeVarsSource;
const refusal = (tasks: string): InputError => refusalOf(() => load(tasks));

describe('include_vars is read when the playbook loads', () => {
  it("finds the file under the playbook's vars/ and keeps the values as written (YAML 1.1 types)", () => {
    const task = load('    - include_vars: site.yml\n').plays[0]?.tasks[0] as TaskDef;
    expect(task.module).toBe('include_vars');
    const expected = { vars: { port: '{{ base }}1', flag: true, short: 'n' }, files: ['/pb/vars/site.yml'], encrypted: false };
    expect((task.preloaded as IncludeVarsSource).atLoad).toEqual(expected);
    expect((task.preloaded as IncludeVarsSource).read({ _raw_params: 'site.yml' })).toEqual(expected);
  });

  it("leaves a missing file to fail when the task runs, with Ansible's search list", () => {
    const task = load('    - include_vars: {file: gone.yml}\n      when: false\n').plays[0]?.tasks[0] as TaskDef;
    expect((task.preloaded as IncludeVarsSource).atLoad?.failed).toBe(
      "Could not find or access 'gone.yml'\nSearched in:\n\t/pb/vars/gone.yml\n\t/pb/gone.yml\n\t/pb/vars/gone.yml\n\t/pb/gone.yml on the Ansible Controller.\n"
      + 'If you are using a module and expect the file to exist on the remote, see the remote_src option',
    );
  });

  it('leaves a templated file name to the run: nothing is read at load, the reader finds the rendered name', () => {
    const source = sourceOf('    - include_vars: "{{ os }}.yml"\n');
    expect(source.atLoad).toBeUndefined();
    expect(source.read({ _raw_params: 'site.yml' }).files).toEqual(['/pb/vars/site.yml']);
  });

  it('still reads a literal file at load when only the name is templated', () => {
    expect(sourceOf('    - include_vars: {file: site.yml, name: "{{ n }}"}\n').atLoad?.files).toEqual(['/pb/vars/site.yml']);
  });

  it('reads the file again when the task runs, so a file written after the load is seen', () => {
    const source = sourceOf('    - include_vars: later.yml\n');
    expect(source.atLoad?.failed).toMatch(/^Could not find or access 'later.yml'/);
    FILES['/pb/later.yml'] = 'written: by an earlier task\n';
    expect(source.read({ _raw_params: 'later.yml' })).toEqual({ vars: { written: 'by an earlier task' }, files: ['/pb/later.yml'], encrypted: false });
  });

  it("fails the run-time read of an encrypted file without a vault password with Ansible's text, not a refusal", () => {
    const source = sourceOf('    - include_vars: "{{ f }}"\n');
    expect(source.read({ file: '/pb/locked.yml' }).failed).toBe('Attempting to decrypt but no vault secrets found');
  });

  it("fails a file that is not a mapping with Ansible's text", () => {
    FILES['/pb/list.yml'] = '- a\n- b\n';
    const source = sourceOf('    - include_vars: "{{ f }}"\n');
    expect(source.read({ file: '/pb/list.yml' }).failed).toBe('/pb/list.yml must be stored as a dictionary/hash');
  });

  it('refuses a literal files_matching that is not a regular expression', () => {
    const e = refusal("    - include_vars:\n        dir: vars\n        files_matching: '('\n");
    expect(e).toMatchObject({ code: 'PLAYBOOK_INVALID', pos: { line: 6 } });
    expect(e.message).toBe('Invalid regular expression: (');
  });

  it("refuses file and dir options together with Ansible's text", () => {
    const e = refusal('    - include_vars:\n        file: site.yml\n        depth: 1\n');
    expect(e).toMatchObject({ code: 'PLAYBOOK_INVALID', pos: { line: 6 } });
    expect(e.message).toBe('You are mixing file only and dir only arguments, these are incompatible');
  });

  it('refuses a vault-encrypted file without a vault password, before any host is touched', () => {
    const e = refusal('    - include_vars: /pb/locked.yml\n');
    expect(e.code).toBe('PLAYBOOK_VAULT_LOCKED');
    expect(e.exitCode).toBe(3);
  });

  it('refuses an option include_vars does not have', () => {
    const e = refusal('    - include_vars:\n        file: site.yml\n        hash_merge: true\n');
    expect(e.message).toContain('hash_merge');
  });
});

describe('templates in an included file', () => {
  it('refuses one that could never render, at the include_vars task', () => {
    FILES['/pb/vars/bad.yml'] = 'q: "{{ data | community.general.json_query(\'a\') }}"\n';
    const e = refusal('    - include_vars: bad.yml\n');
    expect(e).toMatchObject({ code: 'TEMPLATE_UNSUPPORTED', pos: { file: '/pb/p.yml', line: 4 } });
    expect(e.message).toContain('/pb/vars/bad.yml');
  });
});
