/**
 * What a module without check mode support answers in a check-mode run. In ansible.windows 1.14 the module answers
 * on the host before it reads any option: Ansible.Basic (AnsibleModule.CheckArguments, when the spec says
 * `supports_check_mode = $false`) with `remote module (NAME) does not support check mode`, NAME being the module as
 * the task wrote it (`_ansible_module_name`, ActionBase._execute_module's `self._task.action`); legacy Parse-Args
 * (Ansible.ModuleUtils.Legacy, whose `-supports_check_mode` defaults to $false) with the same words and no name.
 */
import type { ModuleDef, ModuleResult } from './types.ts';

export function checkModeSkip(def: ModuleDef, writtenAs: string = def.name): ModuleResult {
  const msg = def.argsReader === 'legacy' ? 'remote module does not support check mode' : `remote module (${writtenAs}) does not support check mode`;
  return { changed: false, skipped: true, msg };
}
