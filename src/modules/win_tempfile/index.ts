/** ansible.windows.win_tempfile: a new, uniquely named file or folder under %TEMP% (or `path`). */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions, aliasRules } from '../option-alias.ts';

export const winTempfileSchema = lazySchema(() =>
  z
    .object({
      state: z.enum(['file', 'directory']).default('file').describe('Create a file or a folder.'),
      path: z.string().min(1).optional().describe('Folder to create it in (environment variables are expanded). Default: `%TEMP%` of the connecting account.'),
      ...aliasOptions('path', z.string().min(1), 'dest'),
      prefix: z.string().default('ansible.').describe('Start of the name (environment variables are expanded).'),
      suffix: z.string().optional().describe('End of the name (environment variables are expanded).'),
    })
    .strict()
    .superRefine(aliasRules('path', ['dest'])),
);

export const winTempfile: ModuleDef<ReturnType<typeof winTempfileSchema>> = {
  name: 'win_tempfile',
  aliases: ['ansible.windows.win_tempfile'],
  description: 'Create a uniquely named temporary file or folder (prefix + random name + suffix); always changed, returns its full `path`.',
  get schema() {
    return winTempfileSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_tempfile.ps1', import.meta.url));
  },
  examples: `- name: A scratch folder for the installer
  win_tempfile:
    state: directory
    suffix: build
  register: scratch

- name: Remove it afterwards
  win_file:
    path: "{{ scratch.path }}"
    state: absent
`,
};
