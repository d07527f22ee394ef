/**
 * A secret shorter than 4 characters (`p`, a lab's `ansible_password: q1`) is hidden where it is a whole value —
 * a message, a dict value, a loop item, a registered fact — in everything a run writes, but not inside other words,
 * so key names (`deprecations`, `password`) and text stay readable; the run says once per source that such a secret
 * is not hidden inside text. Controller-only: no host is contacted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pyWrap } from '../../src/report/text-wrap.ts';
import { runCli } from '../helpers/cli.ts';
import { filesUnder } from '../helpers/files-under.ts';

const PLAYBOOK = `- hosts: all
  gather_facts: false
  vars_files: [secrets.yml]
  tasks:
    - debug: {msg: "{{ db_pw }}"}
    - debug:
        msg:
          deprecations: "{{ db_pw }}"
          password: has a p inside
          conn: "{{ ansible_password }}"
    - debug: {msg: "{{ item }}"}
      loop: ["{{ db_pw }}", apple]
    - set_fact: {copy: "{{ db_pw }}"}
    - debug: {var: copy}
`;

describe('short secrets', () => {
  it('are hidden as whole values in stdout, stderr, journal, JSON, JUnit and HTML, never inside words, with one warning per source', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-short-secrets-'));
    try {
      await writeFile(join(dir, 'pb.yml'), PLAYBOOK);
      await writeFile(join(dir, 'inventory.yml'), 'all:\n  hosts:\n    localhost:\n      ansible_password: q1\n');
      await writeFile(join(dir, 'vault-pass'), 'vault-test-pass\n');
      await writeFile(join(dir, 'secrets.yml'), 'db_pw: p\n');
      execFileSync('ansible-vault', ['encrypt', '--vault-password-file', join(dir, 'vault-pass'), join(dir, 'secrets.yml')]);
      const r = await runCli(
        ['run', 'pb.yml', '-i', 'inventory.yml', '-vvvv', '--vault-password-file', 'vault-pass', '--json', 'run.json', '--junit', 'junit.xml', '--html', 'run.html'],
        { cwd: dir },
      );
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const written = filesUnder(dir).filter((f) => /(journal\.jsonl|run\.json|junit\.xml|run\.html)$/.test(f));
      expect(written).toHaveLength(4);
      const texts = [r.stdout, r.stderr, ...(await Promise.all(written.map((f) => readFile(f, 'utf8'))))];
      // As a whole value: a JSON string (escaped in HTML) or a loop item's label.
      for (const secret of ['p', 'q1']) {
        const whole = new RegExp(`"${secret}"|&quot;${secret}&quot;|\\\\"${secret}\\\\"|\\(item=${secret}\\)`);
        const hits = texts.flatMap((t) => {
          const m = whole.exec(t);
          return m ? [t.slice(Math.max(0, m.index - 80), m.index + 40)] : [];
        });
        expect(hits, `${secret} as a whole value`).toEqual([]);
      }
      expect(r.stdout).toContain('"conn": "********",\n        "deprecations": "********",\n        "password": "has a p inside"');
      expect(r.stdout).toContain('(item=********)');
      expect(r.stdout).toContain('"copy": "********"');
      const warning = (source: string) => pyWrap(`[WARNING]: ${source} is a secret of fewer than 4 characters: winbook hides it where it is a whole value, not inside other text`, 79).join('\n');
      expect(r.stderr).toBe(`${warning('a vault-encrypted value')}\n${warning('ansible_password')}\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
