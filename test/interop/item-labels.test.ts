/**
 * Loop item labels as ansible-playbook 2.14 prints them: TaskExecutor labels an item with the template `{{ item }}`
 * (the loop_var), whose single-value render reads text that looks like a list, dict or boolean back as that value
 * (ansible_eval_concat), so the item '["a", "b"]' is labelled `['a', 'b']`. Both CLIs run the same controller-only
 * playbook and print the same stdout. Skipped when ansible-playbook is not installed.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ansiblePlaybook, hasAnsible } from '../helpers/ansible-oracle.ts';
import { runCli } from '../helpers/cli.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));

describe('loop item labels', () => {
  it.runIf(hasAnsible)('are the ones ansible-playbook prints', async () => {
    const ref = ansiblePlaybook(dir, 'item-labels.yml', { callback: 'default' });
    expect(ref).toContain("(item={'a': 1})");
    expect(ref).toContain("(item=['q'])");
    const ours = await runCli(['run', 'item-labels.yml', '-i', 'localhost,'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(ref);
  }, 120_000);
});
