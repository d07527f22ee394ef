/** ansible.builtin.debug: print a message or a variable's value; runs on the controller. */
import { z } from 'zod';
import type { ModuleDef, ModuleResult } from '../types.ts';

export const debugSchema = z
  .object({
    msg: z.unknown().optional(),
    /** A variable name or dotted path (`svc.name`, `results[0].rc`), looked up in the host's variables. */
    var: z.string().min(1).optional(),
    /** Accepted for compatibility; winbook shows debug output at every verbosity. */
    verbosity: z.number().int().min(0).default(0),
  })
  .strict()
  .refine((a) => a.msg === undefined || a.var === undefined, { message: "'msg' and 'var' are incompatible options" });

/** Ansible's text for an undefined `var`. */
export const UNDEFINED_TEXT = 'VARIABLE IS NOT DEFINED!';

const MISSING = Symbol('missing');

/** Look up `a.b[0].c` in vars; MISSING when any step is absent. */
export function lookupPath(vars: Record<string, unknown>, path: string): unknown {
  const steps = path.match(/[^.[\]'"]+/g) ?? [];
  let cur: unknown = vars;
  for (const step of steps) {
    if (cur === null || typeof cur !== 'object') return MISSING;
    const obj = cur as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(obj, step)) return MISSING;
    cur = obj[step];
  }
  return cur === undefined ? MISSING : cur;
}

export const debug: ModuleDef<typeof debugSchema> = {
  name: 'debug',
  aliases: ['ansible.builtin.debug'],
  description: 'Print a message or the value of a variable.',
  schema: debugSchema,
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  run: (args, ctx): Promise<ModuleResult> => {
    if (args.var !== undefined) {
      const v = lookupPath(ctx.vars, args.var.trim());
      return Promise.resolve({ changed: false, [args.var]: v === MISSING ? UNDEFINED_TEXT : v });
    }
    return Promise.resolve({ changed: false, msg: (args.msg ?? 'Hello world!') as string });
  },
  examples: `- debug:
    msg: "{{ inventory_hostname }} runs {{ svc.name }}"
- debug:
    var: svc.state
`,
};
