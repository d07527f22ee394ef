/**
 * ansible.windows.win_updates, searching only: which updates the host's Windows Update source offers, filtered as
 * 1.14 filters them (category_names, accept_list, reject_list, hidden, skip_optional). Ansible runs win_updates
 * through an action plugin that starts the module as a scheduled task (batch logon) and polls its progress file;
 * winbook runs it as an ordinary agent module, which is enough to search (WUA refuses download and install to a
 * network logon). Installing and downloading are refused at load, and so is `reboot: true`.
 */
import { z } from 'zod';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions, aliasRules } from '../option-alias.ts';

const patterns = z.array(z.string());

export const winUpdatesSchema = z
  .object({
    category_names: z
      .array(z.string())
      .default(['CriticalUpdates', 'SecurityUpdates', 'UpdateRollups'])
      .describe(
        'Categories to search (full names, case-insensitive: Application, Connectors, Critical Updates, Definition Updates, Developer Kits, Feature Packs, ' +
          'Guidance, Security Updates, Service Packs, Tools, Update Rollups, Updates, Upgrades; the CamelCase forms CriticalUpdates, DefinitionUpdates, ' +
          'DeveloperKits, FeaturePacks, SecurityUpdates, ServicePacks, UpdateRollups too); `*` matches every category.',
      ),
    accept_list: patterns.optional().describe('Only updates whose title or KB (`KB4056892`) matches one of these PowerShell regexes (case-insensitive).'),
    ...aliasOptions('accept_list', patterns, 'whitelist'),
    reject_list: patterns.optional().describe('Leave out updates whose title or KB matches one of these PowerShell regexes (case-insensitive).'),
    ...aliasOptions('reject_list', patterns, 'blacklist'),
    state: z
      .enum(['installed', 'searched', 'downloaded'])
      .default('installed')
      .refine((s) => s === 'searched', {
        message:
          "winbook only searches for updates: state 'installed' (the default) and 'downloaded' are not supported; write `state: searched` to list them, " +
          'and install updates with your patching tool (docs/compatibility.md, win_updates)',
      })
      .describe('Only `searched` is supported: list the updates found (Ansible\'s default, `installed`, and `downloaded` are refused at load).'),
    server_selection: z.enum(['default', 'managed_server', 'windows_update']).default('default').describe('The update source: the machine\'s default, its managed server (WSUS), or Microsoft Update.'),
    log_path: z.string().optional().describe('A file the search appends its progress to (not in check mode); its folder must exist.'),
    skip_optional: z.boolean().default(false).describe('Leave out optional updates (BrowseOnly).'),
    reboot: z
      .boolean()
      .default(false)
      .refine((r) => !r, { message: 'winbook does not reboot from win_updates: leave reboot false and add a win_reboot task `when: result.reboot_required`' })
      .describe('Only `false`: winbook does not reboot from this module (use win_reboot with `when: result.reboot_required`).'),
    reboot_timeout: z.number().int().default(1200).describe('Accepted for compatibility; used only with `reboot`, which winbook does not support.'),
    use_scheduled_task: z.boolean().default(false).describe('Deprecated in 1.14 and without effect, as there.'),
  })
  .strict()
  .superRefine(aliasRules('accept_list', ['whitelist']))
  .superRefine(aliasRules('reject_list', ['blacklist']));

export const winUpdates: ModuleDef<typeof winUpdatesSchema> = {
  name: 'win_updates',
  aliases: ['ansible.windows.win_updates'],
  description:
    'Search the Windows updates the host is offered (state: searched only), filtered by category, accept/reject lists, hidden and optional; returns updates, filtered_updates and counts.',
  schema: winUpdatesSchema,
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_updates.ps1', import.meta.url));
  },
  examples: `- name: List the security and critical updates the server is missing
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
