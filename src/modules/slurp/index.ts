/** ansible.builtin.slurp on Windows (ansible.windows' slurp.ps1): a file's content, base64-encoded. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions, aliasRules } from '../option-alias.ts';

export const slurpSchema = lazySchema(() =>
  z
    .object({
      src: z.string().min(1).optional().describe('The file on the host (environment variables are expanded). Required (or its alias `path`).'),
      ...aliasOptions('src', z.string().min(1), 'path'),
    })
    .strict()
    .superRefine(aliasRules('src', ['path'], { required: true })),
);

export const slurp: ModuleDef<ReturnType<typeof slurpSchema>> = {
  name: 'slurp',
  aliases: ['ansible.builtin.slurp', 'ansible.windows.slurp', 'ansible.legacy.slurp'],
  description: 'Return a file from the host as base64 (`content`, `encoding`); read-only. Files over 16 MiB are refused.',
  get schema() {
    return slurpSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./slurp.ps1', import.meta.url));
  },
  examples: `- name: Read the Qlik Sense host configuration
  slurp:
    src: C:\\ProgramData\\Qlik\\Sense\\Host.cfg
  register: hostcfg

- debug:
    msg: "{{ hostcfg.content | b64decode }}"
`,
};
