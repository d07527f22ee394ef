/**
 * Interop: include_vars (file, dir with files_matching/depth/ignore_files/extensions, name, a vault-encrypted file,
 * failures, when) and the variable precedence around it — task vars < include_vars < set_fact < role params and
 * include params — run by ansible-playbook 2.14 and by winbook's engine: every task's msg (include_vars' returned
 * facts, or its failure message) and the recap must be the same.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ansibleRun, winbookRun } from '../helpers/ansible-oracle.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));
const hasAnsible = existsSync('/usr/bin/ansible-playbook');
if (!hasAnsible && process.env.CI) throw new Error('ansible-playbook (Debian ansible) is required in CI');
const password = '../../vault/password.txt';

describe.runIf(hasAnsible)('include_vars agrees with ansible-playbook', () => {
  it('gives every task the msg, facts or failure Ansible gives, and the same recap', async () => {
    const theirs = ansibleRun(dir, 'include-vars.yml', password);
    const ours = await winbookRun(dir, 'include-vars.yml', password);
    expect(theirs.msgs.length).toBeGreaterThanOrEqual(30);
    expect(ours.msgs).toEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
  }, 60_000);
});
