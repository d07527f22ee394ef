/** ansible.windows.win_path: add or remove elements of PATH (or another path-like variable), keeping their order. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winPathSchema = lazySchema(() =>
  z
    .object({
      name: z.string().min(1).default('PATH').describe('The variable to edit.'),
      elements: z.array(z.string()).describe('Folders to add or remove; `%VAR%` is kept unexpanded. Compared without case and without a trailing `\\`.'),
      state: z.enum(['absent', 'present']).default('present').describe('`present` appends missing elements (moving existing ones so the list keeps its order); `absent` removes them.'),
      scope: z.enum(['machine', 'user']).default('machine').describe('The machine\'s environment or the connecting user\'s.'),
    })
    .strict(),
);

export const winPath: ModuleDef<ReturnType<typeof winPathSchema>> = {
  name: 'win_path',
  aliases: ['ansible.windows.win_path'],
  description: 'Add or remove elements of a path-like environment variable (PATH by default) at machine or user scope; written as REG_EXPAND_SZ; returns `path_value`.',
  get schema() {
    return winPathSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_path.ps1', import.meta.url));
  },
  examples: `- name: Put the Qlik CLI on the machine PATH
  win_path:
    elements:
      - '%ProgramFiles%\\Qlik\\Sense\\bin'
`,
};
