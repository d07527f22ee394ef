/**
 * script's arguments at load: the free form goes through the same parse_kv(check_raw) as win_command's (compared with
 * ansible-core in test/interop/free-form-args.test.ts), `cmd:` becomes `_raw_params` whole, and what winbook cannot
 * run is refused with the position: another interpreter, an option script has not, cmd beside a free form, a
 * templated script name, a file that is not a .ps1.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import type { ScriptFile } from '../../../src/modules/script/script-params.ts';
import { parsePlaybook } from '../../../src/playbook/load.ts';
import type { TaskDef } from '../../../src/playbook/types.ts';
import { refusalOf } from '../../helpers/refusal.ts';

const FILES: Record<string, string> = { '/pb/files/setup.ps1': 'param($Mode) "mode $Mode"\n' };
const readText = (f: string): string => {
  const t = FILES[f];
  if (t === undefined) throw new InputError('PLAYBOOK_NOT_FOUND', `cannot read ${f}`);
  return t;
};
const load = (task: string) => parsePlaybook(`- hosts: all\n  gather_facts: false\n  tasks:\n    - ${task}\n`, '/pb/p.yml', { readText }).plays[0]?.tasks[0] as TaskDef;

describe("script's arguments are read as ansible-core reads them", () => {
  it('takes creates=/chdir= out of the free form and finds the script under files/', () => {
    const task = load('script: setup.ps1 -Mode full creates=C:\\done chdir=C:\\w');
    expect(task.args).toEqual({ _raw_params: 'setup.ps1 -Mode full', creates: 'C:\\done', chdir: 'C:\\w' });
    expect((task.preloaded as ScriptFile).path).toBe('/pb/files/setup.ps1');
  });

  it('moves cmd: to the free form whole, so a creates= inside it stays an argument of the script', () => {
    const task = load("script: {cmd: 'setup.ps1 creates=C:\\x', removes: 'C:\\y'}");
    expect(task.args).toEqual({ _raw_params: 'setup.ps1 creates=C:\\x', removes: 'C:\\y' });
    expect((task.preloaded as ScriptFile).text).toContain('mode $Mode');
  });

  it("refuses cmd beside a free form with Ansible's text, at cmd", () => {
    const e = refusalOf(() => load("script: setup.ps1\n      args: {cmd: 'setup.ps1 -Mode x'}"));
    expect(e.message).toBe("The 'cmd' argument cannot be used when other raw parameters are specified. Please put everything in one or the other place.");
    expect(e.pos?.line).toBe(5);
  });

  it('refuses executable= and an option script does not have at load; takes stdin= out of the free form, as Ansible does', () => {
    expect(refusalOf(() => load('script: setup.ps1 executable=python')).message).toMatch(/executable/);
    const e = refusalOf(() => load('script: setup.ps1\n      args: {stdout: hello}'));
    expect(e.code).toBe('PLAYBOOK_UNKNOWN_ARG');
    expect(e.message).toMatch(/unknown argument 'stdout' for script/);
    // Ignored when the task runs, with a warning (test/interop/script-ignored-keys.test.ts).
    expect(load('script: setup.ps1 -Mode x stdin=hello').args).toEqual({ _raw_params: 'setup.ps1 -Mode x', stdin: 'hello' });
  });

  it('refuses a templated script name and a file that is not a .ps1, at the script name', () => {
    expect(refusalOf(() => load('script: "{{ name }}.ps1 -A"')).message).toBe("a templated script name in 'script' is not supported");
    expect(refusalOf(() => load('script: setup.sh creates=x')).message).toBe("winbook runs PowerShell (.ps1) scripts only, not 'setup.sh'");
  });
});
