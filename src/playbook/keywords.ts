/**
 * Which Ansible keywords winbook supports, and for the ones Ansible has but we do not (yet), what to do
 * instead. Nothing is silently ignored: an unsupported keyword is an error naming it (design §2).
 */

export const PLAY_KEYWORDS = ['name', 'hosts', 'vars', 'tasks', 'handlers', 'gather_facts'] as const;

export const TASK_KEYWORDS = [
  'name', 'when', 'register', 'notify', 'loop', 'changed_when', 'failed_when', 'ignore_errors', 'vars', 'no_log',
  'args', 'action',
] as const;

export const HANDLER_KEYWORDS = [...TASK_KEYWORDS, 'listen'] as const;

const LATER = 'not supported yet (planned)';

const COMMON_UNSUPPORTED: Record<string, string> = {
  become: 'Windows runas is not supported yet; connect as a user with the rights the task needs',
  become_user: 'Windows runas is not supported yet; connect as a user with the rights the task needs',
  become_method: 'Windows runas is not supported yet; connect as a user with the rights the task needs',
  become_flags: 'Windows runas is not supported yet; connect as a user with the rights the task needs',
  become_exe: 'Windows runas is not supported yet',
  tags: `${LATER}; remove the tags, or split the playbook and choose it on the command line`,
  environment: `${LATER}; set the variables inside the command (e.g. $env:NAME = '…' in win_shell)`,
  check_mode: `${LATER}; run the whole playbook with --check instead`,
  diff: `${LATER}; run the whole playbook with --diff instead`,
  any_errors_fatal: LATER,
  ignore_unreachable: LATER,
  run_once: LATER,
  delegate_to: `${LATER}; run the task in a separate play against that host`,
  delegate_facts: LATER,
  connection: 'set ansible_connection in the inventory instead',
  remote_user: 'set ansible_user in the inventory instead',
  port: 'set ansible_port in the inventory instead',
  collections: 'use fully qualified module names (ansible.windows.win_service) instead',
  module_defaults: `${LATER}; repeat the arguments on each task`,
  debugger: 'not supported',
  throttle: LATER,
  timeout: LATER,
};

export const PLAY_UNSUPPORTED: Record<string, string> = {
  ...COMMON_UNSUPPORTED,
  pre_tasks: `${LATER}; move these tasks to the start of tasks:`,
  post_tasks: `${LATER}; move these tasks to the end of tasks:`,
  roles: `${LATER}; copy the role's tasks, handlers and defaults into the play`,
  serial: `${LATER}; all hosts of a play run together, task by task; use --limit to run in batches`,
  strategy: 'only the linear strategy (hosts in lockstep, task by task) is supported; remove strategy:',
  order: LATER,
  max_fail_percentage: LATER,
  vars_files: `${LATER}; put the variables in vars:, group_vars/ or host_vars/, or pass -e @file`,
  vars_prompt: 'not supported: pass the values with -e instead',
  import_playbook: `${LATER}; run the playbooks one after the other`,
  include_playbook: `${LATER}; run the playbooks one after the other`,
  force_handlers: LATER,
  fact_path: 'not supported',
  gather_subset: `${LATER}; remove it (facts are gathered in full)`,
  gather_timeout: LATER,
  no_log: `${LATER} at play level; set no_log on the tasks`,
  ignore_errors: `${LATER} at play level; set ignore_errors on the tasks`,
};

export const TASK_UNSUPPORTED: Record<string, string> = {
  ...COMMON_UNSUPPORTED,
  block: `${LATER}; write the tasks one after another, with ignore_errors/failed_when where needed`,
  rescue: `${LATER}; use ignore_errors and a following task with 'when: result is failed'`,
  always: `${LATER}; use ignore_errors on the tasks before it`,
  include_tasks: `${LATER}; copy the included tasks into the play`,
  import_tasks: `${LATER}; copy the imported tasks into the play`,
  include_role: `${LATER}; copy the role's tasks into the play`,
  import_role: `${LATER}; copy the role's tasks into the play`,
  include_vars: `${LATER}; put the variables in vars:, group_vars/ or pass -e @file`,
  include: 'removed in Ansible; and not supported: copy the tasks into the play',
  import_playbook: 'import_playbook belongs at the top level of a playbook, and is not supported yet',
  meta: `${LATER}; handlers run at the end of the play`,
  local_action: `${LATER}; use a controller module such as debug, set_fact or assert`,
  loop_control: `${LATER}; the loop variable is always 'item'`,
  until: `${LATER}; retry inside the command (a PowerShell loop) for now`,
  retries: `${LATER}; retry inside the command (a PowerShell loop) for now`,
  delay: `${LATER}; retry inside the command (a PowerShell loop) for now`,
  async: `${LATER}; tasks run to completion synchronously`,
  poll: `${LATER}; tasks run to completion synchronously`,
};

/** `with_items`, `with_dict`, …: all replaced by `loop:` in modern Ansible. */
export function withLoopHint(keyword: string): string | undefined {
  if (!keyword.startsWith('with_')) return undefined;
  const lookup = keyword.slice(5);
  if (lookup === 'items' || lookup === 'list') return `use loop: instead (with the same list)`;
  if (lookup === 'dict') return `use loop: "{{ your_dict | dict2items }}" instead (item.key, item.value)`;
  return `use loop: instead; with_${lookup} is not supported`;
}
