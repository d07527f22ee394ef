/** ansible.windows.win_user: create, update, query and remove a local user account and its group memberships. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winUserSchema = lazySchema(() =>
  z
    .object({
      name: z.string().min(1).describe('Name of the local user (no domain part).'),
      password: z.string().optional().describe('Password to set; must meet the host\'s password policy.'),
      update_password: z
        .enum(['always', 'on_create'])
        .default('always')
        .describe('`always` sets the password when it differs (checked with a network logon, which counts towards lockout on a wrong guess); `on_create` only for a new user.'),
      state: z.enum(['present', 'absent', 'query']).default('present').describe('`present` creates/updates, `absent` deletes, `query` only reports.'),
      fullname: z.string().optional().describe('Full name of the user.'),
      description: z.string().optional().describe('Description of the user.'),
      home_directory: z.string().optional().describe('The user\'s home folder (compared without regard to case).'),
      login_script: z.string().optional().describe('The user\'s logon script path.'),
      profile: z.string().optional().describe('The user\'s profile path.'),
      groups: z.array(z.string().min(1)).optional().describe('Local groups the user should be in, combined per `groups_action`.'),
      groups_action: z
        .enum(['add', 'remove', 'replace'])
        .default('replace')
        .describe('`add` joins the listed groups, `remove` leaves them, `replace` makes them the only groups (leaving Users too if not listed).'),
      account_disabled: z.boolean().optional().describe('Disable (true) or enable (false) the account.'),
      account_locked: z.boolean().optional().describe('Only `false` is accepted: unlocks a locked-out account.'),
      password_never_expires: z.boolean().optional().describe('The password never expires.'),
      password_expired: z.boolean().optional().describe('The user must change the password at next logon.'),
      user_cannot_change_password: z.boolean().optional().describe('The user may not change the password.'),
    })
    .strict(),
);

export const winUser: ModuleDef<ReturnType<typeof winUserSchema>> = {
  name: 'win_user',
  aliases: ['ansible.windows.win_user'],
  description: 'Manage a local user: password, flags, full name, description and local group memberships.',
  get schema() {
    return winUserSchema();
  },
  secretArgs: ['password'],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_user.ps1', import.meta.url));
  },
  examples: `- name: A local service account for Qlik Sense
  win_user:
    name: svc_qlik
    password: "{{ qlik_service_password }}"
    password_never_expires: true
    user_cannot_change_password: true
    groups: [Administrators]
    groups_action: add

- name: Unlock an account after failed logons
  ansible.windows.win_user:
    name: svc_qlik
    account_locked: false

- name: Read an account without changing it
  win_user:
    name: svc_qlik
    state: query
  register: svc_user
`,
};
