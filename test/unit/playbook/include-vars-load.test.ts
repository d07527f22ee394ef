/**
 * include_vars at load: the files are read with the playbook (YAML 1.1, vault), what cannot be decided there is
 * refused with file:line:col (a templated file name, file and dir options mixed, an encrypted file without a vault
 * password), and a missing file is left to fail the task when it runs, with Ansible's text.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import type { LoadedVars } from '../../../src/modules/include_vars/index.ts';
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

const refusal = (tasks: string): InputError => refusalOf(() => load(tasks));

describe('include_vars is read when the playbook loads', () => {
  it("finds the file under the playbook's vars/ and keeps the values as written (YAML 1.1 types)", () => {
    const task = load('    - include_vars: site.yml\n').plays[0]?.tasks[0] as TaskDef;
    expect(task.module).toBe('include_vars');
    expect(task.preloaded as LoadedVars).toEqual({ vars: { port: '{{ base }}1', flag: true, short: 'n' }, files: ['/pb/vars/site.yml'], encrypted: false });
  });

  it("leaves a missing file to fail when the task runs, with Ansible's search list", () => {
    const task = load('    - include_vars: {file: gone.yml}\n      when: false\n').plays[0]?.tasks[0] as TaskDef;
    expect((task.preloaded as LoadedVars).failed).toBe(
      "Could not find or access 'gone.yml'\nSearched in:\n\t/pb/vars/gone.yml\n\t/pb/gone.yml\n\t/pb/vars/gone.yml\n\t/pb/gone.yml on the Ansible Controller.\n"
      + 'If you are using a module and expect the file to exist on the remote, see the remote_src option',
    );
  });

  it('refuses a templated file name at its position', () => {
    const e = refusal('    - include_vars: "{{ os }}.yml"\n');
    expect(e).toMatchObject({ code: 'PLAYBOOK_UNSUPPORTED', pos: { file: '/pb/p.yml', line: 4, col: 22 } });
    expect(e.message).toBe("a templated 'file' in 'include_vars' is not supported");
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
    const e = refusal('    - include_vars:\n        file: site.yml\n        hash_behaviour: merge\n');
    expect(e.message).toContain('hash_behaviour');
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
