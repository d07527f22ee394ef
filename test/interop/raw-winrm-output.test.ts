/**
 * `raw` over WinRM, whole output: the same playbook of raw tasks (PowerShell lines, native programs, a non-zero rc,
 * an unknown command, non-ASCII text, native stderr, loops, register + debug, failed_when, changed_when,
 * ignore_errors) run by ansible-playbook 2.14 (connection winrm: pywinrm, NTLM with message encryption) and by
 * winbook against one simulated host, and their stdout compared whole, recap included (winbook's journal line
 * aside). Both send the line as PowerShell -EncodedCommand, so every difference is in how each reads the reply.
 * Skipped when ansible-playbook or pywinrm is not installed. RAW_DUMP=/path/prefix writes both outputs there (.ansible,
 * .winbook) to diff by hand when they differ.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite, type SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { ANSIBLE_PLAYBOOK, hasAnsible } from '../helpers/ansible-oracle.ts';
import { runCli } from '../helpers/cli.ts';
import { hasPywinrm, writeOpensslLegacyConf } from '../helpers/pywinrm.ts';

const fixtures = fileURLToPath(new URL('../fixtures/ansible-playbooks/winrm/', import.meta.url));


/** ansible-playbook over WinRM with its default (text) callback: stdout, whatever the exit code. */
function ansibleOverWinrm(cwd: string, inventory: string, playbook: string, conf: string): Promise<{ code: number; stdout: string }> {
  const env = { ...process.env, OPENSSL_CONF: conf, ANSIBLE_NOCOLOR: '1', ANSIBLE_STDOUT_CALLBACK: 'default' };
  return new Promise((resolve) => {
    execFile(ANSIBLE_PLAYBOOK, ['-i', inventory, playbook], { cwd, env, encoding: 'utf8', timeout: 170_000 }, (err, stdout) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout });
    });
  });
}

const upToJournal = (out: string): string => out.split('\nJournal: ')[0] as string;

describe.runIf(hasAnsible && hasPywinrm)('raw over WinRM against ansible-playbook', () => {
  let site: SimSite;
  let dir: string;
  let inventory: string;
  let conf: string;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(93) });
    dir = await mkdtemp(join(tmpdir(), 'winbook-raw-winrm-'));
    const h = site.hosts[0]!;
    inventory = join(dir, 'hosts.ini');
    await writeFile(inventory, [
      '[windows]',
      `${h.name.toLowerCase()} ansible_host=${h.address} ansible_port=${h.listener.port}`,
      '[windows:vars]',
      'ansible_connection=winrm',
      'ansible_winrm_transport=ntlm',
      'ansible_winrm_scheme=http',
      `ansible_user=${site.adminUser}`,
      `ansible_password=${site.adminPassword}`,
      '',
    ].join('\n'));
    conf = await writeOpensslLegacyConf(dir);
  }, 60_000);
  afterAll(async () => {
    await site?.close();
  });

  it('prints what ansible-playbook prints for the same raw tasks, recap included', async () => {
    const playbook = join(fixtures, 'raw-output.yml');
    const started = Date.now();
    const ansible = await ansibleOverWinrm(dir, inventory, playbook, conf);
    const ansibleMs = Date.now() - started;
    const ref = ansible.stdout;
    expect(ansible.code, ref).toBe(2);
    // The reference itself shows PowerShell semantics: a cmd.exe %VAR% stays literal, the native exit code 3 is 1.
    expect(ref).toContain('%COMPUTERNAME%');
    expect(ref).toContain('rc=1 failed=True');
    expect(ref).toContain('héllo wörld – ✓ ünïcödé');
    expect(ref).toContain('skipping: [win01]');
    const ours = await runCli(['run', playbook, '-i', inventory], { cwd: dir });
    const winbookMs = Date.now() - started - ansibleMs;
    if (process.env.RAW_DUMP) await Promise.all([writeFile(`${process.env.RAW_DUMP}.ansible`, ref), writeFile(`${process.env.RAW_DUMP}.winbook`, `${ours.stdout}\n--stderr--\n${ours.stderr}\n--ms-- ansible ${ansibleMs} winbook ${winbookMs}\n`)]);
    expect(ours.code, ours.stderr).toBe(2);
    expect(upToJournal(ours.stdout)).toBe(ref);
  }, 180_000);
});
