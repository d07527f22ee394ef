/** ansible.builtin.fail: fail the task with a message; runs on the controller. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef, ModuleResult } from '../types.ts';

export const failSchema = lazySchema(() =>
  z.object({ msg: z.unknown().default('Failed as requested from task') }).strict(),
);

export const fail: ModuleDef<ReturnType<typeof failSchema>> = {
  name: 'fail',
  aliases: ['ansible.builtin.fail'],
  description: 'Fail the task with a custom message (usually with `when`).',
  get schema() {
    return failSchema();
  },
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
