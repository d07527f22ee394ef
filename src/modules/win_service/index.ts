/**
 * ansible.windows.win_service: create, configure, start/stop/restart/pause and remove a Windows service. Same
 * options and return values as Ansible's, with one deliberate difference: setting `username` to a real account
 * also grants it "Log on as a service" (SeServiceLogonRight) when it lacks it, and says so in
 * `logon_right_granted` — Ansible leaves that to win_user_right and users find out from a service that will not
 * start (error 1069).
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions } from '../option-alias.ts';

export const winServiceSchema = lazySchema(() =>
  z
    .object({
      name: z.string().min(1).describe('Service name or display name of the service.'),
      state: z
        .enum(['started', 'stopped', 'restarted', 'absent', 'paused'])
        .optional()
        .describe('`started`/`stopped`/`paused` are idempotent; `restarted` always bounces the service and reports a change; `absent` stops and deletes it.'),
      start_mode: z
        .enum(['auto', 'manual', 'disabled', 'delayed'])
        .optional()
        .describe('Startup type; `delayed` is Automatic (Delayed Start). New services default to `auto`.'),
      display_name: z.string().optional().describe('The name shown in services.msc.'),
      description: z.string().optional().describe('The service description.'),
      path: z.string().min(1).optional().describe('Executable path with arguments; required to create a service.'),
      username: z
        .string()
        .min(1)
        .optional()
        .describe('Account the service logs on as: LocalSystem, NetworkService, LocalService, `NT SERVICE\\name`, `DOMAIN\\user`, `.\\user` or `user`. Compared by SID. A real account is granted SeServiceLogonRight when it lacks it.'),
      password: z.string().optional().describe('Password of `username`. Applied when the account changes, the service is created, or `update_password: always`.'),
      update_password: z
        .enum(['always', 'on_create'])
        .default('on_create')
        .describe('`on_create` sets the password only with a new account or service; `always` sets it on every run (and reports changed), since a service password cannot be read back.'),
      dependencies: z.array(z.string().min(1)).optional().describe('Services this one depends on, combined per `dependency_action`.'),
      dependency_action: z
        .enum(['add', 'remove', 'set'])
        .default('set')
        .describe('`set` makes `dependencies` the complete list; `add` and `remove` change only the listed ones.'),
      force_dependent_services: z
        .boolean()
        .default(false)
        .describe('Also stop services that depend on this one when stopping, restarting or removing it; without it a running dependent makes the stop fail.'),
      desktop_interact: z
        .boolean()
        .default(false)
        .describe('SERVICE_INTERACTIVE_PROCESS. Always applied, as Ansible does: a service that has it loses it unless this is true; true needs the service to run as LocalSystem.'),
      error_control: z.enum(['critical', 'ignore', 'normal', 'severe']).optional().describe('What the boot does when the service fails to start (dwErrorControl).'),
      failure_actions: z
        .array(
          z
            .object({
              type: z.enum(['none', 'reboot', 'restart', 'run_command']).describe('What the SCM does on that failure.'),
              delay_ms: z.number().int().min(0).max(0xffffffff).default(0).describe('Milliseconds to wait before doing it.'),
              ...aliasOptions('delay_ms', z.number().int().min(0).max(0xffffffff), 'delay'),
            })
            .strict(),
        )
        .optional()
        .describe('The actions on the 1st, 2nd, 3rd... failure, in order (the last repeats), each `{ type, delay_ms }` (`delay` is an alias of `delay_ms`); `[]` removes them all. Compared in order.'),
      failure_actions_on_non_crash_failure: z.boolean().optional().describe('Also run the failure actions when the service stops with an error exit code.'),
      failure_command: z.string().optional().describe('Command line a `run_command` action runs; `\'\'` removes it.'),
      failure_reboot_msg: z.string().optional().describe('Message broadcast before a `reboot` action; `\'\'` removes it.'),
      failure_reset_period_sec: z
        .number()
        .int()
        .min(0)
        .max(0xffffffff)
        .optional()
        .describe('Seconds without a failure after which the failure count resets. Needs `failure_actions` or existing actions.'),
      ...aliasOptions('failure_reset_period_sec', z.number().int().min(0).max(0xffffffff), 'failure_reset_period'),
      load_order_group: z.string().optional().describe('The load order group; `\'\'` removes it.'),
      pre_shutdown_timeout_ms: z.number().int().min(0).max(0xffffffff).optional().describe('Milliseconds the SCM waits for the service after the preshutdown notification.'),
      ...aliasOptions('pre_shutdown_timeout_ms', z.number().int().min(0).max(0xffffffff), 'pre_shutdown_timeout'),
      required_privileges: z
        .array(z.string().min(1))
        .optional()
        .describe('Privilege constants (SeBackupPrivilege...) the service process keeps; every other is removed at start. Compared as a set; `[]` clears the list. A name Windows does not know fails with "The parameter is incorrect."'),
      service_type: z.enum(['win32_own_process', 'win32_share_process', 'user_own_process', 'user_share_process']).optional().describe('The service type (its own process, a shared one, or a per-user service template).'),
      sid_info: z.enum(['none', 'restricted', 'unrestricted']).optional().describe('The per-service SID added to the process token (SERVICE_SID_INFO).'),
    })
    .strict()
    // Ansible.Basic's required_by check, with its text.
    .refine((a) => a.password === undefined || a.username !== undefined, { message: "missing parameter(s) required by 'password': username", path: ['password'] }),
);

export const winService: ModuleDef<ReturnType<typeof winServiceSchema>> = {
  name: 'win_service',
  aliases: ['ansible.windows.win_service'],
  description: 'Manage a Windows service: state, start mode, account (granting Log on as a service), path, dependencies, failure actions, SID type, privileges, type.',
  get schema() {
    return winServiceSchema();
  },
  secretArgs: ['password'],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  // The module body alone: it reaches Windows through the host façade's services, accounts and rights verbs.
  get script() {
    return moduleScript(new URL('./win_service.ps1', import.meta.url));
  },
  examples: `- name: Run the proxy service as the Qlik service account (grants Log on as a service if missing)
  win_service:
    name: QlikSenseProxyService
    username: DOMAIN\\qliksvc
    password: "{{ qlik_service_password }}"
    update_password: always
    start_mode: auto
    state: started

- name: Create a service that starts after the repository, delayed at boot
  ansible.windows.win_service:
    name: QlikSenseSchedulerService
    path: '"C:\\Program Files\\Qlik\\Sense\\Scheduler\\Scheduler.exe"'
    display_name: Qlik Sense Scheduler Service
    start_mode: delayed
    dependencies: [QlikSenseRepositoryService]
    dependency_action: add

- name: Stop the repository and everything that depends on it
  win_service:
    name: QlikSenseRepositoryService
    state: stopped
    force_dependent_services: true

- name: Restart the proxy on its first two failures, reboot on the third; keep only the privileges it needs
  win_service:
    name: QlikSenseProxyService
    failure_actions:
      - { type: restart, delay_ms: 5000 }
      - { type: restart, delay_ms: 30000 }
      - { type: reboot, delay_ms: 60000 }
    failure_reset_period_sec: 86400
    failure_reboot_msg: Qlik Sense Proxy failed three times
    sid_info: unrestricted
    required_privileges: [SeChangeNotifyPrivilege, SeImpersonatePrivilege]
`,
};
