/** ansible.builtin.raw: a command line run straight in the remote shell (cmd.exe on WinRM), no agent involved. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';

export const rawSchema = lazySchema(() =>
  z.object({ _raw_params: z.string().min(1) }).strict(),
);

export const raw: ModuleDef<ReturnType<typeof rawSchema>> = {
  name: 'raw',
  aliases: ['ansible.builtin.raw'],
  description: 'Run a command line directly in the remote shell (cmd.exe semantics on WinRM), without the agent.',
  get schema() {
    return rawSchema();
  },
  secretArgs: [],
  // Nothing can be known about an arbitrary command line without running it.
  supportsCheck: false,
  supportsDiff: false,
  kind: 'raw',
  freeForm: true,
  examples: `- name: Show the host name
  raw: hostname
`,
};
