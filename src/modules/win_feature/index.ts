/** ansible.windows.win_feature: install or remove Windows Server roles, role services and features. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winFeatureSchema = lazySchema(() =>
  z
    .object({
      name: z.array(z.string()).describe('Names of roles or features (as `Get-WindowsFeature` lists them); a comma-separated string is a list.'),
      state: z.enum(['present', 'absent']).default('present').describe('Whether the features are installed (`present`) or removed (`absent`).'),
      include_sub_features: z.boolean().default(false).describe('Also install every sub-feature of the named features (otherwise a role gets its default role services).'),
      include_management_tools: z.boolean().default(false).describe('Also install (or, with `absent`, remove) the management tools of the named features.'),
      source: z.string().optional().describe('A side-by-side store (`D:\\sources\\sxs`, `\\\\server\\share\\sources\\sxs`) for features whose payload was removed, such as NET-Framework-Core; it must exist.'),
    })
    .strict(),
);

export const winFeature: ModuleDef<ReturnType<typeof winFeatureSchema>> = {
  name: 'win_feature',
  aliases: ['ansible.windows.win_feature'],
  description:
    'Install or remove Windows Server roles and features (ServerManager); returns feature_result (id, display_name, message, reboot_required, skip_reason, success), exitcode, success and reboot_required.',
  get schema() {
    return winFeatureSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_feature.ps1', import.meta.url));
  },
  examples: `- name: Install IIS with its default role services and the management console
  win_feature:
    name: Web-Server
    include_management_tools: true
  register: iis

- name: Restart when a feature asks for it
  win_reboot:
  when: iis.reboot_required

- name: Install .NET 3.5 from the installation media
  win_feature:
    name: NET-Framework-Core
    source: D:\\sources\\sxs
`,
};
