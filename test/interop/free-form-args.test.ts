/**
 * Free-form module arguments as ansible-core 2.14 reads them (Task.load: parsing/mod_args.py ModuleArgsParser, then
 * Task.preprocess_data moving script's `cmd` to `_raw_params`, run here on the same task): the command modules' and
 * script's `creates=`/`chdir=`/`stdin=` become options and the rest stays the command with
 * its whitespace as Ansible joins it; include_vars takes every `k=v`; a `k=v` value's backslash escapes are decoded
 * as Python's unicode-escape decodes them (`path=C:\temp` holds a TAB there). winbook's loader must give the same
 * arguments, or refuse: before this, `win_command: x.exe creates=C:\done` ran `x.exe creates=C:\done` every time.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parsePlaybook } from '../../src/playbook/load.ts';
import type { TaskDef } from '../../src/playbook/types.ts';

const CASES: Array<[string, string | Record<string, unknown>]> = [
  ['win_command', 'cmd.exe /c echo  a   b creates=C:\\x chdir="C:\\a b"'],
  ['win_command', 'whoami stdin=hi'],
  ['win_command', 'echo a=b'],
  ['win_command', 'a creates=x  b'],
  ['win_command', 'a  creates=x b'],
  ['win_command', 'creates=x a'],
  ['win_command', 'a "creates=x" b'],
  ['win_command', 'a creates="x y" b'],
  ['win_command', 'a {{ q }} chdir={{ d }}'],
  ['win_command', 'a\nb creates=x'],
  ['win_command', 'a creates=x\nb'],
  ['win_command', 'a creates=x\n\nb'],
  ['win_command', ' a b '],
  ['win_command', 'a\tcreates=x'],
  ['win_command', 'type C:\\new\\file.txt creates=C:\\new'],
  ['win_command', 'a chdir=C:\\\\temp b'],
  ['win_command', 'a stdin="l1\\nl2"'],
  ['win_command', 'echo C:\\xyz removes=C:\\x41'],
  ['win_shell', 'Get-Service | Where-Object { $_.Status -eq "Running" } chdir=C:\\Windows'],
  ['win_shell', 'echo "a  b"  c'],
  ['win_shell', 'a executable=cmd'],
  ['win_shell', 'dir C:\\\necho hi\n'],
  ['win_shell', '$x = @{\n  a = 1\n}\nWrite-Output $x\n'],
  ['win_shell', 'a "b\nc" d\n'],
  ['win_shell', '{{ x }}\n{% if y %}z{% endif %}\n'],
  ['win_shell', 'a\t\tb\n'],
  ['win_shell', 'cd C:\\ \necho\n'],
  ['win_shell', 'a\n\n\nb\n\n'],
  ['win_shell', 'echo a creates=x\necho b\n'],
  ['win_shell', 'msiexec /i x.msi ALLUSERS=1 /qn removes=C:\\x'],
  ['raw', 'hostname'],
  ['raw', 'ipconfig  /all'],
  ['include_vars', 'vars.yml'],
  ['include_vars', 'file=vars.yml name=x'],
  ['include_vars', 'vars.yml name=x'],
  ['win_file', 'path=C:\\temp\\new state=touch'],
  ['win_file', 'path="C:\\temp" state=touch'],
  ['win_file', 'path=C:\\\\temp\\\\x state=directory'],
  ['win_file', "path='C:\\Program Files\\app' state=absent"],
  ['win_service', 'name=Spooler state="started"'],
  // script is one of C.MODULE_REQUIRE_ARGS: its free form is read with check_raw, as win_command's.
  ['script', 'setup.ps1 -Mode full creates=C:\\done'],
  ['script', 'setup.ps1 creates=C:\\x removes=C:\\y chdir=C:\\w a  b'],
  ['script', '"my setup.ps1" -A "x y" chdir="C:\\a b"'],
  ['script', 'setup.ps1 a=b -Flag'],
  ['script', 'creates=C:\\x setup.ps1'],
  ['script', 'setup.ps1 {{ arg }} removes={{ gone }}'],
  ['script', 'files\\setup.ps1 -Path C:\\temp\\new'],
  // cmd: is moved to _raw_params whole: its creates= is an argument of the script, not an option.
  ['script', { cmd: 'setup.ps1 creates=C:\\x -A 1' }],
  ['script', { cmd: 'setup.ps1 -A 1', chdir: 'C:\\w', creates: 'C:\\x' }],
  ['script', { cmd: '"my setup.ps1"  -A  "x  y"' }],
];

function ansibleArgs(cases: Array<[string, string | Record<string, unknown>]>): Array<Record<string, unknown>> {
  const py = [
    'import json,sys',
    'from ansible.parsing.dataloader import DataLoader',
    'from ansible.playbook.task import Task',
    'print(json.dumps([Task.load({m: t}, loader=DataLoader()).args for m, t in json.load(sys.stdin)]))',
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { input: JSON.stringify(cases), encoding: 'utf8' })) as Array<Record<string, unknown>>;
}

function winbookArgs(module: string, text: string | Record<string, unknown>): Record<string, unknown> {
  const pb = parsePlaybook(`- hosts: all\n  gather_facts: false\n  tasks:\n    - ${module}: ${JSON.stringify(text)}\n`, '/pb/free-form.yml');
  return (pb.plays[0]?.tasks[0] as TaskDef).args;
}

describe('free-form arguments match ansible-core 2.14 ModuleArgsParser', () => {
  it('gives the same options and command text for every case', () => {
    const want = ansibleArgs(CASES);
    const got = CASES.map(([m, t]) => winbookArgs(m, t));
    const title = ([m, t]: [string, unknown]) => `${m}: ${JSON.stringify(t)}`;
    expect(Object.fromEntries(CASES.map((c, i) => [title(c), got[i]]))).toEqual(Object.fromEntries(CASES.map((c, i) => [title(c), want[i]])));
  });

  it('refuses an escape it cannot decode (\\N{name}) at load with the position, instead of guessing', () => {
    const err = (() => {
      try {
        winbookArgs('win_file', 'path=C:\\N{BULLET} state=touch');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain("the escape sequence '\\N{BULLET}'");
    expect((err as InputError).pos?.line).toBe(4);
  });
});
