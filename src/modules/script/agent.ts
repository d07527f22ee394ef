/**
 * The script module's host side, an agent module that is not in the registry (playbooks call `script`, whose
 * controller half hands it the script text): creates/removes, chdir, check mode, then the .ps1 in a runspace.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const scriptAgentSchema = lazySchema(() =>
  z
    .object({
      creates: z.string().optional(),
      removes: z.string().optional(),
      chdir: z.string().optional(),
      _missing: z.string().optional(),
      _script: z.string().optional(),
      _arguments: z.string().optional(),
    })
    .strict(),
);

export const scriptAgent: ModuleDef<ReturnType<typeof scriptAgentSchema>> = {
  name: 'script_agent',
  aliases: [],
  description: "script's host side: runs the controller's PowerShell script text with Ansible's result.",
  get schema() {
    return scriptAgentSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./script.ps1', import.meta.url));
  },
};
