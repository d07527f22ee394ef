import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { winCopy } from '../../../../src/modules/win_copy/index.ts';
import { BATCH_LIMIT } from '../../../../src/modules/win_copy/folder-call.ts';
import { INLINE_LIMIT } from '../../../../src/modules/win_copy/prepare.ts';
import { winTemplate } from '../../../../src/modules/win_template/index.ts';
import { notFoundText } from '../../../../src/playbook/search-path.ts';
import { Vault } from '../../../../src/vault/vault.ts';

const ctx = (vars: Record<string, unknown> = {}, opts: { check?: boolean } = {}) => ({ host: 'win01', check: opts.check ?? false, diff: true, vars });

describe('win_copy', () => {
  it('takes exactly one of src and content', () => {
    expect(winCopy.schema.safeParse({ dest: 'C:\\x' }).success).toBe(false);
    expect(winCopy.schema.safeParse({ dest: 'C:\\x', src: 'a', content: 'b' }).success).toBe(false);
    expect(winCopy.schema.parse({ dest: 'C:\\x', content: '' })).toEqual({ dest: 'C:\\x', content: '', force: true, backup: false, decrypt: true, local_follow: false, remote_src: false });
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

  it('walks a controller folder as 1.14\'s _walk_dirs: the folder itself or, with a trailing slash, its contents; empty folders listed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-copy-'));
    await mkdir(join(dir, 'files', 'conf', 'sub', 'deep'), { recursive: true });
    await mkdir(join(dir, 'files', 'conf', 'empty'));
    await writeFile(join(dir, 'files', 'conf', 'a.ini'), 'a');
    await writeFile(join(dir, 'files', 'conf', 'sub', 'deep', 'b.ini'), 'bb');
    const sha1 = (t: string) => createHash('sha1').update(t).digest('hex');
    const folder = await winCopy.prepare!(winCopy.schema.parse({ src: 'conf', dest: 'C:\\app' }), ctx({ playbook_dir: dir }));
    expect(folder).toEqual({ args: {
      _folder: true, src: 'conf', dest: 'C:\\app', force: true, backup: false,
      files: [
        { dest: 'conf\\a.ini', checksum: sha1('a'), src: join(dir, 'files', 'conf', 'a.ini') },
        { dest: 'conf\\sub\\deep\\b.ini', checksum: sha1('bb'), src: join(dir, 'files', 'conf', 'sub', 'deep', 'b.ini') },
      ],
      directories: ['conf\\empty', 'conf\\sub', 'conf\\sub\\deep'],
      _contents: { 0: Buffer.from('a').toString('base64'), 1: Buffer.from('bb').toString('base64') },
    } });
    const contents = await winCopy.prepare!(winCopy.schema.parse({ src: 'conf/', dest: 'C:\\app', force: false }), ctx({ playbook_dir: dir }, { check: true }));
    expect(contents).toMatchObject({ args: { files: [{ dest: 'a.ini', checksum: null }, { dest: 'sub\\deep\\b.ini', checksum: null }], directories: ['empty', 'sub', 'sub\\deep'] } });
    // Check mode writes nothing: no content travels.
    expect('args' in contents && (contents.args as Record<string, unknown>)._contents).toBeUndefined();
  });

  it('sends a folder over 32 KiB as its list first, then the files the module asks for: batched, or one large file staged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-copy-'));
    await mkdir(join(dir, 'big'));
    for (let i = 0; i < 5; i++) await writeFile(join(dir, 'big', `f${i}.bin`), Buffer.alloc(200 * 1024, i));
    await writeFile(join(dir, 'big', 'large.bin'), Buffer.alloc(BATCH_LIMIT + 1, 7));
    const call = await winCopy.prepare!(winCopy.schema.parse({ src: 'big/', dest: 'C:\\big' }), ctx({ playbook_dir: dir }));
    if ('result' in call) throw new Error(String(call.result.msg));
    expect((call.args as Record<string, unknown>)._contents).toBeUndefined();
    const answer = (needed: number[]) => ({ changed: false, _winbook_upload: 'needed', _winbook_needed: needed, _winbook_plan: [0, 1, 2, 3, 4, 5], _winbook_single: false, _winbook_done: [] });
    // Two 200 KiB files fit in a 512 KiB batch, a third does not; the plan goes back as decided.
    const second = call.followUp!(answer([0, 1, 3]));
    expect(second.upload).toBeUndefined();
    expect(second.args).toMatchObject({ _plan: [0, 1, 2, 3, 4, 5], _single: false, _done: [], _contents: { 0: Buffer.alloc(200 * 1024, 0).toString('base64'), 1: Buffer.alloc(200 * 1024, 1).toString('base64') } });
    expect(Object.keys((second.args as { _contents: object })._contents)).toEqual(['0', '1']);
    // files are listed by name: f0..f4, then large.bin (index 5), staged as an upload with its SHA-256.
    const third = call.followUp!(answer([5, 3]));
    expect(third.upload?.data.length).toBe(BATCH_LIMIT + 1);
    expect(third.args).toMatchObject({ _staged_index: 5, _staged_sha256: createHash('sha256').update(Buffer.alloc(BATCH_LIMIT + 1, 7)).digest('hex') });
    expect(() => call.followUp!(answer([0]))).toThrow(/asked again/);
    expect(() => call.followUp!(answer([9]))).toThrow(/did not list/);
  });

  it('decrypts vault files inside a folder unless decrypt: false, and follows symbolic links only with local_follow', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-copy-'));
    const vault = new Vault([{ label: 'default', password: Buffer.from('pw') }]);
    await mkdir(join(dir, 'conf'));
    await mkdir(join(dir, 'elsewhere'));
    const cipher = vault.encrypt(Buffer.from('s3cret'));
    await writeFile(join(dir, 'conf', 'secret.ini'), cipher);
    await writeFile(join(dir, 'elsewhere', 'linked.ini'), 'linked');
    await symlink(join(dir, 'elsewhere', 'linked.ini'), join(dir, 'conf', 'link.ini'));
    await symlink(join(dir, 'elsewhere'), join(dir, 'conf', 'linkdir'));
    await symlink(join(dir, 'conf'), join(dir, 'conf', 'loop'));
    const decryptFile = (text: string, file: string) => vault.decryptBytes(text, { file, line: 1, col: 1 });
    const b64 = (t: string) => Buffer.from(t).toString('base64');
    const plain = await winCopy.prepare!(winCopy.schema.parse({ src: 'conf/', dest: 'C:\\c' }), { ...ctx({ playbook_dir: dir }), decryptFile });
    expect(plain).toMatchObject({ args: { files: [{ dest: 'secret.ini' }], directories: [], _contents: { 0: b64('s3cret') } } });
    const raw = await winCopy.prepare!(winCopy.schema.parse({ src: 'conf/', dest: 'C:\\c', decrypt: false }), ctx({ playbook_dir: dir }));
    expect(raw).toMatchObject({ args: { _contents: { 0: Buffer.from(cipher).toString('base64') } } });
    const followed = await winCopy.prepare!(winCopy.schema.parse({ src: 'conf/', dest: 'C:\\c', local_follow: true }), { ...ctx({ playbook_dir: dir }), decryptFile });
    expect(followed).toMatchObject({ args: {
      files: [{ dest: 'link.ini', src: join(dir, 'elsewhere', 'linked.ini') }, { dest: 'linkdir\\linked.ini' }, { dest: 'secret.ini' }],
      directories: ['linkdir'],
    } });
  });
});
