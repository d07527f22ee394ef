/**
 * The script module's local script, found and read when the playbook loads (as include_vars' files are): the
 * free form's `creates=`/`removes=`/`chdir=` become options (parse_kv with check_raw), the first word is looked up
 * through the task's search path as ansible-core 2.14's action plugin does (`_find_needle('files', name)`,
 * src/playbook/search-path.ts), a vault-encrypted script is decrypted
 * (a missing vault password is exit 3), and the result rides on the task as `preloaded`. A script that is not
 * found is not refused here: Ansible fails the task when it runs, after creates/removes had their say.
 */
import { extractFreeFormOptions, splitScriptParams, type ScriptFile } from '../modules/script/script-params.ts';
import { EscapeError } from './decode-escapes.ts';
import type { LoadCtx } from './load-context.ts';
import { dwimCandidates, notFoundText, taskSearchPath } from './search-path.ts';
import { holdsTemplate } from './literal-args.ts';
import type { TaskDef } from './types.ts';
import { inputError } from './yaml-pos.ts';

export function withScriptFile<T extends TaskDef>(lc: LoadCtx, task: T): T {
  if (task.module !== 'script') return task;
  const key = typeof task.args._raw_params === 'string' ? '_raw_params' : typeof task.args.cmd === 'string' ? 'cmd' : undefined;
  if (key === undefined) return task;
  const at = task.argPos[key] ?? task.pos;
  let parsed: ReturnType<typeof extractFreeFormOptions>;
  try {
    parsed = extractFreeFormOptions(String(task.args[key]));
  } catch (e) {
    if (!(e instanceof EscapeError)) throw e;
    throw inputError('PLAYBOOK_UNSUPPORTED', `the escape sequence '${e.sequence}' in a name=value argument is not supported`, at, { hint: 'write the arguments as a YAML mapping under script:' });
  }
  const { raw, options } = parsed;
  for (const k of Object.keys(options)) {
    if (k === 'executable') {
      throw inputError('PLAYBOOK_UNSUPPORTED', 'executable is not supported by winbook: it runs PowerShell (.ps1) scripts in the agent', at, { hint: 'run another interpreter with win_command' });
    }
    if (!['creates', 'removes', 'chdir'].includes(k)) throw inputError('PLAYBOOK_UNKNOWN_ARG', `unknown argument '${k}' for script`, at, { hint: 'script takes: cmd, creates, removes, chdir, decrypt' });
  }
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
  return { ...task, args: { ...task.args, [key]: raw, ...options }, preloaded: file };
}
