/**
 * Interop: Ansible Vault both ways, live against ansible-vault / ansible-playbook (Debian ansible 2.14). What
 * Ansible encrypts winbook decrypts (files, encrypt_string values, vault ids), what winbook encrypts Ansible
 * decrypts (files, encrypt_string values used by a real localhost play), and a wrong password stops a run with
 * exit 3 and the value's position before any host is touched. Sim hosts use loopback block 90.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../src/index.ts';
import { startSimSite, type SimSite } from '../../src/sim/site.ts';
import { Vault } from '../../src/vault/index.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { ansibleJson, hasAnsible } from '../helpers/ansible-oracle.ts';
import { runCli } from '../helpers/cli.ts';

const exec = promisify(execFile);
const VAULT = '/usr/bin/ansible-vault';
const available = existsSync(VAULT) && hasAnsible;
if (!available && process.env.CI) throw new Error('ansible-vault (Debian ansible) is required in CI');

const SECRET = 'Qlik-S3rvice!pa$$';
let dir = '';
const at = (name: string): string => join(dir, name);
const ansibleVault = async (...args: string[]): Promise<string> => (await exec(VAULT, args, { cwd: dir })).stdout;

describe.skipIf(!available)('vault interop with ansible-vault', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'winbook-vault-interop-'));
    await writeFile(at('pw'), 'default-password\n');
    await writeFile(at('prod-pw'), 'prod-password\n');
    await writeFile(at('wrong-pw'), 'not-it\n');
  });

  it('decrypts a file ansible-vault encrypted', async () => {
    await writeFile(at('a.yml'), `svc_password: ${SECRET}\n`);
    await ansibleVault('encrypt', '--vault-password-file', at('pw'), at('a.yml'));
    const r = await runCli(['vault', 'view', '--vault-password-file', at('pw'), at('a.yml')]);
    expect(r).toMatchObject({ code: 0, stdout: `svc_password: ${SECRET}\n` });
  });

  it('decrypts ansible-vault encrypt_string values in a playbook, with vault ids', async () => {
    const value = await ansibleVault('encrypt_string', '--vault-id', `prod@${at('prod-pw')}`, '--name', 'svc_password', SECRET);
    await writeFile(at('play.yml'), `- hosts: all\n  vars:\n    ${value.replace(/\n/g, '\n    ')}\n  tasks:\n    - debug: {msg: hi}\n`);
    const vault = new Vault([{ label: 'dev', password: Buffer.from('x') }, { label: 'prod', password: Buffer.from('prod-password') }]);
    const pb = await loadPlaybook(at('play.yml'), { vault });
    expect(JSON.stringify(pb.plays[0])).toContain(JSON.stringify(SECRET));
    expect(vault.revealed).toEqual([SECRET]);
  });

  it('writes files ansible-vault decrypts, 1.1 and 1.2 with a vault id', async () => {
    await writeFile(at('b.yml'), 'key: value\n');
    await writeFile(at('c.yml'), 'other: thing\n');
    expect((await runCli(['vault', 'encrypt', '--vault-password-file', at('pw'), at('b.yml')])).code).toBe(0);
    expect((await runCli(['vault', 'encrypt', '--vault-id', `prod@${at('prod-pw')}`, at('c.yml')])).code).toBe(0);
    expect((await readFile(at('c.yml'), 'utf8')).split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect(await ansibleVault('view', '--vault-password-file', at('pw'), at('b.yml'))).toBe('key: value\n');
    expect(await ansibleVault('view', '--vault-id', `prod@${at('prod-pw')}`, at('c.yml'))).toBe('other: thing\n');
  });

  it('prints encrypt_string values that ansible-playbook decrypts in a localhost play', async () => {
    const r = await runCli(['vault', 'encrypt_string', '--vault-password-file', at('pw'), '--name', 'secret_msg', SECRET]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^secret_msg: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n/);
    const play = `- hosts: localhost\n  gather_facts: false\n  vars:\n    ${r.stdout.trimEnd().replace(/\n/g, '\n    ')}\n  tasks:\n    - debug: {msg: "{{ secret_msg }}"}\n`;
    await writeFile(at('local.yml'), play);
    const out = ansibleJson(dir, 'local.yml', { vaultPasswordFile: at('pw') });
    expect(out.plays[0]?.tasks[0]?.hosts.localhost?.msg).toBe(SECRET);
  });

  it('edits a vault file through $EDITOR and keeps its vault id', async () => {
    await writeFile(at('d.yml'), 'a: 1\n');
    await ansibleVault('encrypt', '--vault-id', `prod@${at('prod-pw')}`, at('d.yml'));
    await writeFile(at('editor.sh'), '#!/bin/sh\necho "b: 2" >> "$1"\n');
    await chmod(at('editor.sh'), 0o755);
    const r = await runCli(['vault', 'edit', '--vault-id', `prod@${at('prod-pw')}`, at('d.yml')], { env: { EDITOR: at('editor.sh') } });
    expect(r.code).toBe(0);
    expect((await readFile(at('d.yml'), 'utf8')).split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect(await ansibleVault('view', '--vault-id', `prod@${at('prod-pw')}`, at('d.yml'))).toBe('a: 1\nb: 2\n');
  });

  it('refuses a wrong password with VAULT_DECRYPT_FAILED, exit 3', async () => {
    const r = await runCli(['vault', 'view', '--vault-password-file', at('wrong-pw'), at('a.yml')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ERROR [VAULT_DECRYPT_FAILED]');
    expect(r.stderr).toContain('hint:');
  });
});

describe.skipIf(!available)('winbook run with vaulted values', () => {
  let site: SimSite;
  let inv = '';
  let play = '';

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(90) });
    dir = await mkdtemp(join(tmpdir(), 'winbook-vault-run-'));
    await writeFile(at('pw'), 'run-password\n');
    await writeFile(at('wrong-pw'), 'nope\n');
    inv = at('inv.yml');
    await writeFile(inv, site.inventory());
    const value = await ansibleVault('encrypt_string', '--vault-password-file', at('pw'), '--name', 'svc_password', SECRET);
    play = at('play.yml');
    const vars = `    ${value.replace(/\n/g, '\n    ')}`;
    await writeFile(play, `- hosts: windows\n  gather_facts: false\n  vars:\n${vars}\n  tasks:\n    - debug:\n        msg: "password is {{ svc_password }}"\n`);
  });
  afterAll(async () => {
    await site?.close();
  });

  it('decrypts inline values and keeps the plaintext out of the output', async () => {
    const r = await runCli(['run', play, '-i', inv, '--vault-password-file', at('pw')]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stdout).toMatch(/password is \*{3,}/);
  });

  it('decrypts a vaulted connection password in the inventory and a vault-encrypted group_vars file', async () => {
    const invDir = at('inv');
    await mkdir(join(invDir, 'group_vars'), { recursive: true });
    const value = await ansibleVault('encrypt_string', '--vault-password-file', at('pw'), site.adminPassword);
    const vaulted = site.inventory().replace(/^(\s*)ansible_password: .*$/m, (_l, indent: string) => `${indent}ansible_password: ${value.replace(/\n/g, `\n${indent}  `)}`);
    expect(vaulted).not.toContain(site.adminPassword);
    await writeFile(join(invDir, 'hosts.yml'), vaulted);
    await writeFile(join(invDir, 'group_vars', 'windows.yml'), 'greeting: hello-from-the-vault\n');
    await ansibleVault('encrypt', '--vault-password-file', at('pw'), join(invDir, 'group_vars', 'windows.yml'));
    const p = at('greet.yml');
    await writeFile(p, '- hosts: windows\n  gather_facts: false\n  tasks:\n    - win_ping:\n    - debug: {msg: "{{ greeting }}"}\n');
    const r = await runCli(['run', p, '-i', join(invDir, 'hosts.yml'), '--vault-password-file', at('pw')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('hello-from-the-vault');
    expect(r.stdout).not.toContain(site.adminPassword);
    const wrong = await runCli(['run', p, '-i', join(invDir, 'hosts.yml'), '--vault-password-file', at('wrong-pw')]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('ERROR [VAULT_DECRYPT_FAILED]');
  });

  it('stops before any host with the position of the value when the password is wrong', async () => {
    const before = site.log.entries().length;
    const r = await runCli(['run', play, '-i', inv, '--vault-password-file', at('wrong-pw')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ERROR [VAULT_DECRYPT_FAILED]');
    expect(r.stderr).toContain(`${play}:4:19`);
    expect(site.log.entries().length).toBe(before);
  });

  it('says a password is needed when none is given', async () => {
    const r = await runCli(['run', play, '-i', inv]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ERROR [VAULT_NO_PASSWORD]');
  });

  it('refuses --ask-vault-pass without a terminal', async () => {
    const r = await runCli(['run', play, '-i', inv, '--ask-vault-pass']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ERROR [VAULT_PASSWORD_NO_TTY]');
  });
});
