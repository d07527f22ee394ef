/** The playbook model: what the loader produces from YAML after validation. Values are still untemplated. */
import type { SourcePos } from '../errors.ts';
import type { Vars } from '../inventory/types.ts';

/** `loop_control:` — how loop items are named and paced. */
export interface LoopControl {
  /** The variable each item is bound to (`item` unless `loop_var:`). */
  loopVar: string;
  indexVar?: string;
  /** A template shown instead of the item. */
  label?: string;
  /** Seconds between items. */
  pause?: number;
}

/** `retries`/`until`/`delay`: run again until the conditions hold. */
export interface RetryDef {
  until: string[];
  retries: number;
  delay: number;
}

/** `become*` keywords as written (templates allowed), merged down the parent chain; decided per host at run time. */
export interface BecomeDef {
  become?: unknown;
  user?: unknown;
  method?: unknown;
  flags?: unknown;
  pos: SourcePos;
  methodPos?: SourcePos;
}

export interface TaskDef {
  kind?: 'task';
  /**
   * Stable id: `file:line:col` of the task's definition. The same task imported twice keeps one id; a role's task
   * has the id of its line in the role's file. Journals and reports use it to say exactly which task a host was at.
   */
  id: string;
  /** The task's `name:`, or a generated `module args` label when it has none (as Ansible shows it). */
  name: string;
  /** Canonical short module name from the registry (e.g. `win_service` for `ansible.windows.win_service`). */
  module: string;
  /** The module name as written in the playbook. */
  moduleAs: string;
  /**
   * The `name:` is a YAML number (`name: 5`): listings show it (`5`), but the banner shows the action, as
   * ansible-playbook 2.14's strategy keeps only a text name (to_text(…, nonstring='empty')).
   */
  nameNotText?: true;
  /** No name (or one Python finds false): `name` is the action; --list-tasks lists the bare action even in a role. */
  unnamed?: true;
  /** Arguments, untemplated. Free-form text is kept under `_raw_params`. */
  args: Record<string, unknown>;
  /** Conditions, and-ed; each a bare Jinja2 expression (no braces). Inherited ones (block, import) come first. */
  when: string[];
  register?: string;
  /** Handler names or listen topics. */
  notify: string[];
  /** Where each `notify` entry is written (checked against the play's handlers at load). */
  notifyPos?: SourcePos[];
  /** A list, or a template string that renders to a list. `with_items` lands here flattened one level. */
  loop?: unknown;
  /**
   * `with_first_found`: `loop` holds the lookup's terms as written, and the items are the lookup's result, found in
   * `subdir` (`vars` for include_vars, `templates` for a template module, else `files`, as TaskExecutor sets it).
   * `with_nested`: `loop` holds the lists as written; the items are every combination of them, in order.
   */
  loopWith?: { lookup: 'first_found'; subdir: string } | { lookup: 'nested' };
  loopControl?: LoopControl;
  changedWhen?: string[];
  failedWhen?: string[];
  ignoreErrors: boolean;
  /** Task-level `vars:` (with the enclosing blocks', imports', includes' and role parameters underneath). */
  vars: Vars;
  /** The part of `vars` Ansible ranks above facts: role parameters and include_tasks/include_role vars. */
  params?: Vars;
  noLog: boolean;
  /** Own tags plus those inherited from blocks, imports, roles and the play. */
  tags?: string[];
  retry?: RetryDef;
  /** Task-level `check_mode:` — true forces check mode, false forces a real run, whatever --check says. */
  checkMode?: boolean;
  /** Task-level `diff:`. */
  diff?: boolean;
  runOnce?: boolean;
  /** Only `localhost` (controller modules) is supported. */
  delegateTo?: string;
  throttle?: number;
  /** `async:` seconds (> 0) and `poll:` seconds (0: fire and forget; see engine/async-task.ts). */
  async?: { limit: number; poll: number };
  /** `environment:` — a mapping (or template) passed to agent modules as `_environment`. */
  environment?: unknown;
  /**
   * The role the task came from (for `role_name`, `role_path`), and the roles that pulled it in (meta dependencies,
   * include_role), nearest first: Ansible's dependency chain, searched for the task's files (playbook/search-path.ts).
   */
  role?: { name: string; path: string; parents?: string[] };
  /** `become`, `become_user`, `become_method`, `become_flags` from the task and its parents. */
  become?: BecomeDef;
  /** What the loader read for the task's module (include_vars: the variables files), handed to it as it runs. */
  preloaded?: unknown;
  /** Where the task starts in its file; argument positions for template errors. */
  pos: SourcePos;
  argPos: Record<string, SourcePos>;
}

export interface HandlerDef extends TaskDef {
  /** Extra topics this handler answers to (`listen:`). */
  listen: string[];
}

