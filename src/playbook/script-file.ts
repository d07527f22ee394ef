/**
 * The script module's local script, found and read when the playbook loads (include_vars reads its files when it
 * runs; a script's text goes to the host in the task's request, so it is read once, here). Its arguments come as
 * ansible-core 2.14 gives them to the action plugin: the free form through parse_kv(check_raw=True) in
 * module-args.ts, like win_command's (`creates=`/`removes=`/`chdir=` become options), and `cmd:` moved to
 * `_raw_params` whole by Task.preprocess_data (_ACTION_HAS_CMD): `cmd: "x.ps1 creates=C:\x"` passes `creates=C:\x`
 * to the script, as in Ansible. The first word is looked up through the task's search path as the action plugin
 * does (`_find_needle('files', name)` through src/playbook/search-path.ts: the role, the roles that pulled it in,
 * the task's folder, then the playbook's folder; each `files/` first), a vault-encrypted script is decrypted (a missing vault password is exit 3), and the result rides on the
 * task as `preloaded`. A script that is not found is not refused here: Ansible fails the task when it runs, after
 * creates/removes had their say.
 */
import { splitScriptParams, type ScriptFile } from '../modules/script/script-params.ts';
import type { LoadCtx } from './load-context.ts';
import { dwimCandidates, notFoundText, taskSearchPath } from './search-path.ts';
import { holdsTemplate } from './literal-args.ts';
import type { TaskDef } from './types.ts';
import { inputError } from './yaml-pos.ts';

export function withScriptFile<T extends TaskDef>(lc: LoadCtx, task: T): T {
  if (task.module !== 'script') return task;
  task = cmdAsRawParams(task);
  if (typeof task.args._raw_params !== 'string') return task;
  const at = task.argPos._raw_params ?? task.pos;
  const raw = task.args._raw_params;
  const { source } = splitScriptParams(raw);
  if (holdsTemplate(source)) {
    throw inputError('PLAYBOOK_UNSUPPORTED', "a templated script name in 'script' is not supported", at, {
      hint: 'write the script name literally (its arguments may be templates); winbook reads the script when the playbook loads',
    });
  }
  if (!/\.ps1$/i.test(source)) {
    throw inputError('PLAYBOOK_UNSUPPORTED', `winbook runs PowerShell (.ps1) scripts only, not '${source}'`, at, {
      hint: 'on Windows Ansible runs other files with `& FILE`; copy a batch file or program with win_copy and run it with win_command',
    });
  }
  const searched = dwimCandidates(taskSearchPath(task), 'files', source, lc.playbookDir);
  let file: ScriptFile = { missing: notFoundText(source, searched) };
  for (const path of searched) {
    let text: string;
    try {
      text = lc.readText(path);
    } catch {
      continue;
    }
    if (text.startsWith('$ANSIBLE_VAULT') && task.args.decrypt !== false) {
      if (!lc.decryptFile) {
        throw inputError('PLAYBOOK_VAULT_LOCKED', `${path} is vault-encrypted and no vault password was given`, at, { hint: 'pass --vault-password-file FILE (or --ask-vault-pass)' });
      }
      text = lc.decryptFile(text, path);
    }
    // A UTF-8 byte order mark (common in Windows-edited scripts) is not part of the script.
    file = { path, text: text.replace(/^\uFEFF/, '') };
    break;
  }
  return { ...task, preloaded: file };
}

/** Task.preprocess_data: script's `cmd` becomes `_raw_params` as written (no k=v taken out of it). */
function cmdAsRawParams<T extends TaskDef>(task: T): T {
  if (!('cmd' in task.args)) return task;
  const { cmd, ...rest } = task.args;
  if (rest._raw_params !== undefined && rest._raw_params !== '') {
    throw inputError('PLAYBOOK_INVALID', "The 'cmd' argument cannot be used when other raw parameters are specified. Please put everything in one or the other place.", task.argPos.cmd ?? task.pos, {
      hint: 'give the script and its arguments either as the free form or under cmd:',
    });
  }
  const { cmd: cmdPos, ...argPos } = task.argPos;
  return { ...task, args: { ...rest, _raw_params: cmd }, argPos: cmdPos ? { ...argPos, _raw_params: cmdPos } : argPos };
}
