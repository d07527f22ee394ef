/**
 * ansible.builtin.raw: a command line run without the agent. Over WinRM it runs as PowerShell, exactly as
 * ansible-core 2.14 sends it (winrm-command.ts); over SSH in the server's default shell.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';

export const rawSchema = lazySchema(() =>
  // `executable` is accepted as Ansible accepts it: ignored over WinRM (the connection's allow_executable is False),
  // `EXECUTABLE -c TEXT` over SSH.
  z.object({
    _raw_params: z.string().min(1),
    executable: z.string().optional().describe('Ignored over WinRM, as Ansible ignores it there; over SSH the line runs as EXECUTABLE -c LINE.'),
  }).strict(),
);

export const raw: ModuleDef<ReturnType<typeof rawSchema>> = {
  name: 'raw',
  aliases: ['ansible.builtin.raw'],
  description: 'Run a command line without the agent: as PowerShell over WinRM (-EncodedCommand, as Ansible sends it), in the server\'s shell over SSH.',
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
