/**
 * The title of an unnamed task, as ansible-playbook 2.14 prints it: the action as written (`TASK [debug]`,
 * `TASK [ansible.builtin.debug]`, `action: win_service …` → `TASK [win_service]`), never its arguments — they
 * may be long, templated or secret.
 */
export function defaultTaskName(moduleAsWritten: string): string {
  return moduleAsWritten;
}
