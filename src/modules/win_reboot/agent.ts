/**
 * win_reboot's host side, an agent module that is not in the registry (playbooks cannot call it): it reports the
 * last boot time and, when asked, schedules the restart with shutdown.exe.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winRebootAgentSchema = lazySchema(() =>
  z
    .object({
      action: z.enum(['boot_time', 'shutdown']),
      pre_reboot_delay: z.number().int().min(0).default(2),
      msg: z.string().default('Reboot initiated by winbook'),
    })
    .strict(),
);

export const winRebootAgent: ModuleDef<ReturnType<typeof winRebootAgentSchema>> = {
  name: 'win_reboot_agent',
  aliases: [],
  description: "win_reboot's host side: last boot time, and shutdown.exe /r.",
  get schema() {
    return winRebootAgentSchema();
  },
  secretArgs: [],
  supportsCheck: false,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_reboot.ps1', import.meta.url));
  },
};
