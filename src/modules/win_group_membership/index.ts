/** ansible.windows.win_group_membership: make accounts members (or not) of a local group, or the only members. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winGroupMembershipSchema = lazySchema(() =>
  z
    .object({
      name: z.string().min(1).describe('Name of the local group.'),
      members: z
        .array(z.string().min(1))
        .describe('Accounts or groups: `DOMAIN\\user`, `.\\user`, `HOST\\user`, `user`, `NT AUTHORITY\\NETWORK SERVICE`, `NT SERVICE\\name` or a SID. Compared by SID.'),
      state: z
        .enum(['present', 'absent', 'pure'])
        .default('present')
        .describe('`present` adds the members, `absent` removes them, `pure` makes them the only members (removing everyone else).'),
    })
    .strict(),
);

export const winGroupMembership: ModuleDef<ReturnType<typeof winGroupMembershipSchema>> = {
  name: 'win_group_membership',
  aliases: ['ansible.windows.win_group_membership'],
  description: 'Add or remove members of a local group, or make a list its only members; returns `added`, `removed` and `members`.',
  get schema() {
    return winGroupMembershipSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_group_membership.ps1', import.meta.url));
  },
  examples: `- name: Let the Qlik service account administer the host
  win_group_membership:
    name: Administrators
    members: ['DOMAIN\\qliksvc']

- name: Exactly these may use Remote Desktop
  ansible.windows.win_group_membership:
    name: Remote Desktop Users
    members: ['.\\operator', 'DOMAIN\\helpdesk']
    state: pure
`,
};
