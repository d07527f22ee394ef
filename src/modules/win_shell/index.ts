/**
 * ansible.windows.win_shell: run a PowerShell script (default) or a cmd.exe line (`executable: cmd`) on the host,
 * in a new process started by the agent. No check mode, as 1.14 (legacy `Parse-Args $args -supports_check_mode $false`):
 * a check-mode run skips the task, whatever creates/removes say.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winShellSchema = lazySchema(() =>
  z
    .object({
      _raw_params: z.string().min(1).optional().describe('The script, when written free form after the module name.'),
      cmd: z.string().min(1).optional().describe('The script (alternative to the free form).'),
      executable: z.string().default('powershell').describe('powershell (default) or cmd.'),
      chdir: z.string().min(1).optional().describe('Working directory.'),
      creates: z.string().min(1).optional().describe('Skip when this path (wildcards allowed) exists.'),
      removes: z.string().min(1).optional().describe('Run only when this path (wildcards allowed) exists.'),
      stdin: z.string().optional().describe('Text written to the process\'s stdin, which is then closed.'),
    })
    .strict()
    .refine((a) => (a._raw_params === undefined) !== (a.cmd === undefined), { message: 'give the script free form or as cmd, not both' })
    .refine((a) => /^(powershell|cmd)(\.exe)?$/i.test(a.executable.split('\\').pop() ?? ''), { message: 'executable must be powershell or cmd' }),
);

export const winShell: ModuleDef<ReturnType<typeof winShellSchema>> = {
  name: 'win_shell',
  aliases: ['ansible.windows.win_shell'],
  description: 'Run a PowerShell script or a cmd.exe command line on the host.',
  get schema() {
    return winShellSchema();
  },
  secretArgs: [],
  supportsCheck: false,
  argsReader: 'legacy',
  supportsDiff: false,
  kind: 'agent',
  freeForm: true,
  get script() {
    return moduleScript(new URL('./win_shell.ps1', import.meta.url));
  },
  examples: `- name: Is the repository answering?
  win_shell: Test-NetConnection -ComputerName localhost -Port 4242

- name: List the Qlik folder with cmd
  ansible.windows.win_shell: dir C:\\ProgramData\\Qlik
  args:
    executable: cmd
`,
};
