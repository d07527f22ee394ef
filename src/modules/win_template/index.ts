/**
 * ansible.windows.win_template: render a Jinja2 template on the controller with the host's variables, convert its
 * line endings (CRLF by default), then copy it as win_copy does (same script on the host: SHA-256 compared first,
 * large results uploaded in envelope-sized Sends). Not supported yet: custom Jinja delimiters, trim_blocks and
 * lstrip_blocks switches, output encodings other than UTF-8.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import { TemplateError } from '../../errors.ts';
import { renderText } from '../../template/index.ts';
import type { ModuleDef } from '../types.ts';
import { winCopyScript } from '../win_copy/index.ts';
import { copyCall, readSrc } from '../win_copy/prepare.ts';

export const winTemplateSchema = lazySchema(() =>
  z
    .object({
      src: z.string().min(1).describe('Jinja2 template on the controller; a relative path is looked up as Ansible does: the role\'s templates/ and folder, the roles that depend on it, the task file\'s folder, then the playbook\'s (each templates/ first).'),
      dest: z.string().min(1).describe('Path of the rendered file on the host.'),
      newline_sequence: z.enum(['\\r\\n', '\\n', '\\r']).default('\\r\\n').describe('Line ending written to the host: \\r\\n (Windows, default), \\n or \\r.'),
      force: z.boolean().default(true).describe('Replace a destination whose content differs; false only creates missing files.'),
      backup: z.boolean().default(false).describe('Keep the replaced file as DEST.PID.yyyyMMdd-HHmmss.bak; returned as backup_file.'),
    })
    .strict(),
);

const NEWLINES: Record<string, string> = { '\\r\\n': '\r\n', '\\n': '\n', '\\r': '\r' };

export const winTemplate: ModuleDef<ReturnType<typeof winTemplateSchema>> = {
  name: 'win_template',
  aliases: ['ansible.windows.win_template'],
  description: 'Render a Jinja2 template on the controller and copy the result to the host (CRLF line endings).',
  get schema() {
    return winTemplateSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return winCopyScript();
  },
  async prepare(args, ctx) {
    const local = await readSrc(args.src, ctx, 'templates');
    if ('result' in local) return local;
    const source = local.data.toString('utf8');
    let text: string;
    try {
      text = renderText(source, ctx.vars, { task: `win_template ${args.src}` });
    } catch (e) {
      if (e instanceof TemplateError) return { result: { failed: true, changed: false, msg: `${args.src}: ${e.message}` } };
      throw e;
    }
    const body = text.replace(/\r\n|\n|\r/g, NEWLINES[args.newline_sequence] ?? '\r\n');
    return copyCall(Buffer.from(body, 'utf8'), { dest: args.dest, force: args.force, backup: args.backup }, undefined, ctx.diff);
  },
  examples: `- name: Render the Qlik Sense service settings
  win_template:
    src: templates/settings.ini.j2
    dest: C:\\ProgramData\\Qlik\\Sense\\settings.ini
    backup: true
`,
};
