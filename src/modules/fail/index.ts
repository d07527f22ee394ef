/** ansible.builtin.fail: fail the task with a message; runs on the controller. */
import { z } from 'zod';
import type { ModuleDef, ModuleResult } from '../types.ts';

export const failSchema = z.object({ msg: z.unknown().default('Failed as requested from task') }).strict();

export const fail: ModuleDef<typeof failSchema> = {
  name: 'fail',
  aliases: ['ansible.builtin.fail'],
  description: 'Fail the task with a custom message (usually with `when`).',
  schema: failSchema,
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  run: (args): Promise<ModuleResult> => Promise.resolve({ changed: false, failed: true, msg: args.msg as string }),
  examples: `- fail:
    msg: "{{ inventory_hostname }} is not a rim node"
  when: "'rim' not in group_names"
`,
};
