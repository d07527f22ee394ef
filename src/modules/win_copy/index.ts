/**
 * ansible.windows.win_copy: copy a controller file (`src`) or literal `content` to `dest` on the host. Compared by
 * SHA-256 on the host first, so unchanged content costs one agent request and is never sent; changed content
 * over 32 KiB is uploaded in envelope-sized Sends (docs/agent.md "Uploads") and checked before it replaces the file.
 * With `remote_src`, `src` is a file or folder on the host, copied there by the module alone (remote-copy.ps1).
 * Not supported yet: a controller folder as `src`, `decrypt`, `local_follow`.
 */
import { z } from 'zod';
import type { ModuleDef } from '../types.ts';
import { copyCall, readSrc } from './prepare.ts';
import { moduleScript } from '../script.ts';

export const winCopySchema = z
  .object({
    src: z.string().min(1).optional().describe('File on the controller; relative paths are looked up in the playbook\'s files/ folder, the playbook folder, then the working directory. With `remote_src`: a file or folder on the host (ending in `\\`: only the folder\'s contents).'),
    content: z.string().optional().describe('Literal content to write instead of `src` (UTF-8, written as given).'),
    dest: z.string().min(1).describe('Path on the host; ending in `\\` (or an existing folder) copies `src` into it under its own name.'),
    force: z.boolean().default(true).describe('Replace a destination whose content differs; false only creates missing files.'),
    backup: z.boolean().default(false).describe('Keep the replaced file as DEST.PID.yyyyMMdd-HHmmss.bak; returned as backup_file.'),
    remote_src: z.boolean().default(false).describe('`src` is on the host: a file (compared by SHA-1) or a folder copied file by file; `diff.prepared` lists what is added and replaced.'),
  })
  .strict()
  .refine((a) => (a.src === undefined) !== (a.content === undefined), { message: 'exactly one of src or content is required' })
  .refine((a) => !a.remote_src || a.src !== undefined, { message: 'remote_src needs src (a path on the host), not content', path: ['remote_src'] });

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
    if (args.remote_src) return { args: { src: args.src, dest: args.dest, force: args.force, backup: args.backup, remote_src: true } };
    const target = { dest: args.dest, force: args.force, backup: args.backup };
    if (args.content !== undefined) return copyCall(Buffer.from(args.content, 'utf8'), target, undefined, ctx.diff, { check: ctx.check });
    const local = await readSrc(args.src as string, ctx);
    if ('result' in local) return local;
    return copyCall(local.data, target, local.name, ctx.diff, { check: ctx.check });
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
