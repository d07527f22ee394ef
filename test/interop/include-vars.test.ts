/**
 * Interop: include_vars (file, dir with files_matching/depth/ignore_files/extensions, name, a vault-encrypted file,
 * failures, when) and the variable precedence around it — task vars < include_vars < set_fact < role params and
 * include params — run by ansible-playbook 2.14 and by winbook's engine: every task's msg (include_vars' returned
 * facts, or its failure message) and the recap must be the same. include-vars-runtime.yml checks that the files are
 * read when the task runs: templated names and options, a loop, a file an earlier task wrote, hash_behaviour.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ansibleRun, hasAnsible, winbookRun } from '../helpers/ansible-oracle.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));
const password = '../../vault/password.txt';

describe.runIf(hasAnsible)('include_vars agrees with ansible-playbook', () => {
  it('gives every task the msg, facts or failure Ansible gives, and the same recap', async () => {
    const theirs = ansibleRun(dir, 'include-vars.yml', password);
    const ours = await winbookRun(dir, 'include-vars.yml', password);
    expect(theirs.msgs.length).toBeGreaterThanOrEqual(30);
    expect(ours.msgs).toEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
  }, 60_000);

  it('reads the files when the task runs, as Ansible does: templated names, loops, a file written by an earlier task', async () => {
    // The password lookup writes this file during the run; it must not exist when either run loads the playbook.
    const written = `${dir}vars/runtime/written.yml`;
    try {
      rmSync(written, { force: true });
      const theirs = ansibleRun(dir, 'include-vars-runtime.yml');
      rmSync(written, { force: true });
      const ours = await winbookRun(dir, 'include-vars-runtime.yml');
      expect(theirs.msgs.length).toBe(21);
      expect(ours.msgs).toEqual(theirs.msgs);
      expect(ours.stats).toEqual(theirs.stats);
    } finally {
      rmSync(written, { force: true });
    }
  }, 60_000);
});
