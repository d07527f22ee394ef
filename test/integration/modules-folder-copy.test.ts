/**
 * win_copy with a controller folder as src (issue 14), through the real client (NTLM, sealed WinRM, the persistent
 * agent) running win_copy's own PowerShell in pwsh against a simulated host, compared with ansible.windows 1.14's
 * folder_copy: the folder itself or (trailing slash) its contents, nested and empty folders, check mode, reapply
 * unchanged, one changed file sent alone, force: false, vault files decrypted, and 1.14's error texts. HTTP requests
 * per task are counted at the simulator's listener.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EventBus, type RunEvent } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import { findModule } from '../../src/modules/registry.ts';
import type { ModuleResult } from '../../src/modules/types.ts';
import { fsOf, getNode, makeDirectory, writeFile as writeHostFile } from '../../src/sim/host/fs.ts';
import { Vault } from '../../src/vault/vault.ts';
import { engineArgs } from '../helpers/engine-args.ts';
import { useModuleHost } from '../helpers/module-host.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';

describe('win_copy copies a controller folder as ansible.windows 1.14 does', () => {
  const mh = useModuleHost(105, { prepareHost: (state) => void fsOf(state) });
  let playbookDir: string;
  const vault = new Vault([{ label: 'default', password: Buffer.from('pw') }]);
  const decryptFile = (text: string, file: string) => vault.decryptBytes(text, { file, line: 1, col: 1 });
  const node = (p: string) => getNode(mh.host().state, p);
  const content = (p: string) => Buffer.from(node(p)?.content ?? '', 'base64').toString('utf8');
  const listener = () => mh.site().hosts[0]!.listener;
  /** What each task's second request (if any) carried: the indexes of the files sent. */
  let sent: string[][] = [];
  let requests = 0;

  /** One task as the engine runs it (engine/module-invoke.ts): arguments parsed, the controller step, the agent. */
  async function task(args: Record<string, unknown>, opts: { check?: boolean; diff?: boolean } = {}): Promise<ModuleResult> {
    const def = findModule('win_copy')!;
    const check = opts.check ?? false;
    const diff = opts.diff ?? false;
    const before = listener().requests;
    const prepared = await def.prepare!(engineArgs(def, args), { host: 'win01', check, diff, vars: { playbook_dir: playbookDir }, decryptFile });
    if ('result' in prepared) return prepared.result;
    const first = (prepared.args as { _contents?: Record<string, string> })._contents;
    sent.push(first ? Object.keys(first) : []);
    const followUp = prepared.followUp;
    const r = await mh.agent().invoke(def, prepared.args, {
      check, diff,
      ...(followUp ? { followUp: (answer: ModuleResult) => {
        const next = followUp(answer);
        const a = next.args as { _contents?: Record<string, string>; _staged_index?: number };
        sent.push(next.upload ? [`staged ${a._staged_index}`] : Object.keys(a._contents ?? {}));
        return next;
      } } : {}),
    });
    requests = listener().requests - before;
    return r;
  }

  /** check → apply → reapply: check changes nothing on the host nor in the rehearsal log, reapply is ok. */
  async function rehearse(args: Record<string, unknown>): Promise<[ModuleResult, ModuleResult, ModuleResult]> {
    const untouched = mh.fingerprint();
    const check = await task(args, { check: true });
    expect(check.failed ?? false, String(check.msg)).toBe(false);
    expect(mh.fingerprint()).toBe(untouched);
    const apply = await task(args);
    expect(apply.failed ?? false, String(apply.msg)).toBe(false);
    expect(mh.fingerprint()).not.toBe(untouched);
    const reapply = await task(args);
    return [check, apply, reapply];
  }

  async function tree(name: string, files: Record<string, string | Buffer>, emptyDirs: string[] = []): Promise<void> {
    for (const [rel, data] of Object.entries(files)) {
      await mkdir(join(playbookDir, 'files', name, rel, '..'), { recursive: true });
      await writeFile(join(playbookDir, 'files', name, rel), data);
    }
    for (const d of emptyDirs) await mkdir(join(playbookDir, 'files', name, d), { recursive: true });
  }

  beforeAll(async () => {
    playbookDir = await mkdtemp(join(tmpdir(), 'winbook-folder-copy-'));
  });
  afterAll(() => rm(playbookDir, { recursive: true, force: true }));

  it('copies a nested folder into dest under its own name: check, apply, reapply unchanged; empty folders created', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[i < 5 ? `f${i}.txt` : `sub/deeper/f${i}.txt`] = `file ${i}\r\n`;
    await tree('app', files, ['empty', 'sub/also-empty']);
    const args = { src: 'app', dest: 'C:\\ProgramData\\Deploy' };
    const [check, apply, reapply] = await rehearse(args);
    expect(check).toEqual({ changed: true, src: 'app', dest: 'C:\\ProgramData\\Deploy', operation: 'folder_copy' });
    expect(apply).toEqual({ changed: true, src: 'app', dest: 'C:\\ProgramData\\Deploy', operation: 'folder_copy' });
    const applyRequests = requests;
    expect(reapply).toEqual({ changed: false, failed: false, src: 'app', dest: 'C:\\ProgramData\\Deploy', operation: 'folder_copy' });
    const reapplyRequests = requests;
    for (const [rel, text] of Object.entries(files)) expect(content(`C:\\ProgramData\\Deploy\\app\\${rel.replaceAll('/', '\\')}`)).toBe(text);
    expect(node('C:\\ProgramData\\Deploy\\app\\empty')?.kind).toBe('directory');
    expect(node('C:\\ProgramData\\Deploy\\app\\sub\\also-empty')?.kind).toBe('directory');
    // A 10-file folder of small files is one agent request (one Send, one Receive) whether it changes or not.
    console.log(`win_copy folder of 10 small files: apply ${applyRequests} HTTP requests, reapply ${reapplyRequests}`);
    expect(applyRequests).toBe(2);
    expect(reapplyRequests).toBe(2);
  });

  it('copies only the folder\'s contents when src ends in a slash', async () => {
    await tree('web', { 'index.html': '<p>hi</p>', 'css/site.css': 'p{}' });
    const [, apply, reapply] = await rehearse({ src: 'web/', dest: 'C:\\inetpub\\wwwroot' });
    expect(apply).toMatchObject({ changed: true, src: 'web/', dest: 'C:\\inetpub\\wwwroot', operation: 'folder_copy' });
    expect(reapply).toMatchObject({ changed: false });
    expect(content('C:\\inetpub\\wwwroot\\index.html')).toBe('<p>hi</p>');
    expect(content('C:\\inetpub\\wwwroot\\css\\site.css')).toBe('p{}');
    expect(node('C:\\inetpub\\wwwroot\\web')).toBeUndefined();
  });

  it('sends a changed file alone in a folder over 32 KiB, backing up what it replaces (1.14\'s single-file way)', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 6; i++) files[`part${i}.bin`] = Buffer.alloc(8 * 1024, i);
    await tree('big', files);
    const args = { src: 'big/', dest: 'C:\\Big', backup: true };
    sent = [];
    await rehearse(args);
    // check: the list alone; apply: the list, then all six files; reapply: the list alone.
    expect(sent).toEqual([[], [], ['0', '1', '2', '3', '4', '5'], []]);
    await writeFile(join(playbookDir, 'files', 'big', 'part3.bin'), Buffer.alloc(8 * 1024, 9));
    sent = [];
    const logBefore = mh.site().log.entries().length;
    const r = await task(args);
    expect(r.failed ?? false, String(r.msg)).toBe(false);
    expect(sent).toEqual([[], ['3']]);
    expect(r).toMatchObject({ changed: true, operation: 'folder_copy', backup_file: expect.stringMatching(/^C:\\Big\\part3\.bin\.\d+\.\d{8}-\d{6}\.bak$/) });
    expect(Buffer.from(node('C:\\Big\\part3.bin')!.content!, 'base64').equals(Buffer.alloc(8 * 1024, 9))).toBe(true);
    expect(Buffer.from(node(r.backup_file as string)!.content!, 'base64').equals(Buffer.alloc(8 * 1024, 3))).toBe(true);
    const written = JSON.stringify(mh.site().log.entries().slice(logBefore));
    for (const other of [0, 1, 2, 4, 5]) expect(written).not.toContain(`part${other}.bin`);
  });

  it('sends a large folder in rounds: files batched up to 512 KiB a request, a larger file as an upload', async () => {
    const files: Record<string, Buffer> = { 'a.bin': Buffer.alloc(300 * 1024, 1), 'b.bin': Buffer.alloc(300 * 1024, 2), 'c.bin': Buffer.alloc(1024, 3), 'huge.bin': Buffer.alloc(700 * 1024, 4) };
    await tree('rounds', files, ['void']);
    sent = [];
    const [, apply, reapply] = await rehearse({ src: 'rounds', dest: 'C:\\Rounds' });
    expect(apply).toEqual({ changed: true, src: 'rounds', dest: 'C:\\Rounds', operation: 'folder_copy' });
    expect(reapply).toMatchObject({ changed: false });
    // check: the list; apply: the list, a + c (b would pass 512 KiB), b, huge staged; reapply: the list.
    expect(sent).toEqual([[], [], ['0', '2'], ['1'], ['staged 3'], []]);
    for (const [name, data] of Object.entries(files)) expect(Buffer.from(node(`C:\\Rounds\\rounds\\${name}`)!.content!, 'base64').equals(data), name).toBe(true);
    expect(node('C:\\Rounds\\rounds\\void')?.kind).toBe('directory');
    expect(Object.keys(mh.host().state.fs!.nodes).some((k) => k.includes('winbook-upload-'))).toBe(false);
    await writeFile(join(playbookDir, 'files', 'rounds', 'huge.bin'), Buffer.alloc(700 * 1024, 5));
    sent = [];
    expect(await task({ src: 'rounds', dest: 'C:\\Rounds' })).toMatchObject({ changed: true });
    expect(sent).toEqual([[], ['staged 3']]);
    expect(Buffer.from(node('C:\\Rounds\\rounds\\huge.bin')!.content!, 'base64').equals(Buffer.alloc(700 * 1024, 5))).toBe(true);
  });

  it('with force: false copies only missing files when one is missing, and overwrites as 1.14\'s zip does when more are', async () => {
    await tree('keep', { 'a.txt': 'new a', 'b.txt': 'new b', 'c.txt': 'new c' });
    const actor = { account: 'Administrator', log: mh.site().log };
    makeDirectory(mh.host().state, 'C:\\Keep', actor);
    writeHostFile(mh.host().state, 'C:\\Keep\\a.txt', Buffer.from('old a'), actor);
    writeHostFile(mh.host().state, 'C:\\Keep\\b.txt', Buffer.from('old b'), actor);
    const one = await task({ src: 'keep/', dest: 'C:\\Keep', force: false });
    expect(one).toMatchObject({ changed: true });
    expect([content('C:\\Keep\\a.txt'), content('C:\\Keep\\b.txt'), content('C:\\Keep\\c.txt')]).toEqual(['old a', 'old b', 'new c']);
    expect(await task({ src: 'keep/', dest: 'C:\\Keep', force: false })).toMatchObject({ changed: false });
    await tree('keep', { 'd.txt': 'new d', 'e.txt': 'new e' });
    expect(await task({ src: 'keep/', dest: 'C:\\Keep', force: false })).toMatchObject({ changed: true });
    expect([content('C:\\Keep\\a.txt'), content('C:\\Keep\\d.txt'), content('C:\\Keep\\e.txt')]).toEqual(['new a', 'new d', 'new e']);
  });

  it('decrypts a vault file inside the folder; its content appears in no result', async () => {
    await tree('secrets', { 'plain.txt': 'plain', 'db.ini': vault.encrypt(Buffer.from('password=S3cr3t-Vault')) });
    const [check, apply, reapply] = await rehearse({ src: 'secrets', dest: 'C:\\Conf' });
    expect(content('C:\\Conf\\secrets\\db.ini')).toBe('password=S3cr3t-Vault');
    expect(reapply).toMatchObject({ changed: false });
    for (const r of [check, apply, reapply]) expect(JSON.stringify(r)).not.toMatch(/S3cr3t|cGFzc3dvcmQ9UzNjcjN0/);
    const raw = await task({ src: 'secrets', dest: 'C:\\Raw', decrypt: false });
    expect(raw).toMatchObject({ changed: true });
    expect(content('C:\\Raw\\secrets\\db.ini')).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256/);
  });

  it('fails with 1.14\'s texts where a file or folder is in the way', async () => {
    await tree('clash', { 'x.txt': 'x', 'sub/y.txt': 'y' });
    const actor = { account: 'Administrator', log: mh.site().log };
    makeDirectory(mh.host().state, 'C:\\Clash', actor);
    writeHostFile(mh.host().state, 'C:\\Clash\\sub', Buffer.from('a file where a folder goes'), actor);
    expect(await task({ src: 'clash/', dest: 'C:\\Clash' })).toEqual({
      failed: true, changed: false, src: 'clash/', dest: 'C:\\Clash', operation: 'folder_copy',
      msg: "cannot copy folder to dest 'C:\\Clash\\sub': object at path is already a file",
    });
    writeHostFile(mh.host().state, 'C:\\Lone.txt', Buffer.from('a file as dest'), actor);
    expect(await task({ src: 'clash/', dest: 'C:\\Lone.txt' })).toMatchObject({
      failed: true, msg: "cannot copy folder to dest 'C:\\Lone.txt\\sub': object at parent directory path is already a file",
    });
    await tree('onefile', { 'only.txt': 'only' });
    expect(await task({ src: 'onefile/', dest: 'C:\\Lone.txt' })).toMatchObject({
      failed: true, msg: `failed to copy file ${join(playbookDir, 'files', 'onefile', 'only.txt')}: object at destination parent dir 'C:\\Lone.txt' is currently a file`,
    });
    await tree('twofiles', { 'a.txt': 'a', 'b.txt': 'b' });
    const two = await task({ src: 'twofiles/', dest: 'C:\\Lone.txt' });
    // 1.14 fails inside its zip extraction with .NET's text; winbook where it creates the folder, in Windows' words.
    expect(two).toMatchObject({ failed: true, msg: 'Unhandled exception while executing module: Cannot create a file when that file already exists.' });
    expect(content('C:\\Lone.txt')).toBe('a file as dest');
    await tree('dirclash', { 'conf.ini': 'c' });
    await task({ content: 'x', dest: 'C:\\DirClash\\conf.ini\\inner.txt' });
    expect(await task({ src: 'dirclash/', dest: 'C:\\DirClash' })).toMatchObject({
      failed: true, msg: "cannot copy file to dest 'C:\\DirClash\\conf.ini': object at path is already a directory",
    });
  });
});

