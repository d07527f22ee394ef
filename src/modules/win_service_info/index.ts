/** ansible.windows.win_service_info: read services' configuration and state; changes nothing. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winServiceInfoSchema = lazySchema(() =>
  z
    .object({
      name: z
        .string()
        .min(1)
        .optional()
        .describe('Service name or display name; `*` and `?` wildcards allowed. All services when omitted.'),
    })
    .strict(),
);

export const winServiceInfo: ModuleDef<ReturnType<typeof winServiceInfoSchema>> = {
  name: 'win_service_info',
  aliases: ['ansible.windows.win_service_info'],
  description:
    "Return services' state, start mode, account, path, dependencies (both directions), SCM options (failure actions, SID type, privileges, …), triggers, launch protection, preferred NUMA node, process id and service flags; read-only.",
  get schema() {
    return winServiceInfoSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_service_info.ps1', import.meta.url));
  },
  examples: `- name: Read all Qlik Sense services
  win_service_info:
    name: QlikSense*
  register: qlik

- name: Show their accounts
  debug:
    msg: "{{ qlik.services | map(attribute='username') | list }}"
`,
};
