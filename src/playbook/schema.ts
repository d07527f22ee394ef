/**
 * zod shapes of play, task and handler keyword values. Each keyword is checked on its own so an issue maps
 * straight back to the YAML node (and its line:col) that holds the bad value.
 */
import { z } from 'zod';

const text = z.union([z.string(), z.number()]).transform(String);
const condition = z.union([z.string(), z.boolean(), z.array(z.union([z.string(), z.boolean()]))]);
const stringOrList = z.union([z.string(), z.array(z.string())]);
const dict = z.record(z.string(), z.unknown());
const flag = z.union([z.boolean(), z.string()]);

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
};

export const TASK_SHAPES: Record<string, KeywordShape> = {
  name: { schema: text, expected: 'a string' },
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
};

export const HANDLER_SHAPES: Record<string, KeywordShape> = {
  ...TASK_SHAPES,
  listen: { schema: stringOrList, expected: 'a topic name or a list of topic names' },
};
