/** ansible.windows.win_environment: machine, user or process environment variables, idempotent per variable. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winEnvironmentSchema = lazySchema(() =>
  z
    .object({
      name: z.string().min(1).optional().describe('The variable\'s name (case-insensitive, as on Windows). Exclusive with `variables`.'),
      value: z.string().optional().describe('The value for `state: present`; must not be empty.'),
      variables: z
        .record(z.string(), z.string().nullable())
        .optional()
        .describe('Several variables at once, name → value; a null or empty value removes the variable. Exclusive with `name`, `value` and `state`.'),
      level: z.enum(['machine', 'process', 'user']).describe('`machine` (all users; needs Administrators), `user` (the connecting account) or `process` (the agent\'s own process, for later tasks of this run).'),
      state: z.enum(['present', 'absent']).optional().describe('`present` sets `value`, `absent` removes the variable; default: present when a value is given.'),
    })
    .strict()
    .superRefine((a, ctx) => {
      if (a.variables !== undefined && (a.name !== undefined || a.value !== undefined || a.state !== undefined)) {
        ctx.addIssue({ code: 'custom', message: 'parameters are mutually exclusive: variables|name, variables|value, variables|state' });
      }
      if (a.variables === undefined && a.name === undefined) ctx.addIssue({ code: 'custom', message: 'one of the following is required: name, variables' });
    }),
);

export const winEnvironment: ModuleDef<ReturnType<typeof winEnvironmentSchema>> = {
  name: 'win_environment',
  aliases: ['ansible.windows.win_environment'],
  description: 'Set or remove environment variables at machine, user or process level. Keeps REG_EXPAND_SZ (a Path with %SystemRoot% keeps working); running services see a change only after a restart.',
  get schema() {
    return winEnvironmentSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_environment.ps1', import.meta.url));
  },
  examples: `- name: Tell Qlik scripts where the shared persistence lives
  win_environment:
    name: QLIK_SHARE
    value: \\\\fileserver\\QlikShare
    level: machine

- name: Several at once; an empty value removes a variable
  ansible.windows.win_environment:
    level: machine
    variables:
      JAVA_HOME: C:\\Program Files\\Java\\jdk-17
      OLD_VAR: ''
`,
};
