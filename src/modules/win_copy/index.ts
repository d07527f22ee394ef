/**
 * ansible.windows.win_copy: copy a controller file (`src`) or literal `content` to `dest` on the host. Compared by
 * SHA-256 on the host first, so unchanged content costs one agent request and is never sent; changed content
 * over 32 KiB is uploaded in envelope-sized Sends (docs/agent.md "Uploads") and checked before it replaces the file.
 * With `remote_src`, `src` is a file or folder on the host, copied there by the module alone (remote-copy.ps1).
 * A controller folder as `src` is walked on the controller (folder-walk.ts) and copied as 1.14's folder_copy
 * (folder-call.ts, folder-copy.ps1).
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { folderCall } from './folder-call.ts';
import { walkFolder } from './folder-walk.ts';
import { copyCall, findLocal, missingSrc, readLocal } from './prepare.ts';
import { moduleScript } from '../script.ts';

export const winCopySchema = lazySchema(() =>
  z
    .object({
      src: z.string().min(1).optional().describe('File or folder on the controller; a relative path is looked up as Ansible does: the role\'s files/ and folder, the roles that depend on it, the task file\'s folder, then the playbook\'s (each files/ first). A folder is copied into dest under its own name, or only its contents when src ends in `/` (folder_copy: files whose SHA-1 differs and missing folders, empty ones too). With `remote_src`: a file or folder on the host (ending in `\\`: only the folder\'s contents).'),
      content: z.string().optional().describe('Literal content to write instead of `src` (UTF-8, written as given).'),
      dest: z.string().min(1).describe('Path on the host; ending in `\\` (or an existing folder) copies `src` into it under its own name.'),
      force: z.boolean().default(true).describe('Replace a destination whose content differs; false only creates missing files (a src folder with more than one file to create or a missing sub-folder overwrites existing ones too, as 1.14\'s zip does).'),
      backup: z.boolean().default(false).describe('Keep the replaced file as DEST.PID.yyyyMMdd-HHmmss.bak; returned as backup_file. With a src folder only when a single file is copied (1.14).'),
      decrypt: z.boolean().default(true).describe('Decrypt a vault-encrypted src file (or files in a src folder) with the run\'s vault secrets; false copies the ciphertext.'),
      local_follow: z.boolean().default(false).describe('Follow symbolic links inside a src folder (a linked file is copied as a file, a linked folder walked). Without it links are left out, as ansible.windows 1.14\'s action plugin does: it reads the option with a default of false whatever its documentation says.'),
      remote_src: z.boolean().default(false).describe('`src` is on the host: a file (compared by SHA-1) or a folder copied file by file; `diff.prepared` lists what is added and replaced.'),
    })
    .strict()
    .refine((a) => (a.src === undefined) !== (a.content === undefined), { message: 'exactly one of src or content is required' })
    .refine((a) => !a.remote_src || a.src !== undefined, { message: 'remote_src needs src (a path on the host), not content', path: ['remote_src'] }),
);

/** win_copy's script, read at its first use (win_template runs it too). */
export const winCopyScript = (): string => moduleScript(new URL('./win_copy.ps1', import.meta.url));

export const winCopy: ModuleDef<ReturnType<typeof winCopySchema>> = {
  name: 'win_copy',
  aliases: ['ansible.windows.win_copy'],
  description: 'Copy a file, a controller folder or literal content to the host; a file already holding the content is not sent again.',
  get schema() {
    return winCopySchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return winCopyScript();
  },
  async prepare(args, ctx) {
    if (args.remote_src) return { args: { src: args.src, dest: args.dest, force: args.force, backup: args.backup, remote_src: true } };
    const target = { dest: args.dest, force: args.force, backup: args.backup };
    if (args.content !== undefined) return copyCall(Buffer.from(args.content, 'utf8'), target, undefined, ctx.diff, { check: ctx.check });
    const src = args.src as string;
    const found = await findLocal(src, ctx, 'files');
    if ('searched' in found) return missingSrc(src, found.searched);
    if (found.dir) {
      // _find_needle drops a trailing slash the found path should keep (it says whether the folder or its contents go).
      const top = src.endsWith('/') && !found.path.endsWith('/') ? `${found.path}/` : found.path;
      const walked = await walkFolder(top, { localFollow: args.local_follow, decrypt: args.decrypt, decryptFile: ctx.decryptFile });
      if ('result' in walked) return walked;
      return folderCall(walked, { src, dest: args.dest, force: args.force, backup: args.backup }, ctx.check);
    }
    const data = await readLocal(found.path, ctx.decryptFile, args.decrypt);
    if (!Buffer.isBuffer(data)) return data;
    return copyCall(data, target, basename(found.path), ctx.diff, { check: ctx.check });
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

- name: Copy the files/extensions folder into C:\\ProgramData\\Qlik (C:\\ProgramData\\Qlik\\extensions)
  win_copy:
    src: extensions
    dest: C:\\ProgramData\\Qlik

- name: Copy only its contents (trailing slash) into the Extensions folder
  win_copy:
    src: extensions/
    dest: C:\\ProgramData\\Qlik\\Sense\\Extensions
`,
};