/** `block:` with its `rescue:` and `always:` sections. `when`, `vars` and `tags` are already pushed to the children. */
export interface BlockDef {
  kind: 'block';
  id: string;
  name?: string;
  block: TaskNode[];
  rescue: TaskNode[];
  always: TaskNode[];
  tags?: string[];
  pos: SourcePos;
}

/** `include_tasks:` — dynamic: `when` is evaluated once per host, the tasks run only where it holds. */
export interface IncludeDef {
  kind: 'include';
  id: string;
  /** Its banner: the name, or as Task.get_name() titles it (`include_tasks`; IncludeRole's `include_role : ROLE`). */
  name: string;
  /** include_role (dynamic: its `when` decided once per host, counted ok nowhere, no `included:` line); else include_tasks. */
  action?: 'include_role';
  /** How --list-tasks lists it when that differs from the banner (an unnamed include_role is listed by its action). */
  listName?: string;
  /** The included file, resolved (include_role: the role's folder); loaded when the playbook is loaded (the name must not be templated). */
  file: string;
  tasks: TaskNode[];
  when: string[];
  vars: Vars;
  /** Role parameters and include params around the include, and its own vars (see TaskDef.params). */
  params?: Vars;
  tags?: string[];
  /**
   * A recursive include (its file includes itself, directly or not): `tasks` is empty and this loads them, one
   * level deeper, when the include runs; only a `when:` ends the recursion.
   */
  expand?: () => TaskNode[];
  /** `loop:` — the file's tasks run once per item (hosts with the same item together), bound to `loopVar`. */
  loop?: unknown;
  /**
   * `with_first_found` (`loop` holds its terms): the tasks of every file the lookup could pick, read at load, by
   * path; or why a file cannot run. `file` and `tasks` are then unused.
   */
  firstFound?: Map<string, TaskNode[] | { error: string }>;
  loopVar?: string;
  pos: SourcePos;
}

/** Every task an include may run, as read at load: its tasks, and with with_first_found each possible file's. */
export function includedNodes(inc: IncludeDef): TaskNode[] {
  if (!inc.firstFound) return inc.tasks;
  return [...inc.tasks, ...[...inc.firstFound.values()].flatMap((c) => ('error' in c ? [] : c))];
}

/** An include with its tasks, and each with_first_found file's, mapped by `f`. */
export function mapIncluded(inc: IncludeDef, f: (nodes: TaskNode[]) => TaskNode[]): IncludeDef {
  const out: IncludeDef = { ...inc, tasks: f(inc.tasks) };
  if (inc.firstFound) out.firstFound = new Map([...inc.firstFound].map(([k, c]) => [k, 'error' in c ? c : f(c)]));
  return out;
}

/** `meta:` actions that change the run rather than a host. */
export interface MetaDef {
  kind: 'meta';
  id: string;
  name: string;
  action: 'flush_handlers' | 'noop' | 'end_play' | 'end_host' | 'clear_host_errors';
  when: string[];
  tags?: string[];
  pos: SourcePos;
}

export type TaskNode = TaskDef | BlockDef | IncludeDef | MetaDef;

/** One section of a play, in the order Ansible runs them; handlers are flushed after each. */
export type Section = 'pre_tasks' | 'tasks' | 'post_tasks';

export interface PlayDef {
  name: string;
  /** Host pattern, as in `--limit`. */
  hosts: string;
  vars: Vars;
  /** Role `defaults/main.yml` merged in role order: the lowest precedence of all. */
  roleDefaults?: Vars;
  /** Role `vars/main.yml` merged in role order: above play vars. */
  roleVars?: Vars;
  /** `vars_files:`, already read and merged: above play vars. */
  varsFiles?: Vars;
  gatherFacts: boolean;
  /** The play's gather_subset / gather_timeout, passed to its Gathering Facts task's setup as ansible-core does. */
  gatherSubset?: string[];
  gatherTimeout?: number;
  preTasks?: TaskNode[];
  /** Role tasks come first, then the play's own `tasks:` (as Ansible runs them). */
  tasks: TaskNode[];
  postTasks?: TaskNode[];
  /** In definition order: handlers run in this order, not in notification order. Role handlers first. */
  handlers: HandlerDef[];
  tags?: string[];
  /** `serial:` — batch sizes (numbers or "30%"); the last repeats. */
  serial?: (number | string)[];
  order?: 'inventory' | 'reverse_inventory' | 'sorted' | 'reverse_sorted' | 'shuffle';
  maxFailPercentage?: number;
  anyErrorsFatal?: boolean;
  forceHandlers?: boolean;
  /** `environment:` of the play: under every task's own (the task's keys win), for agent modules. */
  environment?: unknown;
  pos: SourcePos;
}

export interface Playbook {
  file: string;
  plays: PlayDef[];
}
