/** ansible.windows.win_regedit: a registry key or value, compared by data and type; check and diff (1.14's dict by key path and value name). */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions } from '../option-alias.ts';

export const REG_TYPES = ['string', 'expandstring', 'multistring', 'dword', 'qword', 'binary', 'none'] as const;

export const winRegeditSchema = lazySchema(() =>
  z
    .object({
      path: z.string().min(1).describe('The key, as a PowerShell registry path: `HKLM:\\SOFTWARE\\Qlik`, `HKCU:\\Environment`, `HKU:\\…`, `HKCR:\\…`, `HKCC:\\…`.'),
      ...aliasOptions('path', z.string().min(1), 'key'),
      name: z.string().optional().describe('The value name. Omitted or `""`: the key\'s (Default) value, set when `data` is given (as a string when `name` is omitted: another `type` is converted with a warning, as 1.14 does), otherwise only the key is managed.'),
      ...aliasOptions('name', z.string(), 'entry', 'value'),
      data: z
        .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
        .optional()
        .describe('The value\'s data: text for string/expandstring, a list for multistring, an integer (or `0x…` hex text) for dword/qword, a list of bytes or `0xde,0xad` text for binary.'),
      type: z.enum(REG_TYPES).default('string').describe('The registry type: REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD, REG_QWORD, REG_BINARY, REG_NONE.'),
      ...aliasOptions('type', z.enum(REG_TYPES), 'datatype'),
      state: z.enum(['present', 'absent']).default('present').describe('`present` creates the key (and sets the value); `absent` deletes the value, or the key when `name` is omitted or `""` (see delete_key).'),
      delete_key: z.boolean().default(true).describe('With `state: absent` and no `name`: delete the whole key (true) or only clear its (Default) value (false).'),
      hive: z
        .string()
        .min(1)
        .optional()
        .describe('A hive file (`C:\\Users\\Default\\NTUSER.DAT`) to load as `HKLM:\\ANSIBLE` for this task, then unload (which saves the change into the file); `path` then starts with `HKLM:\\ANSIBLE\\`. Needs SeBackupPrivilege and SeRestorePrivilege (administrators). Environment variables are expanded.'),
    })
    .strict(),
);

export const winRegedit: ModuleDef<ReturnType<typeof winRegeditSchema>> = {
  name: 'win_regedit',
  aliases: ['ansible.windows.win_regedit'],
  description: 'Create or delete a registry key, or set or delete one of its values (data and type compared); returns `data_changed` and `data_type_changed`.',
  get schema() {
    return winRegeditSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_regedit.ps1', import.meta.url));
  },
  examples: `- name: Point the Qlik repository at its database host
  win_regedit:
    path: HKLM:\\SOFTWARE\\Qlik\\Sense\\Repository
    name: DatabaseHost
    data: qlikdb01.corp.example

- name: Enable strong crypto for .NET 4 (TLS 1.2)
  ansible.windows.win_regedit:
    path: HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319
    name: SchUseStrongCrypto
    data: 1
    type: dword

- name: Default mouse trails for every new user profile (the Default user's hive)
  win_regedit:
    path: HKLM:\\ANSIBLE\\Control Panel\\Mouse
    name: MouseTrails
    data: 10
    hive: C:\\Users\\Default\\NTUSER.dat

- name: Remove a key and everything below it
  win_regedit:
    path: HKLM:\\SOFTWARE\\OldVendor
    state: absent
`,
};
