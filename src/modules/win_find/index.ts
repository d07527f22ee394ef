/** ansible.windows.win_find: files or folders below some folders that match filters, with win_stat's facts. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions, aliasRules } from '../option-alias.ts';

const patternList = () => z.array(z.string());

export const winFindSchema = lazySchema(() =>
  z
    .object({
      paths: z.array(z.string().min(1)).min(1).describe('Folders to search (literal paths: `%VAR%` is not expanded, as in Ansible).'),
      age: z.string().optional().describe('Items at least this old (`86400`, `1d`; units s, m, h, d, w), or at most this old when negative (`-1h`).'),
      age_stamp: z.enum(['atime', 'ctime', 'mtime']).default('mtime').describe('Which time `age` compares.'),
      checksum_algorithm: z.enum(['md5', 'sha1', 'sha256', 'sha384', 'sha512']).default('sha1').describe('Algorithm of each file\'s `checksum`.'),
      file_type: z.enum(['directory', 'file']).default('file').describe('Return files or folders.'),
      follow: z.boolean().default(false).describe('With `recurse`, descend into symbolic links and junctions too.'),
      get_checksum: z.boolean().default(true).describe('Return each file\'s `checksum` (reads every matched file).'),
      hidden: z.boolean().default(false).describe('Include hidden items (non-hidden ones are always included).'),
      patterns: patternList().optional().describe('Names to match, any of them: PowerShell wildcards (`*.log`), or regexes with `use_regex`; case-insensitive.'),
      ...aliasOptions('patterns', patternList(), 'regex', 'regexp'),
      recurse: z.boolean().default(false).describe('Search the whole tree below each path, not only its direct children.'),
      size: z.string().optional().describe('Files at least this large (`1048576`, `1m`; units b, k, m, g, t), or at most this large when negative (`-1g`).'),
      use_regex: z.boolean().default(false).describe('`patterns` are regexes rather than wildcards.'),
    })
    .strict()
    .superRefine(aliasRules('patterns', ['regex', 'regexp'])),
);

export const winFind: ModuleDef<ReturnType<typeof winFindSchema>> = {
  name: 'win_find',
  aliases: ['ansible.windows.win_find'],
  description: 'Find files or folders below some paths by name pattern, age, size and type; returns `files` (win_stat\'s facts, sorted by path), `matched` and `examined`. Read-only.',
  get schema() {
    return winFindSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_find.ps1', import.meta.url));
  },
  examples: `- name: Qlik Sense logs older than two weeks
  win_find:
    paths: ['C:\\ProgramData\\Qlik\\Sense\\Log']
    patterns: ['*.log', '*.txt']
    age: 2w
    recurse: true
    get_checksum: false
  register: old_logs

- name: Remove them
  win_file:
    path: "{{ item.path }}"
    state: absent
  loop: "{{ old_logs.files }}"
`,
};
