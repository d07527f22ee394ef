/** ansible.windows.win_acl_inheritance: turn ACL inheritance of a file or folder on or off. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winAclInheritanceSchema = lazySchema(() =>
  z
    .object({
      path: z.string().min(1).describe('File or folder (environment variables such as %ProgramData% are expanded).'),
      state: z.enum(['present', 'absent']).default('absent').describe('absent disables inheritance, present enables it.'),
      reorganize: z.boolean().default(false).describe('absent: keep the inherited ACEs as explicit copies; present: drop explicit ACEs that duplicate inherited ones.'),
    })
    .strict(),
);

export const winAclInheritance: ModuleDef<ReturnType<typeof winAclInheritanceSchema>> = {
  name: 'win_acl_inheritance',
  aliases: ['ansible.windows.win_acl_inheritance'],
  description: 'Enable or disable ACL inheritance on a file or folder.',
  get schema() {
    return winAclInheritanceSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_acl_inheritance.ps1', import.meta.url));
  },
  examples: `- name: Stop C:\\QlikShare inheriting from C:\\, keeping today's rights as explicit ones
  win_acl_inheritance:
    path: C:\\QlikShare
    state: absent
    reorganize: true
`,
};
