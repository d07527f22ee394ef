/** ansible.windows.win_file: make sure a file or folder exists, is absent, or is touched. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions, aliasRules } from '../option-alias.ts';

export const winFileSchema = lazySchema(() =>
  z
    .object({
      path: z.string().min(1).optional().describe('Path on the host (environment variables such as %ProgramData% are expanded). Required (or its alias `dest` or `name`).'),
      ...aliasOptions('path', z.string().min(1), 'dest', 'name'),
      state: z
        .enum(['file', 'directory', 'absent', 'touch'])
        .optional()
        .describe('file: must already exist; directory: created with its parents; absent: removed recursively; touch: created or its write time set to now (always changed).'),
    })
    .strict()
    .superRefine(aliasRules('path', ['dest', 'name'], { required: true })),
);

export const winFile: ModuleDef<ReturnType<typeof winFileSchema>> = {
  name: 'win_file',
  aliases: ['ansible.windows.win_file'],
  description: 'Create or remove files and folders, or update a file\'s write time.',
  get schema() {
    return winFileSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_file.ps1', import.meta.url));
  },
  examples: `- name: Create the Qlik Sense log folder
  win_file:
    path: '%ProgramData%\\Qlik\\Sense\\Log'
    state: directory

- name: Remove a stale export
  ansible.windows.win_file:
    path: C:\\Temp\\export.zip
    state: absent
`,
};
