/** ansible.windows.win_user_right: add, remove or set the accounts holding a user right (LSA policy). */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winUserRightSchema = lazySchema(() =>
  z
    .object({
      name: z.string().min(1).describe('The right or privilege constant, e.g. SeServiceLogonRight, SeBatchLogonRight, SeDenyServiceLogonRight.'),
      users: z
        .array(z.string().min(1))
        .describe('Accounts or groups: `DOMAIN\\user`, `.\\user`, `user`, `BUILTIN\\Administrators`, `NT AUTHORITY\\NETWORK SERVICE` or a SID. Compared by SID.'),
      action: z
        .enum(['add', 'remove', 'set'])
        .default('set')
        .describe('`add` grants to `users`, `remove` revokes from them, `set` makes `users` the only holders (revoking everyone else — careful with shared rights).'),
    })
    .strict(),
);

export const winUserRight: ModuleDef<ReturnType<typeof winUserRightSchema>> = {
  name: 'win_user_right',
  aliases: ['ansible.windows.win_user_right'],
  description: 'Grant or revoke a user right (e.g. Log on as a service) through the LSA policy; returns `added` and `removed`.',
  get schema() {
    return winUserRightSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_user_right.ps1', import.meta.url));
  },
  examples: `- name: Let the Qlik service account log on as a service
  win_user_right:
    name: SeServiceLogonRight
    users: ['DOMAIN\\qliksvc']
    action: add

- name: Only Administrators may log on as a batch job
  ansible.windows.win_user_right:
    name: SeBatchLogonRight
    users: [BUILTIN\\Administrators]
    action: set
`,
};
