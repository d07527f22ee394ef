/** ansible.builtin.set_fact: set host variables for the rest of the run; runs on the controller. */
import { z } from 'zod';
import type { ModuleDef, ModuleResult } from '../types.ts';

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const setFactSchema = z
  .record(z.string(), z.unknown())
  .refine((a) => Object.keys(a).length > 0, { message: 'set_fact needs at least one variable to set' })
  .superRefine((a, ctx) => {
    for (const k of Object.keys(a)) {
      if (!VAR_NAME.test(k)) ctx.addIssue({ code: 'custom', message: `The variable name '${k}' is not valid` });
    }
  });

export const setFact: ModuleDef<typeof setFactSchema> = {
  name: 'set_fact',
  aliases: ['ansible.builtin.set_fact'],
  description: 'Set variables on the host for the rest of the run (returned as ansible_facts).',
  schema: setFactSchema,
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  run: (args): Promise<ModuleResult> => {
    // `cacheable` only matters to Ansible's fact cache, which winbook does not have.
    const { cacheable: _cacheable, ...facts } = args;
    return Promise.resolve({ changed: false, ansible_facts: facts });
  },
  examples: `- set_fact:
    proxy_service: QlikSenseProxyService
`,
};
