/**
 * include_tasks and include_role on the terminal as ansible-playbook 2.14 prints them: `included: FILE for HOSTS`
 * (v2_playbook_on_include: the absolute path, one line per file and loop item with `=> (item=…)`, hosts with an equal
 * item together, no label for an item Python finds false), skipped items and hosts, no line for an ok include
 * (TaskInclude), include_role's banner with no host line (`include_role : ROLE` when unnamed), its `when` decided
 * once, counted ok nowhere, and a role included twice run twice. Both CLIs run the same controller-only playbook on
 * three local hosts (Ansible with one fork, so its host order is the inventory's) and print the same stdout.
 * Skipped when ansible-playbook is not installed.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ANSIBLE_PLAYBOOK, hasAnsible } from '../helpers/ansible-oracle.ts';
import { runCli } from '../helpers/cli.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/includes/', import.meta.url));

/** ansible-playbook on the fixture's three local hosts with the default callback, no colour. */
function ansible(...extra: string[]): string {
  const env = { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'default', ANSIBLE_NOCOLOR: '1' };
  const playbook = extra.find((a) => a.endsWith('.yml')) ?? 'included.yml';
  return execFileSync(ANSIBLE_PLAYBOOK, ['-i', 'hosts.ini', ...extra.filter((a) => a !== playbook), playbook], { cwd: dir, env, encoding: 'utf8' });
}

describe('include_tasks and include_role output', () => {
  it.runIf(hasAnsible)('is the stdout ansible-playbook prints, recap included', async () => {
    const ref = ansible('--forks', '1');
    expect(ref).toContain(`included: ${dir}tasks/a.yml for h1, h2, h3 => (item=x)\n`);
    expect(ref).toContain(`included: ${dir}tasks/a.yml for h1\n`);
    expect(ref).toContain("=> (item={'k': 1})\n");
    expect(ref).toContain('TASK [include_role : r1] ***');
    const ours = await runCli(['run', 'included.yml', '-i', 'hosts.ini'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(ref);
  }, 180_000);

  it.runIf(hasAnsible)('lists include_role as one task, by its name or action, as --list-tasks does', async () => {
    const ref = ansible('--list-tasks');
    expect(ref).toMatch(/^ {6}include_role\tTAGS: \[\]$/m);
    const ours = await runCli(['run', 'included.yml', '-i', 'hosts.ini', '--list-tasks'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(ref);
  }, 120_000);

  it.runIf(hasAnsible)("select the include by its own tags, not the tasks it includes", async () => {
    const ref = ansible('--tags', 't', 'tagged.yml');
    expect(ref).toContain('TASK [include_role : r1]');
    expect(ref).not.toContain('r1 : debug');
    const ours = await runCli(['run', 'tagged.yml', '-i', 'hosts.ini', '--tags', 't'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(ref);
  }, 120_000);

  it.runIf(hasAnsible)("title an include_tasks inside a role `role : name`, and list a role's unnamed tasks by their action", async () => {
    // The controller fixture's role includes its own tasks/main.yml (an unnamed set_fact, a named include_tasks).
    const controller = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));
    const env = { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'default', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' };
    const oracle = (...extra: string[]) => execFileSync(ANSIBLE_PLAYBOOK, ['-i', 'localhost,', '-c', 'local', ...extra, 'recursive-include.yml'], { cwd: controller, env, encoding: 'utf8' });
    const ref = oracle();
    expect(ref).toContain('TASK [countdown : again] ***');
    const ours = await runCli(['run', 'recursive-include.yml', '-i', 'localhost,'], { cwd: controller });
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(ref);
    const refList = oracle('--list-tasks');
    expect(refList).toMatch(/^ {6}set_fact\tTAGS/m);
    const ourList = await runCli(['run', 'recursive-include.yml', '-i', 'localhost,', '--list-tasks'], { cwd: controller });
    expect(ourList.stdout).toBe(refList);
  }, 180_000);
});
