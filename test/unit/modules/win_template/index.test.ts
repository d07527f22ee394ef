import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { winCopy } from '../../../../src/modules/win_copy/index.ts';
import { winTemplate } from '../../../../src/modules/win_template/index.ts';

async function templateDir(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'winbook-tpl-'));
  await mkdir(join(dir, 'templates'));
  await writeFile(join(dir, 'templates', 't.j2'), text);
  return dir;
}

describe('win_template', () => {
  it('renders with the task\'s variables and writes CRLF line endings by default', async () => {
    const dir = await templateDir('a={{ a }}\n{% if b %}b\n{% endif %}');
    const call = await winTemplate.prepare!(winTemplate.schema.parse({ src: 't.j2', dest: 'C:\\t.ini' }), { host: 'h', check: false, diff: true, vars: { playbook_dir: dir, a: 1, b: true } });
    expect(call).toMatchObject({ args: { _diff_text: 'a=1\r\nb\r\n', dest: 'C:\\t.ini' } });
  });

  it('keeps LF when asked, and runs the same host script as win_copy', async () => {
    const dir = await templateDir('x\r\ny\n');
    const call = await winTemplate.prepare!(winTemplate.schema.parse({ src: 't.j2', dest: 'C:\\t', newline_sequence: '\\n' }), { host: 'h', check: false, diff: true, vars: { playbook_dir: dir } });
    expect(call).toMatchObject({ args: { _diff_text: 'x\ny\n' } });
    expect(winTemplate.script).toBe(winCopy.script);
  });

  it('fails naming the template when a variable is undefined', async () => {
    const dir = await templateDir('{{ missing_var }}');
    const call = await winTemplate.prepare!(winTemplate.schema.parse({ src: 't.j2', dest: 'C:\\t' }), { host: 'h', check: false, diff: false, vars: { playbook_dir: dir } });
    expect(call).toMatchObject({ result: { failed: true, msg: expect.stringContaining('missing_var') } });
  });
});
