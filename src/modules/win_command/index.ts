/**
 * ansible.windows.win_command: run an executable on the host through the agent (no cmd.exe, so shell built-ins
 * and redirection do not exist). Free form (`win_command: whoami /all`), `cmd`, or `argv` quoted per Win32 rules.
 * No check mode, as 1.14 (`supports_check_mode = $false`): a check-mode run skips the task with Ansible.Basic's words,
 * whatever creates/removes say.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const winCommandSchema = lazySchema(() =>
  z
    .object({
      _raw_params: z.string().min(1).optional().describe('The command line, when written free form after the module name.'),
      cmd: z.string().min(1).optional().describe('The command line (executable and arguments).'),
      argv: z.array(z.string()).min(1).optional().describe('Executable and arguments as a list; each is quoted with the Win32 rules.'),
      chdir: z.string().min(1).optional().describe('Working directory of the command.'),
      creates: z.string().min(1).optional().describe('Skip the command when this path (wildcards allowed) exists.'),
      removes: z.string().min(1).optional().describe('Run the command only when this path (wildcards allowed) exists.'),
      stdin: z.string().optional().describe('Text written to the command\'s stdin, which is then closed.'),
    })
    .strict()
    .refine((a) => [a._raw_params, a.cmd, a.argv].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of a free-form command, cmd or argv' }),
);

export const winCommand: ModuleDef<ReturnType<typeof winCommandSchema>> = {
  name: 'win_command',
  aliases: ['ansible.windows.win_command'],
  description: 'Run an executable on the host (no shell); rc, stdout and stderr come back.',
  get schema() {
    return winCommandSchema();
  },
  secretArgs: [],
  supportsCheck: false,
  supportsDiff: false,
  kind: 'agent',
  freeForm: true,
  get script() {
    return moduleScript(new URL('./win_command.ps1', import.meta.url));
  },
  examples: `- name: Who does the agent run as?
  win_command: whoami

- name: Query a service with sc, only once
  ansible.windows.win_command:
    argv: [sc.exe, qc, QlikSenseRepositoryService]
    creates: C:\\ProgramData\\Qlik\\queried.txt
`,
};
