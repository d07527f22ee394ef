/** ansible.builtin.debug: print a message or a variable's value; runs on the controller. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef, ModuleResult } from '../types.ts';
import { plainValue } from '../../template/native-text.ts';
import { pythonInt } from './python-int.ts';

export const debugSchema = lazySchema(() =>
  z
    .object({
      msg: z.unknown().optional(),
      /** A variable name or dotted path (`svc.name`, `results[0].rc`), looked up in the host's variables. */
      var: z.string().min(1).optional(),
      /**
       * The -v count from which the message shows; below it the task is skipped ("Verbosity threshold not met.").
       * Any value, read with Python's int() when the task runs, as debug's action plugin reads it (`1.0` and `'1'` are
       * 1; `'1.0'` fails the task).
       */
      verbosity: z.unknown().optional().describe("The -v count from which the message shows (default 0); below it the task is skipped, 'Verbosity threshold not met.'. Read with Python's int() when the task runs, as Ansible's debug reads it: `1.0`, `'1'`, `1.5` and `true` are 1; `'1.0'` fails the task."),
    })
    .strict()
    .refine((a) => a.msg === undefined || a.var === undefined, { message: "'msg' and 'var' are incompatible options" }),
);

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

/**
 * Jinja2's message for the first missing step of `a.b.c` (`'a' is undefined`, `'dict object' has no attribute
 * 'b'`), which debug adds at -v; undefined where the path goes through something other than a mapping.
 */
export function missingReason(vars: Record<string, unknown>, path: string): string | undefined {
  const steps = path.match(/[^.[\]'"]+/g) ?? [];
  let cur: unknown = vars;
  for (const [i, step] of steps.entries()) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, step) || (cur as Record<string, unknown>)[step] === undefined) {
      return i === 0 ? `'${step}' is undefined` : `'dict object' has no attribute '${step}'`;
    }
    cur = (cur as Record<string, unknown>)[step];
  }
  return undefined;
}

export const debug: ModuleDef<ReturnType<typeof debugSchema>> = {
  name: 'debug',
  aliases: ['ansible.builtin.debug'],
  description: 'Print a message or the value of a variable.',
  get schema() {
    return debugSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  run: (args, ctx): Promise<ModuleResult> => {
    const threshold = args.verbosity === undefined ? { value: 0 } : pythonInt(plainValue(args.verbosity));
    if ('error' in threshold) {
      // TaskExecutor's text for an exception raised inside an action plugin.
      return Promise.resolve({
        changed: false, failed: true, msg: `Unexpected failure during module execution: ${threshold.error}`,
        exception: `${threshold.type}: ${threshold.error}`, stdout: '',
      });
    }
    if (threshold.value > (ctx.verbosity ?? 0)) {
      return Promise.resolve({ changed: false, skipped: true, skipped_reason: 'Verbosity threshold not met.' });
    }
    if (args.var !== undefined) {
      const v = lookupPath(ctx.vars, args.var.trim());
      if (v !== MISSING) return Promise.resolve({ changed: false, [args.var]: v });
      // From -v Ansible adds the undefined error's text, which its templating gives twice over.
      const reason = (ctx.verbosity ?? 0) > 0 ? missingReason(ctx.vars, args.var.trim()) : undefined;
      return Promise.resolve({ changed: false, [args.var]: reason === undefined ? UNDEFINED_TEXT : `${UNDEFINED_TEXT}: ${reason}. ${reason}` });
    }
    return Promise.resolve({ changed: false, msg: (args.msg ?? 'Hello world!') as string });
  },
  examples: `- debug:
    msg: "{{ inventory_hostname }} runs {{ svc.name }}"
- debug:
    var: svc.state
`,
};
