/**
 * Secrets never reach anything winbook writes. A playbook puts the connection password and a
 * vault-decrypted value into commands, outputs, messages and a failure, at -vvvv with --json and --junit; then
 * every byte written — stdout, stderr, the journal, the reports, any file under the run directory — is grepped for
 * both: zero hits.
 */
import { execFileSync } from 'node:child_process';
import { readFile, stat, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';
import { filesUnder } from '../helpers/files-under.ts';

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

    const written = filesUnder(dir).filter((f) => !f.endsWith('secrets.yml') && !f.endsWith('vault-pass') && !f.endsWith('inventory.yml'));
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

/** A second vaulted value, itself base64: `| b64decode` makes a new secret of it. */
const DECODED = 'Decoded-Hidden-55aa';
const ENCODED = Buffer.from(DECODED).toString('base64');

const DERIVING = `- name: Secrets through filters
  hosts: windows
  gather_facts: false
  vars_files:
    - secrets.yml
  tasks:
    - name: Derive and print
      debug:
        msg:
          - "{{ service_password | upper }}"
          - "{{ service_password | lower }}"
          - "{{ service_password | b64encode }}"
          - "{{ encoded_secret | b64decode }}"
          - "{{ service_password | reverse }}"
          - "{{ service_password | truncate(12) }}"
          - "{{ service_password | replace('-', '_') }}"
          - "{{ service_password | regex_replace('[0-9]', 'X') }}"
          - "{{ [service_password, 'x'] | join(',') }}"
          - "{{ 'pre' ~ service_password }}"
          - "{{ 'pre' + service_password }}"
          - "{{ '[' ~ service_password ~ ']' }}"
          - "{{ service_password | string }}"
          - "{{ (' ' ~ service_password ~ ' ') | trim }}"
          - "{{ service_password | upper | reverse }}"
          - "{{ service_password.upper() }}"
          - "{{ service_password.replace('-', '+') }}"
          - "{{ service_password | capitalize }}"
    - name: Keep a derived form
      set_fact:
        shouted: "{{ service_password | upper }}!"
      register: kept
    - name: Fail with a derived form
      fail:
        msg: "rejected {{ shouted }} and {{ service_password | b64encode }}"
      ignore_errors: true
    - name: Print one character of it
      debug:
        msg: "{{ service_password | first }}"
`;

describe('secrets through filters', () => {
  it('a value derived from a vaulted one (string ops, encodings, concatenation, replace, join, methods) is nowhere in clear; a fragment too short to hide is refused', async () => {
    site ??= await startSimSite({ hosts: 1, baseAddress: loopbackBlock(193), adminPassword: PASSWORD });
    const dir = await mkdtemp(join(tmpdir(), 'winbook-secret-filters-'));
    await writeFile(join(dir, 'inventory.yml'), site.inventory());
    await writeFile(join(dir, 'play.yml'), DERIVING);
    await writeFile(join(dir, 'vault-pass'), 'vault-test-pass\n');
    await writeFile(join(dir, 'secrets.yml'), `service_password: ${VAULTED}\nencoded_secret: ${ENCODED}\n`);
    execFileSync('ansible-vault', ['encrypt', '--vault-password-file', join(dir, 'vault-pass'), join(dir, 'secrets.yml')]);
    const r = await runCli(
      ['run', join(dir, 'play.yml'), '-i', join(dir, 'inventory.yml'), '-vv', '--vault-password-file', join(dir, 'vault-pass'), '--json', join(dir, 'run.json'), '--junit', join(dir, 'junit.xml'), '--html', join(dir, 'run.html')],
      { cwd: dir },
    );
    // The last task is refused (a 1-character fragment), so the run fails there, having printed the others.
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toContain("'first' makes a 1-character string from a secret value");
    expect(r.stdout).toContain('...ignoring');
    const derived = [
      VAULTED,
      VAULTED.toUpperCase(),
      VAULTED.toLowerCase(),
      Buffer.from(VAULTED).toString('base64'),
      DECODED,
      ENCODED,
      [...VAULTED].reverse().join(''),
      VAULTED.slice(0, 9),
      VAULTED.replace(/-/g, '_'),
      VAULTED.replace(/[0-9]/g, 'X'),
      [...VAULTED.toUpperCase()].reverse().join(''),
      VAULTED.replace(/-/g, '+'),
      'Vaulted-secret-93ab',
    ];
    const written = filesUnder(dir).filter((f) => !f.endsWith('secrets.yml') && !f.endsWith('vault-pass') && !f.endsWith('inventory.yml'));
    expect(written.filter((f) => /journal\.jsonl$|run\.json$|junit\.xml$|run\.html$/.test(f))).toHaveLength(4);
    const texts = [r.stdout, r.stderr, ...(await Promise.all(written.map((f) => readFile(f, 'utf8'))))];
    for (const form of derived) expect(texts.filter((t) => t.includes(form)).length, `${form} found`).toBe(0);
    // Each printed entry is there, hidden: 14 of 18 are the derived value alone, 4 hold it inside; and the failure.
    expect(r.stdout.match(/^ {8}"\*{8}",?$/gm)?.length).toBe(14);
    for (const inside of ['"********,x"', '"pre********"', '"[********]"']) expect(r.stdout).toContain(inside);
    expect(r.stdout).toContain('rejected ********! and ********');
  }, 90_000);
});
