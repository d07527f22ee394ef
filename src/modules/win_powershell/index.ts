/**
 * ansible.windows.win_powershell: run a PowerShell script in a runspace of the agent's process and return its
 * output, streams, $Ansible.Result, changed and diff in the module's shapes. `executable`/`arguments` (another
 * PowerShell process) and `chdir` (a provider location) are not offered: the schema refuses them at load.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winPowershellSchema = lazySchema(() =>
  z
    .object({
      script: z.string().describe('The PowerShell script (Windows PowerShell 5.1). `$Ansible.Changed` (default true), `.Failed`, `.Result`, `.Diff` set the result; `$Ansible.Tmpdir` is a scratch folder removed afterwards.'),
      parameters: z.record(z.string(), z.unknown()).optional().describe('Values for the script\'s param block, by parameter name.'),
      error_action: z.enum(['silently_continue', 'continue', 'stop']).default('continue').describe('`$ErrorActionPreference` for the script: with `stop` any error fails the task; otherwise only a terminating one does.'),
      depth: z.number().int().default(2).describe('How deep `result`, `output` and information data are converted before serialisation.'),
      creates: z.string().min(1).optional().describe('Skip the script when this path (wildcards allowed in the last segment) exists.'),
      removes: z.string().min(1).optional().describe('Run the script only when this path (wildcards allowed in the last segment) exists.'),
    })
    .strict(),
);

export const winPowershell: ModuleDef<ReturnType<typeof winPowershellSchema>> = {
  name: 'win_powershell',
  aliases: ['ansible.windows.win_powershell'],
  description: 'Run a PowerShell script in the agent and return `output`, `result` ($Ansible.Result), `error`, `warning`, `verbose`, `debug`, `information` and `host_out`; changed unless the script sets $Ansible.Changed = $false. In check mode only a script with [CmdletBinding(SupportsShouldProcess)] runs (with -WhatIf).',
  get schema() {
    return winPowershellSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_powershell.ps1', import.meta.url));
  },
  examples: `- name: Compute something and hand it back
  win_powershell:
    script: |
      param([int]$Count)
      $Ansible.Changed = $false
      $Ansible.Result = @{ items = 1..$Count }
    parameters:
      Count: 3
  register: computed
`,
};
