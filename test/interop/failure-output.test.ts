/**
 * Failed, rescued and asserted results and the end of a play as ansible-playbook 2.14 prints them: assert's result
 * is always shown (indented) unless `quiet` (its action sets `_ansible_verbose_always`), a failure a block rescues
 * is no end of the host, and NO MORE HOSTS LEFT comes only when any_errors_fatal breaks the play, not when every
 * host failed on its own. Both CLIs run the same controller-only playbooks; stdout must be the same up to the
 * recap (winbook then names its journal). Skipped when ansible-playbook is not installed.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ansiblePlaybook, hasAnsible } from '../helpers/ansible-oracle.ts';
import { runCli } from '../helpers/cli.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));
const upToRecap = (out: string): string => out.split('\nJournal: ')[0] as string;

describe('failure output', () => {
  it.runIf(hasAnsible)('of rescued, asserted and failed tasks is the stdout ansible-playbook prints', async () => {
    const ref = ansiblePlaybook(dir, 'failures.yml', { callback: 'default', allowFailure: true });
    expect(ref).toContain('ok: [localhost] => {\n    "changed": false,\n    "msg": "All assertions passed"\n}');
    expect(ref).not.toContain('NO MORE HOSTS LEFT');
    const ours = await runCli(['run', 'failures.yml', '-i', 'localhost,'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(2);
    expect(upToRecap(ours.stdout)).toBe(ref);
  }, 120_000);

  it.runIf(hasAnsible)('ends a play any_errors_fatal breaks with NO MORE HOSTS LEFT, as ansible-playbook does', async () => {
    const ref = ansiblePlaybook(dir, 'fatal.yml', { callback: 'default', allowFailure: true });
    expect(ref).toContain('NO MORE HOSTS LEFT');
    const ours = await runCli(['run', 'fatal.yml', '-i', 'localhost,'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(2);
    expect(upToRecap(ours.stdout)).toBe(ref);
  }, 120_000);
});
