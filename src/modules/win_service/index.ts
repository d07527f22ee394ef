/**
 * ansible.windows.win_service, first cut: state, start mode, display name, description, path, account and
 * dependencies. The password is applied only when the account changes (win_service's `update_password: on_create`
 * behaviour); `update_password`, `dependency_action` and the failure-action options are not supported yet.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ModuleDef } from '../types.ts';

export const winServiceSchema = z
  .object({
    name: z.string().min(1).describe('Service name or display name.'),
    state: z.enum(['started', 'stopped', 'restarted', 'paused', 'absent']).optional(),
    start_mode: z.enum(['auto', 'delayed', 'manual', 'disabled']).optional(),
    display_name: z.string().optional(),
    description: z.string().optional(),
    path: z.string().min(1).optional().describe('Executable path; required to create a service.'),
    username: z.string().min(1).optional().describe('Account: LocalSystem, NetworkService, LocalService, DOMAIN\\user, .\\user or a gMSA.'),
    password: z.string().optional().describe('Password of `username`; applied only when the account changes.'),
    dependencies: z.array(z.string().min(1)).optional().describe('The complete list of services this one depends on.'),
    force_dependent_services: z.boolean().default(false).describe('Also stop/restart services that depend on this one.'),
  })
  .strict();

export const winService: ModuleDef<typeof winServiceSchema> = {
  name: 'win_service',
  aliases: ['ansible.windows.win_service'],
  description: 'Manage a Windows service: state, start mode, account, path, dependencies.',
  schema: winServiceSchema,
  secretArgs: ['password'],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  script: readFileSync(new URL('./win_service.ps1', import.meta.url), 'utf8'),
  examples: `- name: Run the proxy service as the Qlik service account
  win_service:
    name: QlikSenseProxyService
    username: DOMAIN\\qliksvc
    password: "{{ qlik_service_password }}"
    start_mode: auto
    state: started
`,
};
