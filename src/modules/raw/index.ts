/**
 * ansible.builtin.raw: a command line run without the agent, as PowerShell, exactly as ansible-core 2.14 sends it
 * over WinRM and over SSH to a Windows host (winrm-command.ts).
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';

export const rawSchema = lazySchema(() =>
  // `executable` is accepted as Ansible accepts it, and ignored as Ansible ignores it on a Windows host (neither its
  // winrm nor its ssh connection allows one for a Windows shell).
  z.object({
    _raw_params: z.string().min(1),
    executable: z.string().optional().describe('Ignored, as Ansible ignores it on a Windows host (WinRM and SSH).'),
  }).strict(),
);

export const raw: ModuleDef<ReturnType<typeof rawSchema>> = {
  name: 'raw',
  aliases: ['ansible.builtin.raw'],
  description: 'Run a command line without the agent, as PowerShell (-EncodedCommand, as Ansible sends it over WinRM and SSH).',
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

- name: PowerShell over WinRM, as in Ansible (not cmd.exe)
  raw: Get-Service -Name WinRM | Select-Object -ExpandProperty Status
`,
};
