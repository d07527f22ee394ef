/** ansible.windows.win_reg_stat: a registry key's values and sub-keys, or one value's type and data; read-only. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions, aliasRules } from '../option-alias.ts';

export const winRegStatSchema = lazySchema(() =>
  z
    .object({
      path: z.string().min(1).optional().describe('The key, as a PowerShell registry path: `HKLM:\\SOFTWARE\\Qlik`, `HKCU:\\…`, `HKU:\\…`, `HKCR:\\…`, `HKCC:\\…`. Required (or its alias `key`).'),
      ...aliasOptions('path', z.string().min(1), 'key'),
      name: z.string().optional().describe('A value of the key: its `type`, `value` and `raw_value` are returned; `""` is the (Default) value. Without it, all values (`properties`) and `sub_keys`.'),
      ...aliasOptions('name', z.string(), 'entry', 'value'),
    })
    .strict()
    .superRefine(aliasRules('path', ['key'], { required: true }))
    .superRefine(aliasRules('name', ['entry', 'value'])),
);

export const winRegStat: ModuleDef<ReturnType<typeof winRegStatSchema>> = {
  name: 'win_reg_stat',
  aliases: ['ansible.windows.win_reg_stat'],
  description: 'Return a registry key\'s values (`properties`) and `sub_keys`, or one value\'s `type`, `value` and `raw_value`; `exists` says whether it is there. Read-only.',
  get schema() {
    return winRegStatSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_reg_stat.ps1', import.meta.url));
  },
  examples: `- name: Which Qlik Sense version is installed?
  win_reg_stat:
    path: HKLM:\\SOFTWARE\\Qlik\\Sense
    name: Version
  register: qlik_version

- name: Is strong crypto on for .NET 4?
  ansible.windows.win_reg_stat:
    path: HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319
  register: netfx
`,
};
