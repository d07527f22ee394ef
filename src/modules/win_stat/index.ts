/** ansible.windows.win_stat: facts about a file or folder (Ansible's `stat` return value). */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions } from '../option-alias.ts';

export const winStatSchema = lazySchema(() =>
  z
    .object({
      path: z.string().min(1).describe('Path on the host (environment variables are expanded).'),
      ...aliasOptions('path', z.string().min(1), 'dest', 'name'),
      get_checksum: z.boolean().default(true).describe('Return `stat.checksum` for files.'),
      checksum_algorithm: z.enum(['md5', 'sha1', 'sha256', 'sha384', 'sha512']).default('sha1').describe('Algorithm of `stat.checksum`.'),
    })
    .strict(),
);

export const winStat: ModuleDef<ReturnType<typeof winStatSchema>> = {
  name: 'win_stat',
  aliases: ['ansible.windows.win_stat'],
  description: 'Return facts about a file or folder: exists, isdir, size, times, owner, checksum.',
  get schema() {
    return winStatSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_stat.ps1', import.meta.url));
  },
  examples: `- name: Is the Qlik Sense certificate export there?
  win_stat:
    path: C:\\ProgramData\\Qlik\\Sense\\Repository\\Exported Certificates\\.Local Certificates\\client.pfx
    checksum_algorithm: sha256
  register: cert
`,
};
