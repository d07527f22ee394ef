/** ansible.windows.win_group: create or remove a local group and set its description. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winGroupSchema = lazySchema(() =>
  z
    .object({
      name: z.string().min(1).describe('Name of the local group.'),
      state: z.enum(['present', 'absent']).default('present').describe('`present` creates the group if missing; `absent` deletes it (built-in groups cannot be deleted).'),
      description: z.string().optional().describe('Description of the group; left alone when not given.'),
    })
    .strict(),
);

export const winGroup: ModuleDef<ReturnType<typeof winGroupSchema>> = {
  name: 'win_group',
  aliases: ['ansible.windows.win_group'],
  description: 'Create or remove a local group and set its description.',
  get schema() {
    return winGroupSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_group.ps1', import.meta.url));
  },
  examples: `- name: A group for the people who administer Qlik Sense
  win_group:
    name: QlikAdmins
    description: Qlik Sense administrators

- name: Remove a retired group
  ansible.windows.win_group:
    name: OldOperators
    state: absent
`,
};