describe('a playbook whose roles and included task files copy folders, through run() against the simulator', () => {
  let site: SimSite;
  let dir: string;
  const vault = new Vault([{ label: 'default', password: Buffer.from('pw') }]);
  const secret = 'token=Vaulted-Folder-Secret';

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(106) });
    fsOf(site.hosts[0]!.host.state);
    dir = await mkdtemp(join(tmpdir(), 'winbook-folder-play-'));
    const pb = join(dir, 'pb');
    const at = (...p: string[]) => join(dir, ...p);
    for (const d of [at('pb', 'roles', 'app', 'meta'), at('pb', 'roles', 'app', 'files', 'shared', 'nested'), at('pb', 'roles', 'common', 'tasks'), at('other', 'files', 'conf')]) await mkdir(d, { recursive: true });
    await writeFile(at('pb', 'roles', 'app', 'meta', 'main.yml'), stringify({ dependencies: ['common'] }));
    await writeFile(at('pb', 'roles', 'app', 'files', 'shared', 'nested', 'one.txt'), 'from the parent role');
    // The dependency's task finds its folder in the role that depends on it (Task.get_search_path's dep chain).
    await writeFile(at('pb', 'roles', 'common', 'tasks', 'main.yml'), stringify([{ name: 'shared folder', win_copy: { src: 'shared/', dest: 'C:\\Shared' } }]));
    await writeFile(at('other', 'files', 'conf', 'big.bin'), Buffer.alloc(40 * 1024, 1));
    await writeFile(at('other', 'files', 'conf', 'secret.ini'), vault.encrypt(Buffer.from(secret)));
    // A task file outside the playbook's folder finds its folder in its own files/.
    await writeFile(at('other', 'tasks.yml'), stringify([{ name: 'conf folder', win_copy: { src: 'conf', dest: 'C:\\Conf' } }]));
    await writeFile(at('pb', 'inventory.yml'), site.inventory());
    await writeFile(join(pb, 'play.yml'), stringify([{ hosts: 'windows', gather_facts: false, roles: ['app'], tasks: [{ include_tasks: '../other/tasks.yml' }] }]));
  });
  afterAll(async () => {
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function play(check: boolean): Promise<{ summary: Awaited<ReturnType<typeof run>>; events: RunEvent[] }> {
    const bus = new EventBus();
    const events: RunEvent[] = [];
    bus.on((e) => events.push(e));
    const summary = await run({
      playbook: join(dir, 'pb', 'play.yml'), inventory: [join(dir, 'pb', 'inventory.yml')], bus, check, diff: true,
      vaultSecrets: [{ label: 'default', password: Buffer.from('pw') }],
    });
    return { summary, events };
  }

  it('check, apply, reapply: the dependency role\'s and the included file\'s folders copied, the vault file decrypted and never shown', async () => {
    const host = site.hosts[0]!.host;
    const untouched = JSON.stringify([host.state, site.log.entries()]);
    const check = await play(true);
    expect(check.summary.stats.win01).toMatchObject({ changed: 2, failed: 0 });
    expect(JSON.stringify([host.state, site.log.entries()])).toBe(untouched);
    const apply = await play(false);
    expect(apply.summary.exitCode).toBe(0);
    expect(apply.summary.stats.win01).toMatchObject({ changed: 2, failed: 0 });
    const text = (p: string) => Buffer.from(getNode(host.state, p)?.content ?? '', 'base64').toString('utf8');
    expect(text('C:\\Shared\\nested\\one.txt')).toBe('from the parent role');
    expect(text('C:\\Conf\\conf\\secret.ini')).toBe(secret);
    expect(getNode(host.state, 'C:\\Conf\\conf\\big.bin')?.size).toBe(40 * 1024);
    const again = await play(false);
    expect(again.summary.stats.win01).toMatchObject({ changed: 0, failed: 0 });
    for (const r of [check, apply, again]) expect(JSON.stringify(r.events)).not.toMatch(/Vaulted-Folder-Secret|dG9rZW49VmF1bHRlZC1Gb2xkZXItU2VjcmV0/);
  });
});
