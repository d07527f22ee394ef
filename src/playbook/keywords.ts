/**
 * Which Ansible keywords winbook supports, and for the ones Ansible has but we do not (yet), what to do
 * instead. Nothing is silently ignored: an unsupported keyword is an error naming it (design §2).
 */

export const PLAY_KEYWORDS = [
  'name', 'hosts', 'vars', 'tasks', 'handlers', 'gather_facts', 'gather_subset', 'gather_timeout', 'pre_tasks', 'post_tasks', 'roles', 'vars_files', 'tags',
  'serial', 'order', 'max_fail_percentage', 'any_errors_fatal', 'force_handlers', 'environment',
  'become', 'become_user', 'become_method', 'become_flags',
] as const;

export const TASK_KEYWORDS = [
  'name', 'when', 'register', 'notify', 'loop', 'changed_when', 'failed_when', 'ignore_errors', 'vars', 'no_log',
  'args', 'action', 'tags', 'loop_control', 'with_items', 'with_list', 'with_dict', 'with_first_found', 'with_nested', 'retries', 'until', 'delay', 'check_mode', 'diff',
  'run_once', 'delegate_to', 'throttle', 'environment', 'async', 'poll', 'become', 'become_user', 'become_method', 'become_flags',
] as const;

/** What a block may carry; the rest of a task's keywords belong on its tasks. */
export const BLOCK_KEYWORDS = [
  'block', 'rescue', 'always', 'name', 'when', 'vars', 'tags', 'ignore_errors', 'no_log', 'check_mode', 'environment',
  'become', 'become_user', 'become_method', 'become_flags',
] as const;

export const HANDLER_KEYWORDS = [...TASK_KEYWORDS, 'listen'] as const;

const LATER = 'not supported yet (planned)';

const COMMON_UNSUPPORTED: Record<string, string> = {
  become_exe: 'not used on Windows hosts (runas has no executable); remove it',
  ignore_unreachable: LATER,
  delegate_facts: LATER,
  connection: 'set ansible_connection in the inventory instead',
  remote_user: 'set ansible_user in the inventory instead',
  port: 'set ansible_port in the inventory instead',
  collections: 'use fully qualified module names (ansible.windows.win_service) instead',
  module_defaults: `${LATER}; repeat the arguments on each task`,
  debugger: 'not supported',
  timeout: LATER,
};

export const PLAY_UNSUPPORTED: Record<string, string> = {
  ...COMMON_UNSUPPORTED,
  throttle: `${LATER} at play level; set throttle on the tasks`,
  check_mode: `${LATER} at play level; set check_mode on the tasks or run with --check`,
  diff: `${LATER} at play level; run with --diff`,
  run_once: `${LATER} at play level; set run_once on the tasks`,
  delegate_to: 'not supported at play level',
  strategy: 'only the linear strategy (hosts in lockstep, task by task) is supported; remove strategy:',
  vars_prompt: 'not supported: pass the values with -e instead',
  include_playbook: `${LATER}; run the playbooks one after the other`,
  fact_path: 'not supported',
  no_log: `${LATER} at play level; set no_log on the tasks`,
  ignore_errors: `${LATER} at play level; set ignore_errors on the tasks`,
};

export const TASK_UNSUPPORTED: Record<string, string> = {
  ...COMMON_UNSUPPORTED,
  any_errors_fatal: `${LATER} on tasks; set any_errors_fatal on the play`,
  // ansible-core 2.14 still runs it, with a deprecation (removed in 2.16), static or dynamic by its own rules.
  include: 'deprecated in ansible-core 2.14 (removed in 2.16) and not supported: write import_tasks (static) or include_tasks (dynamic)',
  import_playbook: 'import_playbook belongs at the top level of a playbook, next to the plays',
  local_action: `${LATER}; use a controller module such as debug, set_fact or assert`,
};

/** `with_items`, `with_dict`, …: all replaced by `loop:` in modern Ansible. */
export function withLoopHint(keyword: string): string | undefined {
  if (!keyword.startsWith('with_')) return undefined;
  const lookup = keyword.slice(5);
  if (lookup === 'dict') return `use loop: "{{ your_dict | dict2items }}" instead (item.key, item.value)`;
  return `use loop: instead; with_${lookup} is not supported`;
}
