/**
 * ansible.windows.win_copy: copy a controller file (`src`) or literal `content` to `dest` on the host. Compared by
 * SHA-256 on the host first, so unchanged content costs one agent request and is never sent; changed content
 * over 32 KiB is uploaded in envelope-sized Sends (docs/agent.md "Uploads") and checked before it replaces the file.
 * Not supported yet: `remote_src`, directories as `src`, `decrypt`, `local_follow`.
 */
import { z } from 'zod';
import type { ModuleDef } from '../types.ts';
import { copyCall, missingSrc, readSrc } from './prepare.ts';
import { moduleScript } from '../script.ts';

export const winCopySchema = z
  .object({
    src: z.string().min(1).optional().describe('File on the controller; relative paths are looked up in the playbook\'s files/ folder, the playbook folder, then the working directory.'),
    content: z.string().optional().describe('Literal content to write instead of `src` (UTF-8, written as given).'),
    dest: z.string().min(1).describe('Path on the host; ending in `\\` (or an existing folder) copies `src` into it under its own name.'),
    force: z.boolean().default(true).describe('Replace a destination whose content differs; false only creates missing files.'),
    backup: z.boolean().default(false).describe('Keep the replaced file as DEST.PID.yyyyMMdd-HHmmss.bak; returned as backup_file.'),
  })
  .strict()
  .refine((a) => (a.src === undefined) !== (a.content === undefined), { message: 'exactly one of src or content is required' });

export const winCopyScript = moduleScript(new URL('./win_copy.ps1', import.meta.url));

export const winCopy: ModuleDef<typeof winCopySchema> = {
  name: 'win_copy',
  aliases: ['ansible.windows.win_copy'],
  description: 'Copy a file or literal content to the host; skipped when the SHA-256 already matches.',
  schema: winCopySchema,
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  script: winCopyScript,
  async prepare(args, ctx) {
    const target = { dest: args.dest, force: args.force, backup: args.backup };
    if (args.content !== undefined) return copyCall(Buffer.from(args.content, 'utf8'), target, undefined, ctx.diff);
    const local = await readSrc(args.src as string, ctx.vars);
    if (!local) return missingSrc(args.src as string);
    return copyCall(local.data, target, local.name, ctx.diff);
  },
  examples: `- name: Ship the Qlik Sense settings file
  win_copy:
    src: files/Repository.exe.config
    dest: C:\\Program Files\\Qlik\\Sense\\Repository\\
    backup: true

- name: Write a marker file
  ansible.windows.win_copy:
    content: "configured by winbook\\r\\n"
    dest: C:\\ProgramData\\Qlik\\winbook.txt
`,
};
