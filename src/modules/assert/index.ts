/**
 * ansible.builtin.assert: evaluate conditions on the controller.
 *
 * `that` holds bare Jinja2 expressions, evaluated here with the host's variables as `when:` is. The engine renders
 * every argument with renderValue before `run`; that leaves strings without `{{ }}` untouched, so `that` items
 * must be bare expressions (as Ansible recommends; a `{{ }}` in a conditional is already a warning there).
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import { evaluateCondition, isTemplate, templatedConditionWarning } from '../../template/index.ts';
import type { ModuleDef, ModuleResult } from '../types.ts';

const condition = () => z.union([z.string().min(1), z.boolean()]);

export const assertSchema = lazySchema(() =>
  z
    .object({
      that: z.union([condition(), z.array(condition()).min(1)]),
      fail_msg: z.unknown().optional(),
      /** Ansible's older name for fail_msg. */
      msg: z.unknown().optional(),
      success_msg: z.unknown().default('All assertions passed'),
      quiet: z.boolean().default(false),
    })
    .strict(),
);

export const assert: ModuleDef<ReturnType<typeof assertSchema>> = {
  name: 'assert',
  aliases: ['ansible.builtin.assert'],
  description: 'Check that expressions are true; fail the task with fail_msg otherwise.',
  get schema() {
    return assertSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  // Its 2.14 action templates a `that` string first but hands each item of a list to Conditional as written, which
  // warns about one written as a template (`that: ["{{ x }}"]`).
  writtenWarnings: (written) => (Array.isArray(written.that) ? written.that.filter((t): t is string => typeof t === 'string' && isTemplate(t)).map(templatedConditionWarning) : []),
  run: (args, ctx): Promise<ModuleResult> => {
    const conditions = Array.isArray(args.that) ? args.that : [args.that];
    // ansible-core 2.14's assert action: unless quiet, its result is always shown (indented), passed or failed.
    const shown = args.quiet ? {} : { _ansible_verbose_always: true };
    for (const expr of conditions) {
      if (!evaluateCondition(expr, ctx.vars)) {
        return Promise.resolve({
          ...shown,
          changed: false,
          failed: true,
          assertion: expr,
          evaluated_to: false,
          msg: (args.fail_msg ?? args.msg ?? 'Assertion failed') as string,
        });
      }
    }
    return Promise.resolve({ ...shown, changed: false, msg: args.success_msg as string });
  },
  examples: `- assert:
    that:
      - svc.state == 'running'
      - svc.start_mode in ['auto', 'delayed']
    fail_msg: "{{ svc.name }} is not running"
`,
};
