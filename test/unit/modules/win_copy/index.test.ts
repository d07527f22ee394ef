import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { winCopy } from '../../../../src/modules/win_copy/index.ts';
import { INLINE_LIMIT } from '../../../../src/modules/win_copy/prepare.ts';
import { winTemplate } from '../../../../src/modules/win_template/index.ts';
import { notFoundText } from '../../../../src/modules/script/script-params.ts';
import { Vault } from '../../../../src/vault/vault.ts';

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

  it('fails on the controller when src cannot be found, with ansible-core\'s text listing every place searched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-copy-'));
    const call = await winCopy.prepare!(winCopy.schema.parse({ src: 'nope.bin', dest: 'C:\\' }), ctx({ playbook_dir: dir, role_path: join(dir, 'roles', 'r') }));
    expect(call).toEqual({ result: { failed: true, changed: false, msg: notFoundText('nope.bin', [
      join(dir, 'roles', 'r', 'files', 'nope.bin'), join(dir, 'roles', 'r', 'nope.bin'), join(dir, 'files', 'nope.bin'), join(dir, 'nope.bin'),
    ]) } });
  });

  it('finds a role task\'s src in the role\'s files/ before the playbook\'s, and a role template in its templates/', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-copy-'));
    const role = join(dir, 'roles', 'app');
    await mkdir(join(role, 'files'), { recursive: true });
    await mkdir(join(role, 'templates'), { recursive: true });
    await mkdir(join(dir, 'files'));
    await writeFile(join(role, 'files', 'app.ini'), 'from the role');
    await writeFile(join(dir, 'files', 'app.ini'), 'from the playbook');
    await writeFile(join(role, 'templates', 'app.j2'), 'port={{ port }}');
    const call = await winCopy.prepare!(winCopy.schema.parse({ src: 'app.ini', dest: 'C:\\app.ini' }), ctx({ playbook_dir: dir, role_path: role }));
    expect(call).toMatchObject({ args: { _content: Buffer.from('from the role').toString('base64') } });
    const outside = await winCopy.prepare!(winCopy.schema.parse({ src: 'app.ini', dest: 'C:\\app.ini' }), ctx({ playbook_dir: dir }));
    expect(outside).toMatchObject({ args: { _content: Buffer.from('from the playbook').toString('base64') } });
    const tpl = await winTemplate.prepare!(winTemplate.schema.parse({ src: 'app.j2', dest: 'C:\\app.ini' }), ctx({ playbook_dir: dir, role_path: role, port: 8080 }));
    expect(tpl).toMatchObject({ args: { _content: Buffer.from('port=8080').toString('base64') } });
  });

  it('decrypts a vault-encrypted src with the run\'s vault, and without one fails with Ansible\'s text instead of copying ciphertext', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-copy-'));
    const vault = new Vault([{ label: 'default', password: Buffer.from('pw') }]);
    await writeFile(join(dir, 'secret.ini'), vault.encrypt(Buffer.from([0, 1, 2, 255])));
    const args = winCopy.schema.parse({ src: 'secret.ini', dest: 'C:\\secret.ini' });
    const decryptFile = (text: string, file: string) => vault.decryptBytes(text, { file, line: 1, col: 1 });
    expect(await winCopy.prepare!(args, { ...ctx({ playbook_dir: dir }), decryptFile })).toMatchObject({ args: { _content: Buffer.from([0, 1, 2, 255]).toString('base64'), size: 4 } });
    expect(await winCopy.prepare!(args, ctx({ playbook_dir: dir }))).toEqual({
      result: { failed: true, changed: false, msg: `A vault password or secret must be specified to decrypt ${join(dir, 'secret.ini')}` },
    });
  });

  it('refuses a controller folder as src instead of reporting it missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-copy-'));
    await mkdir(join(dir, 'files', 'conf'), { recursive: true });
    const call = await winCopy.prepare!(winCopy.schema.parse({ src: 'conf/', dest: 'C:\\conf\\' }), ctx({ playbook_dir: dir }));
    expect(call).toMatchObject({ result: { failed: true, msg: expect.stringContaining('is a folder on the controller') } });
  });
});
