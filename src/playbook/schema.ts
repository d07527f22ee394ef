/**
 * zod shapes of play, task and handler keyword values. Each keyword is checked on its own so an issue maps
 * straight back to the YAML node (and its line:col) that holds the bad value.
 */
import { z } from 'zod';
import { lazySchema } from '../modules/lazy-schema.ts';

// A whole-valued YAML float (a PyFloat, template/py-float.ts) is text as Python's str() gives it: `1.0`.
const text = lazySchema(() => z.union([z.string(), z.number(), z.instanceof(Number)]).transform(String));
const condition = lazySchema(() => z.union([z.string(), z.boolean(), z.array(z.union([z.string(), z.boolean()]))]));
const stringOrList = lazySchema(() => z.union([z.string(), z.array(z.string())]));
const dict = lazySchema(() => z.record(z.string(), z.unknown()));
const flag = lazySchema(() => z.union([z.boolean(), z.string()]));
const tagList = lazySchema(() => z.union([text(), z.array(text())]));
const batch = lazySchema(() => z.union([z.number().int().positive(), z.string().regex(/^\d+%?$/)]));
const count = lazySchema(() => z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]));
const seconds = lazySchema(() => z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]));

/** become, become_user, become_method, become_flags: wherever Ansible takes them (play, block, include, task). */
const BECOME_SHAPES = {
  become: shape(flag, 'a boolean'),
  become_user: shape(text, 'a user name'),
  become_method: shape(() => z.string(), 'a become plugin name (runas on Windows)'),
  become_flags: shape(() => z.string(), 'a string of flags'),
};

export interface KeywordShape {
  schema: z.ZodType;
  /** What the value must be, for messages: "'notify' must be <expected>". */
  expected: string;
}

/**
 * A keyword's shape whose schema is built when a playbook first uses the keyword: built at start-up, the 60-odd
 * keyword schemas cost up to 20 ms of CPU (zod's first-use warm-up included; docs/benchmarks.md, "Sixth pass"), and
 * a playbook names a handful of keywords.
 */
export function shape(build: () => z.ZodType, expected: string): KeywordShape {
  const schema = lazySchema(build);
  return {
    expected,
    get schema() {
      return schema();
    },
  };
}

export const PLAY_SHAPES: Record<string, KeywordShape> = {
  name: shape(text, 'a string'),
  hosts: shape(() => z.union([z.string().min(1), z.array(text()).min(1)]), 'a host pattern or a list of them'),
  vars: shape(dict, 'a mapping of variable names to values'),
  tasks: shape(() => z.array(z.unknown()), 'a list of tasks'),
  handlers: shape(() => z.array(z.unknown()), 'a list of handlers'),
  gather_facts: shape(() => z.boolean(), 'a boolean (true or false)'),
  // Play attributes as ansible-core 2.14 validates them: gather_subset a list of strings (a string is a one-item
  // list), gather_timeout an int (int() of the text).
  gather_subset: shape(() => z.union([text(), z.array(text())]), 'a subset name or a list of them (all, min, network, !name …)'),
  gather_timeout: shape(() => z.union([z.number().int(), z.string().regex(/^\s*[+-]?\d+\s*$/)]), 'a whole number of seconds'),
  pre_tasks: shape(() => z.array(z.unknown()), 'a list of tasks'),
  post_tasks: shape(() => z.array(z.unknown()), 'a list of tasks'),
  roles: shape(() => z.array(z.union([z.string(), dict()])), 'a list of role names or {role: name, vars…} mappings'),
  vars_files: shape(stringOrList, 'a file name or a list of file names'),
  tags: shape(tagList, 'a tag or a list of tags'),
  serial: shape(() => z.union([batch(), z.array(batch()).min(1)]), "a number, a percentage ('30%') or a list of them"),
  order: shape(() => z.enum(['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle']), 'one of inventory, reverse_inventory, sorted, reverse_sorted, shuffle'),
  max_fail_percentage: shape(() => z.union([z.number(), z.string().regex(/^\d+(\.\d+)?%?$/)]), 'a number (percent of the batch)'),
  any_errors_fatal: shape(() => z.boolean(), 'a boolean (true or false)'),
  force_handlers: shape(() => z.boolean(), 'a boolean (true or false)'),
  environment: shape(() => z.union([dict(), z.string()]), 'a mapping of environment variable names to values (or a template giving one)'),
  ...BECOME_SHAPES,
};

