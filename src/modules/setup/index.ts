/** ansible.windows.setup (and ansible.builtin.setup on a Windows host): the facts a play reads, gathered on the host. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { UNANSWERED_SUBSETS } from './facts.ts';

const subset = () =>
  z.string().refine((s) => !UNANSWERED_SUBSETS.includes(s.replace(/^!/, '')) || s.startsWith('!'), {
    message: `winbook cannot gather this subset (${UNANSWERED_SUBSETS.join(', ')} are not modelled); leave it out or exclude it with '!'`,
  });

export const setupSchema = lazySchema(() =>
  z
    .object({
      gather_subset: z
        .array(subset())
        .default(['all'])
        .describe("Subsets to gather, as ansible.windows: `all` (default), `min`, `network`, a subset name, `!name` to leave one out (`!all` keeps min). Subsets winbook cannot answer (bios, memory, processor, virtual, winrm, facter, local, hardware, external) are refused."),
      gather_timeout: z.number().int().default(10).describe('Seconds each fact group may take, as ansible.windows 1.14 applies it: a group still running then is stopped and left out, with the warning "Failed to collection <subsets> due to timeout"; the other groups are still gathered.'),
      filter: z.union([z.string(), z.array(z.string())]).optional().describe("Accepted and ignored, as ansible.windows' setup ignores it: every gathered fact is returned."),
    })
    .strict(),
);

export const setup: ModuleDef<ReturnType<typeof setupSchema>> = {
  name: 'setup',
  aliases: ['ansible.windows.setup', 'ansible.builtin.setup', 'ansible.legacy.setup'],
  description:
    "Gather facts about the Windows host (ansible.windows.setup's names and formats): host and domain names, OS, interfaces and IP addresses, environment, user, date and time, PowerShell version, uptime. Returned as `ansible_facts`; a play's `gather_facts` runs it.",
  get schema() {
    return setupSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./setup.ps1', import.meta.url));
  },
  examples: `- name: Refresh the network facts after changing an adapter
  setup:
    gather_subset:
      - '!all'
      - network

- debug:
    msg: "{{ ansible_hostname }} runs {{ ansible_distribution }} ({{ ansible_facts.ip_addresses | join(', ') }})"
`,
};
