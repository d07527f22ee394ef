/** ansible.builtin.set_fact: set host variables for the rest of the run; runs on the controller. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef, ModuleResult } from '../types.ts';

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const setFactSchema = lazySchema(() =>
  z
    .record(z.string(), z.unknown())
    .refine((a) => Object.keys(a).length > 0, { message: 'set_fact needs at least one variable to set' })
    .superRefine((a, ctx) => {
      for (const k of Object.keys(a)) {
        if (!VAR_NAME.test(k)) ctx.addIssue({ code: 'custom', message: `The variable name '${k}' is not valid` });
      }
    }),
);

/**
 * ansible-core 2.14's set_fact action (jinja2_native off) turns a value that is the text true, false, yes or no,
 * in any case, into a boolean, whether written so or produced by a template (a NativeJinjaText, a String object,
 * included); `on`, `1` and the like stay text.
 */
function booleanWord(v: unknown): unknown {
  const text = typeof v === 'string' ? v : v instanceof String ? v.valueOf() : undefined;
  if (text === undefined) return v;
  const word = text.toLowerCase();
  if (word === 'true' || word === 'yes') return true;
  return word === 'false' || word === 'no' ? false : v;
}

export const setFact: ModuleDef<ReturnType<typeof setFactSchema>> = {
  name: 'set_fact',
  aliases: ['ansible.builtin.set_fact'],
  description: 'Set variables on the host for the rest of the run (returned as ansible_facts).',
  get schema() {
    return setFactSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  run: (args): Promise<ModuleResult> => {
    // `cacheable` only matters to Ansible's fact cache, which winbook does not have.
    const { cacheable: _cacheable, ...given } = args;
    const facts = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, booleanWord(v)]));
    return Promise.resolve({ changed: false, ansible_facts: facts });
  },
  examples: `- set_fact:
    proxy_service: QlikSenseProxyService
`,
};
