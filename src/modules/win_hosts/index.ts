/** ansible.windows.win_hosts: entries of the hosts file (%SystemRoot%\System32\drivers\etc\hosts). */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winHostsSchema = lazySchema(() =>
  z
    .object({
      state: z.enum(['absent', 'present']).default('present').describe('`present` makes `canonical_name` a record of `ip_address`; `absent` removes the entries matching `ip_address` and/or `canonical_name` (every entry when neither is given).'),
      canonical_name: z.string().optional().describe('The entry\'s host name (required for `present`).'),
      ip_address: z.string().optional().describe('IPv4 or IPv6 address (required for `present`).'),
      aliases: z.array(z.string()).optional().describe('More names for the entry (`present` only).'),
      action: z.enum(['add', 'remove', 'set']).default('set').describe('What `aliases` means: `set` exactly these, `add` these too, `remove` not these.'),
    })
    .strict()
    .superRefine((v, ctx) => {
      // Ansible.Basic's required_if: state is present → canonical_name, ip_address.
      const missing = (['canonical_name', 'ip_address'] as const).filter((k) => v.state === 'present' && v[k] === undefined);
      if (missing.length) ctx.addIssue({ code: 'custom', path: [missing[0]!], message: `state is present but all of the following are missing: ${missing.join(', ')}` });
    }),
);

export const winHosts: ModuleDef<ReturnType<typeof winHostsSchema>> = {
  name: 'win_hosts',
  aliases: ['ansible.windows.win_hosts'],
  description: 'Add, change or remove entries of the Windows hosts file (IP, canonical name, aliases); diff shows the file before and after.',
  get schema() {
    return winHostsSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_hosts.ps1', import.meta.url));
  },
  examples: `- name: The central node by name, before DNS knows it
  win_hosts:
    canonical_name: qlik01.corp.example
    ip_address: 10.0.0.21
    aliases: [qlik01]
`,
};
