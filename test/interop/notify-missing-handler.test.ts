/**
 * Interop (issue 14, input validation): a literal notify that names no handler. ansible-playbook 2.14 runs the
 * tasks before it and stops with its error when the notifying task changes; winbook refuses the playbook at load
 * (exit 3, at the notify entry), before any task, with the same text. Both read the same playbook file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { ANSIBLE_PLAYBOOK, hasAnsible } from '../helpers/ansible-oracle.ts';

const PLAYBOOK = `- hosts: localhost
  gather_facts: false
  tasks:
    - name: first
      debug: {msg: one}
    - name: Configure
      debug: {msg: configured}
      changed_when: true
      notify: restart spooler
  handlers:
    - name: Restart Spooler
      debug: {msg: restarted}
`;

describe.runIf(hasAnsible)('a notify naming no handler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'winbook-notify-'));
  writeFileSync(join(dir, 'pb.yml'), PLAYBOOK);

  it("is refused at load with ansible-playbook's text, where Ansible stops only when the task changes", async () => {
    const r = spawnSync(ANSIBLE_PLAYBOOK, ['-i', 'localhost,', '-c', 'local', 'pb.yml'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' },
    });
    expect(r.status).not.toBe(0);
    // Ansible ran the first task before it stopped.
    expect(r.stdout).toContain('"msg": "one"');
    const theirs = /ERROR! (.*)/.exec(r.stdout + r.stderr)?.[1];
    expect(theirs).toMatch(/^The requested handler 'restart spooler' was not found/);

    let ours: unknown;
    try {
      await loadPlaybook(join(dir, 'pb.yml'));
    } catch (e) {
      ours = e;
    }
    expect(ours).toBeInstanceOf(InputError);
    const e = ours as InputError;
    expect(e.message).toBe(theirs);
    expect(e.exitCode).toBe(3);
    expect(e.pos).toMatchObject({ line: 9, col: 15 });
  }, 60_000);
});