/**
 * A task's name as ansible-core 2.14 keeps it: YAML's value, not made text. `true` is listed by --list-tasks as
 * `True`; a value Python finds false (false, null, 0, 0.0) is no name, so Task.get_name() gives the action. The
 * banner titles any name that is not text by the action (engine/display-name.ts, TaskDef.nameNotText).
 */
const taskName = lazySchema(() =>
  z.union([z.boolean(), z.null(), z.number(), z.instanceof(Number), z.string()]).transform((v) => {
    if (v === true) return 'True';
    if (v === false || v === null || Number(v) === 0) return typeof v === 'string' ? v : '';
    return String(v);
  }),
);

export const TASK_SHAPES: Record<string, KeywordShape> = {
  name: shape(taskName, 'a string'),
  when: shape(condition, 'a condition (string or boolean) or a list of conditions'),
  register: shape(() => z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), 'a variable name (letters, digits and _, not starting with a digit)'),
  notify: shape(stringOrList, 'a handler name or a list of handler names'),
  loop: shape(() => z.union([z.array(z.unknown()), z.string()]), 'a list or a template that renders to a list'),
  changed_when: shape(condition, 'a condition (string or boolean) or a list of conditions'),
  failed_when: shape(condition, 'a condition (string or boolean) or a list of conditions'),
  ignore_errors: shape(flag, 'a boolean'),
  no_log: shape(flag, 'a boolean'),
  vars: shape(dict, 'a mapping of variable names to values'),
  args: shape(dict, 'a mapping of module arguments'),
  action: shape(() => z.union([z.string(), dict()]), "a module name with its arguments ('win_ping' or 'raw: echo hi')"),
  tags: shape(tagList, 'a tag or a list of tags'),
  loop_control: shape(dict, 'a mapping (loop_var, index_var, label, pause)'),
  with_items: shape(() => z.union([z.array(z.unknown()), z.string()]), 'a list or a template that renders to a list'),
  with_list: shape(() => z.union([z.array(z.unknown()), z.string()]), 'a list or a template that renders to a list'),
  with_dict: shape(() => z.union([z.record(z.string(), z.unknown()), z.string()]), 'a mapping or a template that renders to one'),
  with_nested: shape(() => z.union([z.array(z.unknown()), z.string()]), 'a list of lists (or of templates that render to lists), or a template'),
  with_first_found: shape(() => z.union([z.array(z.unknown()), z.record(z.string(), z.unknown()), z.string()]), 'a list of file names (or of mappings with files, paths, skip), a mapping, or a template'),
  retries: shape(count, 'a whole number'),
  until: shape(condition, 'a condition (string or boolean) or a list of conditions'),
  delay: shape(seconds, 'a number of seconds'),
  check_mode: shape(flag, 'a boolean'),
  diff: shape(flag, 'a boolean'),
  run_once: shape(flag, 'a boolean'),
  delegate_to: shape(() => z.string(), 'a host name (only localhost is supported)'),
  throttle: shape(count, 'a whole number'),
  environment: shape(() => z.union([dict(), z.string()]), 'a mapping of environment variable names to values (or a template giving one)'),
  async: shape(count, 'a whole number of seconds'),
  poll: shape(count, 'a whole number of seconds'),
  ...BECOME_SHAPES,
};

/** Keywords a `block:` may carry (its tasks inherit them). */
export const BLOCK_SHAPES: Record<string, KeywordShape> = {
  name: TASK_SHAPES.name as KeywordShape,
  when: TASK_SHAPES.when as KeywordShape,
  vars: TASK_SHAPES.vars as KeywordShape,
  tags: TASK_SHAPES.tags as KeywordShape,
  ignore_errors: TASK_SHAPES.ignore_errors as KeywordShape,
  no_log: TASK_SHAPES.no_log as KeywordShape,
  check_mode: TASK_SHAPES.check_mode as KeywordShape,
  environment: TASK_SHAPES.environment as KeywordShape,
  ...BECOME_SHAPES,
  block: shape(() => z.array(z.unknown()).nullable(), 'a list of tasks'),
  rescue: shape(() => z.array(z.unknown()).nullable(), 'a list of tasks'),
  always: shape(() => z.array(z.unknown()).nullable(), 'a list of tasks'),
};

export { BECOME_SHAPES };

export const HANDLER_SHAPES: Record<string, KeywordShape> = {
  ...TASK_SHAPES,
  listen: shape(stringOrList, 'a topic name or a list of topic names'),
};
