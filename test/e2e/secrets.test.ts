/**
 * Secrets never reach anything winbook writes (design.md §8). A playbook puts the connection password and a
 * vault-decrypted value into commands, outputs, messages and a failure, at -vvvv with --json and --junit; then
 * every byte written — stdout, stderr, the journal, the reports, any file under the run directory — is grepped for
 * both: zero hits.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';

const PASSWORD = 'Kn0wn-Pa55word-7e1f';
const VAULTED = 'Vaulted-Secret-93ab';

const PLAYBOOK = `- name: Secrets rehearsal
  hosts: windows
  gather_facts: false
  vars_files:
    - secrets.yml
  tasks:
    - name: Echo the connection password
      raw: echo {{ ansible_password }}
      register: echoed
    - name: Show what came back
      debug:
        var: echoed
    - name: Show the vaulted value
      debug:
        msg: "service password is {{ service_password }}"
    - name: Hidden task
      raw: echo {{ service_password }}
      no_log: true
    - name: Register and set a fact with the secret
      set_fact:
        copy_of_secret: "{{ service_password }}-{{ ansible_password }}"
    - name: Fail saying the secret
      fail:
        msg: "bad password {{ ansible_password }} / {{ service_password }}"
`;

let site: SimSite;
afterAll(async () => {
  await site?.close();
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

describe('secrets', () => {
  it('a known password and a vault value appear nowhere in stdout, stderr, journal, JSON, JUnit or any run file', async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(193), adminPassword: PASSWORD });
    const dir = await mkdtemp(join(tmpdir(), 'winbook-secrets-'));
    await writeFile(join(dir, 'inventory.yml'), site.inventory());
    await writeFile(join(dir, 'play.yml'), PLAYBOOK);
    await writeFile(join(dir, 'vault-pass'), 'vault-test-pass\n');
    await writeFile(join(dir, 'secrets.yml'), `service_password: ${VAULTED}\n`);
    execFileSync('ansible-vault', ['encrypt', '--vault-password-file', join(dir, 'vault-pass'), join(dir, 'secrets.yml')]);
    const r = await runCli(
      ['run', join(dir, 'play.yml'), '-i', join(dir, 'inventory.yml'), '-vvvv', '--vault-password-file', join(dir, 'vault-pass'), '--json', join(dir, 'run.json'), '--junit', join(dir, 'junit.xml')],
      { cwd: dir },
    );
    // The run really used both secrets: the failure task ran and failed.
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toContain('TASK [Fail saying the secret]');
    expect(r.stdout).toContain('********');

    const written = (await filesUnder(dir)).filter((f) => !f.endsWith('secrets.yml') && !f.endsWith('vault-pass') && !f.endsWith('inventory.yml'));
    expect(written.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
    expect(written.some((f) => f.endsWith('junit.xml'))).toBe(true);
    expect(written.some((f) => f.endsWith('run.json'))).toBe(true);
    const texts = [r.stdout, r.stderr, ...(await Promise.all(written.map((f) => readFile(f, 'utf8'))))];
    for (const secret of [PASSWORD, VAULTED]) {
      const hits = texts.filter((t) => t.includes(secret)).length;
      expect(hits, `${secret} found`).toBe(0);
    }
    // Run files are owner-only (POSIX; Windows has no modes).
    if (process.platform !== 'win32') {
      const ours = written.filter((f) => /journal\.jsonl$|run\.json$|junit\.xml$/.test(f));
      expect(ours).toHaveLength(3);
      for (const f of ours) expect((await stat(f)).mode & 0o077, f).toBe(0);
      for (const d of [join(dir, '.winbook', 'runs'), ...ours.filter((f) => f.endsWith('.jsonl')).map((f) => join(f, '..'))]) {
        expect((await stat(d)).mode & 0o077, d).toBe(0);
      }
    }
  }, 90_000);
});
