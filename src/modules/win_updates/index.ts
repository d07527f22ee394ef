/**
 * ansible.windows.win_updates: search, download and install the updates the host's Windows Update source offers,
 * filtered as 1.14 filters them (category_names, accept_list, reject_list, hidden, skip_optional). Ansible runs it
 * through an action plugin that starts the module as a scheduled task (batch logon) and polls its progress file;
 * winbook runs it as an ordinary agent module whose download and install steps go through one façade verb that runs
 * them under a batch logon (Invoke-WbAsBatchLogon) and waits: the Windows Update Agent refuses both to a network
 * logon. `reboot: true` (the action plugin's reboot-and-search-again loop) runs on the controller (reboot-loop.ts).
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions, aliasRules } from '../option-alias.ts';
import { rebootLoop } from './reboot-loop.ts';

const patterns = () => z.array(z.string());

export const winUpdatesSchema = lazySchema(() =>
  z
    .object({
      category_names: z
        .array(z.string())
        .default(['CriticalUpdates', 'SecurityUpdates', 'UpdateRollups'])
        .describe(
          'Categories to search (full names, case-insensitive: Application, Connectors, Critical Updates, Definition Updates, Developer Kits, Feature Packs, ' +
            'Guidance, Security Updates, Service Packs, Tools, Update Rollups, Updates, Upgrades; the CamelCase forms CriticalUpdates, DefinitionUpdates, ' +
            'DeveloperKits, FeaturePacks, SecurityUpdates, ServicePacks, UpdateRollups too); `*` matches every category.',
        ),
      accept_list: patterns().optional().describe('Only updates whose title or KB (`KB4056892`) matches one of these PowerShell regexes (case-insensitive).'),
      ...aliasOptions('accept_list', patterns(), 'whitelist'),
      reject_list: patterns().optional().describe('Leave out updates whose title or KB matches one of these PowerShell regexes (case-insensitive).'),
      ...aliasOptions('reject_list', patterns(), 'blacklist'),
      state: z
        .enum(['installed', 'searched', 'downloaded'])
        .default('installed')
        .describe(
          '`installed`: download what is not downloaded yet and install every selected update; `downloaded`: download them only; `searched`: list them. ' +
            'Downloading and installing run under a batch logon (a scheduled task as the connecting user, or SYSTEM), as Ansible does.',
        ),
      server_selection: z.enum(['default', 'managed_server', 'windows_update']).default('default').describe('The update source: the machine\'s default, its managed server (WSUS), or Microsoft Update.'),
      log_path: z.string().optional().describe('A file the module appends its progress to (not in check mode); its folder must exist.'),
      skip_optional: z.boolean().default(false).describe('Leave out optional updates (BrowseOnly).'),
      reboot: z
        .boolean()
        .default(false)
        .describe('Restart the host when an update asks for it (as win_reboot does, and once after a failed round) and search and install again, until nothing is left; not with async.'),
      reboot_timeout: z.number().int().default(1200).describe('Seconds each restart of `reboot: true` may take (win_reboot\'s reboot_timeout).'),
      use_scheduled_task: z.boolean().default(false).describe('Deprecated in 1.14 and without effect, as there.'),
    })
    .strict()
    .superRefine(aliasRules('accept_list', ['whitelist']))
    .superRefine(aliasRules('reject_list', ['blacklist'])),
);

export const winUpdates: ModuleDef<ReturnType<typeof winUpdatesSchema>> = {
  name: 'win_updates',
  aliases: ['ansible.windows.win_updates'],
  // 1.14's action plugin: display.deprecated for each of these the task writes, whatever its value.
  deprecatedOptions: Object.fromEntries(['whitelist', 'blacklist', 'use_scheduled_task'].map((o) => [o, {
    msg: `'${o}' is deprecated. See the module docs for more information`, date: '2023-06-01', collection_name: 'ansible.windows',
  }])),
  description:
    'Search, download and install the Windows updates the host is offered, filtered by category, accept/reject lists, hidden and optional; returns updates (installed, downloaded, failure_msg per update), filtered_updates, counts and reboot_required.',
  get schema() {
    return winUpdatesSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_updates.ps1', import.meta.url));
  },
  followThrough: rebootLoop(() => winUpdates),
  examples: `- name: Install the security and critical updates, logging the progress
  win_updates:
    category_names:
      - SecurityUpdates
      - CriticalUpdates
    log_path: C:\\Windows\\Temp\\win_updates.log
  register: patched

- name: Restart when an update asks for it
  win_reboot:
  when: patched.reboot_required

- name: Install everything, restarting as often as the updates ask
  ansible.windows.win_updates:
    category_names: '*'
    reboot: true
    reboot_timeout: 1800

- name: List the security and critical updates the server is missing
  win_updates:
    category_names:
      - SecurityUpdates
      - CriticalUpdates
    state: searched
    log_path: C:\\Windows\\Temp\\win_updates.log
  register: missing

- name: Fail when a security update is missing
  assert:
    that: missing.found_update_count == 0
`,
};
