/**
 * qlik_service_account: change (or re-apply) the account of a node's Qlik Sense services as one verified
 * operation — logon right, groups, data-folder ACL, a credential test before any service is touched, the logon
 * change, an ordered start, and on a failed start the exact reason and a rollback of that node.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const qlikServiceAccountSchema = lazySchema(() =>
  z
    .object({
      username: z.string().min(1).describe('The service account: .\\user, DOMAIN\\user or user@full.domain.name (over 20 characters).'),
      password: z.string().min(1).describe("The account's password."),
      services: z.array(z.string().min(1)).optional().describe('Services to run as the account; default every Qlik Sense service except the Repository Database.'),
      groups: z
        .array(z.string().min(1))
        .default(['Qlik Sense Service Users', 'S-1-5-32-558'])
        .describe('Local groups the account must be in, by name or SID ([] for none). S-1-5-32-558 is Performance Monitor Users, whatever the language of Windows.'),
      data_dir: z.string().min(1).default('C:\\ProgramData\\Qlik\\Sense').describe('Folder the account gets Full control on (inherited).'),
      grant_logon_right: z.boolean().default(true).describe('Grant SeServiceLogonRight ("Log on as a service") when missing.'),
      test_credentials: z.boolean().default(true).describe('LogonUser(service) before touching any service.'),
      previous_password: z.string().min(1).optional().describe('Password of the previous account, to restore it on rollback (Windows cannot read it back).'),
      start: z.boolean().default(true).describe('Start the services in the documented order afterwards.'),
      timeout: z.number().int().positive().default(600).describe('Seconds to wait for each service.'),
    })
    .strict(),
);

export const qlikServiceAccount: ModuleDef<ReturnType<typeof qlikServiceAccountSchema>> = {
  name: 'qlik_service_account',
  aliases: ['winbook.qlik.qlik_service_account'],
  description: "Set the Qlik Sense services' logon account as one verified operation, with rollback on a failed start.",
  get schema() {
    return qlikServiceAccountSchema();
  },
  secretArgs: ['password', 'previous_password'],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./qlik_service_account.ps1', import.meta.url));
  },
  examples: `- name: Run the Qlik services as the non-admin account
  qlik_service_account:
    username: .\\qliksvc
    password: "{{ qlik_service_password }}"
`,
};
