import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { winCopy } from '../../../../src/modules/win_copy/index.ts';
import { INLINE_LIMIT } from '../../../../src/modules/win_copy/prepare.ts';

const ctx = (vars: Record<string, unknown> = {}) => ({ host: 'win01', check: false, diff: true, vars });

describe('win_copy', () => {
  it('takes exactly one of src and content', () => {
    expect(winCopy.schema.safeParse({ dest: 'C:\\x' }).success).toBe(false);
    expect(winCopy.schema.safeParse({ dest: 'C:\\x', src: 'a', content: 'b' }).success).toBe(false);
    expect(winCopy.schema.parse({ dest: 'C:\\x', content: '' })).toEqual({ dest: 'C:\\x', content: '', force: true, backup: false, remote_src: false });
    expect(winCopy.schema.safeParse({ dest: 'C:\\x', content: 'b', remote_src: true }).success).toBe(false);
  });

  it('sends small content inline with its SHA-256 and the text for the diff; the SHA-1 only in check mode', async () => {
    const args = winCopy.schema.parse({ dest: 'C:\\x.txt', content: 'héllo' });
    const call = await winCopy.prepare!(args, ctx());
    expect(call).toEqual({
      args: {
        dest: 'C:\\x.txt', force: true, backup: false, size: 6, checksum: createHash('sha256').update('héllo').digest('hex'),
        _content: Buffer.from('héllo').toString('base64'), _diff_text: 'héllo',
      },
    });
    // Check mode writes nothing, so Ansible's checksum (the source's SHA-1) comes from the controller.
    const checked = await winCopy.prepare!(args, { ...ctx(), check: true });
    expect(checked).toMatchObject({ args: { _sha1: createHash('sha1').update('héllo').digest('hex') } });
  });

  it('stages large files instead of inlining them, found in the playbook\'s files/ folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-copy-'));
    await mkdir(join(dir, 'files'));
    const data = Buffer.alloc(INLINE_LIMIT + 1, 7);
    await writeFile(join(dir, 'files', 'big.bin'), data);
    const call = await winCopy.prepare!(winCopy.schema.parse({ src: 'big.bin', dest: 'C:\\' }), ctx({ playbook_dir: dir }));
    expect(call).toMatchObject({ args: { _original_basename: 'big.bin', size: data.length }, upload: data });
    expect('args' in call && (call.args as Record<string, unknown>)._content).toBeUndefined();
  });

  it('hands remote_src straight to the host: nothing is read on the controller', async () => {
    const call = await winCopy.prepare!(winCopy.schema.parse({ src: 'C:\\Src\\', dest: 'C:\\Dst', remote_src: true }), ctx({ playbook_dir: tmpdir() }));
    expect(call).toEqual({ args: { src: 'C:\\Src\\', dest: 'C:\\Dst', force: true, backup: false, remote_src: true } });
  });

  it('fails on the controller when src cannot be found', async () => {
    const call = await winCopy.prepare!(winCopy.schema.parse({ src: 'nope.bin', dest: 'C:\\' }), ctx({ playbook_dir: tmpdir() }));
    expect(call).toEqual({ result: { failed: true, changed: false, msg: "Could not find or access 'nope.bin' on the controller." } });
  });
});
