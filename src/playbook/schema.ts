/**
 * zod shapes of play, task and handler keyword values. Each keyword is checked on its own so an issue maps
 * straight back to the YAML node (and its line:col) that holds the bad value.
 */
import { z } from 'zod';

// A whole-valued YAML float (a PyFloat, template/py-float.ts) is text as Python's str() gives it: `1.0`.
const text = z.union([z.string(), z.number(), z.instanceof(Number)]).transform(String);
const condition = z.union([z.string(), z.boolean(), z.array(z.union([z.string(), z.boolean()]))]);
const stringOrList = z.union([z.string(), z.array(z.string())]);
const dict = z.record(z.string(), z.unknown());
const flag = z.union([z.boolean(), z.string()]);
const tagList = z.union([text, z.array(text)]);
const batch = z.union([z.number().int().positive(), z.string().regex(/^\d+%?$/)]);
const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);
const seconds = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]);

/** become, become_user, become_method, become_flags: wherever Ansible takes them (play, block, include, task). */
const BECOME_SHAPES = {
  become: { schema: flag, expected: 'a boolean' },
  become_user: { schema: text, expected: 'a user name' },
  become_method: { schema: z.string(), expected: 'a become plugin name (runas on Windows)' },
  become_flags: { schema: z.string(), expected: 'a string of flags' },
};

export interface KeywordShape {
  schema: z.ZodType;
  /** What the value must be, for messages: "'notify' must be <expected>". */
  expected: string;
}

export const PLAY_SHAPES: Record<string, KeywordShape> = {
  name: { schema: text, expected: 'a string' },
  hosts: { schema: z.union([z.string().min(1), z.array(text).min(1)]), expected: 'a host pattern or a list of them' },
  vars: { schema: dict, expected: 'a mapping of variable names to values' },
  tasks: { schema: z.array(z.unknown()), expected: 'a list of tasks' },
  handlers: { schema: z.array(z.unknown()), expected: 'a list of handlers' },
  gather_facts: { schema: z.boolean(), expected: 'a boolean (true or false)' },
  // Play attributes as ansible-core 2.14 validates them: gather_subset a list of strings (a string is a one-item
  // list), gather_timeout an int (int() of the text).
  gather_subset: { schema: z.union([text, z.array(text)]), expected: 'a subset name or a list of them (all, min, network, !name …)' },
  gather_timeout: { schema: z.union([z.number().int(), z.string().regex(/^\s*[+-]?\d+\s*$/)]), expected: 'a whole number of seconds' },
  pre_tasks: { schema: z.array(z.unknown()), expected: 'a list of tasks' },
  post_tasks: { schema: z.array(z.unknown()), expected: 'a list of tasks' },
  roles: { schema: z.array(z.union([z.string(), dict])), expected: 'a list of role names or {role: name, vars…} mappings' },
  vars_files: { schema: stringOrList, expected: 'a file name or a list of file names' },
  tags: { schema: tagList, expected: 'a tag or a list of tags' },
  serial: { schema: z.union([batch, z.array(batch).min(1)]), expected: "a number, a percentage ('30%') or a list of them" },
  order: {
    schema: z.enum(['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle']),
    expected: 'one of inventory, reverse_inventory, sorted, reverse_sorted, shuffle',
  },
  max_fail_percentage: { schema: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?%?$/)]), expected: 'a number (percent of the batch)' },
  any_errors_fatal: { schema: z.boolean(), expected: 'a boolean (true or false)' },
  force_handlers: { schema: z.boolean(), expected: 'a boolean (true or false)' },
  environment: { schema: z.union([dict, z.string()]), expected: 'a mapping of environment variable names to values (or a template giving one)' },
  ...BECOME_SHAPES,
};

/**
 * A task's name as ansible-core 2.14 keeps it: YAML's value, not made text. `true` is listed by --list-tasks as
 * `True`; a value Python finds false (false, null, 0, 0.0) is no name, so Task.get_name() gives the action. The
 * banner titles any name that is not text by the action (engine/display-name.ts, TaskDef.nameNotText).
 */
const taskName = z.union([z.boolean(), z.null(), z.number(), z.instanceof(Number), z.string()]).transform((v) => {
  if (v === true) return 'True';
  if (v === false || v === null || Number(v) === 0) return typeof v === 'string' ? v : '';
  return String(v);
});

export const TASK_SHAPES: Record<string, KeywordShape> = {
  name: { schema: taskName, expected: 'a string' },
  when: { schema: condition, expected: 'a condition (string or boolean) or a list of conditions' },
  register: {
    schema: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    expected: 'a variable name (letters, digits and _, not starting with a digit)',
  },
  notify: { schema: stringOrList, expected: 'a handler name or a list of handler names' },
  loop: { schema: z.union([z.array(z.unknown()), z.string()]), expected: 'a list or a template that renders to a list' },
  changed_when: { schema: condition, expected: 'a condition (string or boolean) or a list of conditions' },
  failed_when: { schema: condition, expected: 'a condition (string or boolean) or a list of conditions' },
  ignore_errors: { schema: flag, expected: 'a boolean' },
  no_log: { schema: flag, expected: 'a boolean' },
  vars: { schema: dict, expected: 'a mapping of variable names to values' },
  args: { schema: dict, expected: 'a mapping of module arguments' },
  action: { schema: z.union([z.string(), dict]), expected: "a module name with its arguments ('win_ping' or 'raw: echo hi')" },
  tags: { schema: tagList, expected: 'a tag or a list of tags' },
  loop_control: { schema: dict, expected: 'a mapping (loop_var, index_var, label, pause)' },
  with_items: { schema: z.union([z.array(z.unknown()), z.string()]), expected: 'a list or a template that renders to a list' },
  with_list: { schema: z.union([z.array(z.unknown()), z.string()]), expected: 'a list or a template that renders to a list' },
  with_dict: { schema: z.union([z.record(z.string(), z.unknown()), z.string()]), expected: 'a mapping or a template that renders to one' },
  with_first_found: { schema: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown()), z.string()]), expected: 'a list of file names (or of mappings with files, paths, skip), a mapping, or a template' },
  retries: { schema: count, expected: 'a whole number' },
  until: { schema: condition, expected: 'a condition (string or boolean) or a list of conditions' },
  delay: { schema: seconds, expected: 'a number of seconds' },
  check_mode: { schema: flag, expected: 'a boolean' },
  diff: { schema: flag, expected: 'a boolean' },
  run_once: { schema: flag, expected: 'a boolean' },
  delegate_to: { schema: z.string(), expected: 'a host name (only localhost is supported)' },
  throttle: { schema: count, expected: 'a whole number' },
  environment: { schema: z.union([dict, z.string()]), expected: 'a mapping of environment variable names to values (or a template giving one)' },
  async: { schema: count, expected: 'a whole number of seconds' },
  poll: { schema: count, expected: 'a whole number of seconds' },
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
  block: { schema: z.array(z.unknown()).nullable(), expected: 'a list of tasks' },
  rescue: { schema: z.array(z.unknown()).nullable(), expected: 'a list of tasks' },
  always: { schema: z.array(z.unknown()).nullable(), expected: 'a list of tasks' },
};

export { BECOME_SHAPES };

export const HANDLER_SHAPES: Record<string, KeywordShape> = {
  ...TASK_SHAPES,
  listen: { schema: stringOrList, expected: 'a topic name or a list of topic names' },
};
