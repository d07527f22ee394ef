/** ansible.windows.win_ping: proves the agent runs on the host and answers. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';

export const winPingSchema = lazySchema(() =>
  z
    .object({
      /** Echoed back as `ping`; the value `crash` makes the module throw, to test failure handling. */
      data: z.string().default('pong'),
    })
    .strict(),
);

let script: string | undefined;

export const winPing: ModuleDef<ReturnType<typeof winPingSchema>> = {
  name: 'win_ping',
  aliases: ['ansible.windows.win_ping'],
  description: 'Check that the host answers through the agent; returns `ping: <data>`.',
  get schema() {
    return winPingSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  // Read at the first use, as every module's script (modules/script.ts); win_ping's needs no helper.
  get script() {
    return (script ??= readFileSync(new URL('./win_ping.ps1', import.meta.url), 'utf8'));
  },
  examples: `- name: Check the connection
  win_ping:
`,
};
