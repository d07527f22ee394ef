/**
 * Interop: debug's `verbosity`, which ansible-core 2.14's debug action reads with Python's int() and compares with
 * the -v count: `1.0`, `'1'`, `1.5`, `true` are 1 (the task is skipped, "Verbosity threshold not met.", below -v),
 * `'1.0'`, null and a list fail the task with the int() error. ansible-playbook and winbook run the same playbook
 * at no -v, -v and -vv; the printed output (Ansible's -v header and `task path:` lines aside, which winbook does not
 * print) and the recap must be the same.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ansiblePlaybook, ansibleRun, hasAnsible, winbookRun } from '../helpers/ansible-oracle.ts';
import { runCli } from '../helpers/cli.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));
const playbook = 'debug-verbosity.yml';

/** From the first PLAY banner on, without blank lines and Ansible's `task path:` lines. */
const body = (out: string): string[] => {
  const lines = out.split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('PLAY ['))).filter((l) => l.trim() !== '' && !l.startsWith('task path: '));
};

describe.runIf(hasAnsible)("debug's verbosity agrees with ansible-playbook", () => {
  for (const v of [[], ['-v'], ['-vv']]) {
    it(`prints what ansible-playbook prints with ${v[0] ?? 'no -v'}`, async () => {
      const ref = ansiblePlaybook(dir, playbook, { callback: 'default', extra: v, allowFailure: true });
      const ours = await runCli(['run', playbook, '-i', 'localhost,', ...v], { cwd: dir });
      expect(ours.code, ours.stderr).toBe(0);
      expect(body(ref).length).toBeGreaterThan(40);
      expect(body(ref)).toContain("fatal: [localhost]: FAILED! => {\"msg\": \"Unexpected failure during module execution: invalid literal for int() with base 10: '1.0'\"}");
      expect(body(ours.stdout)).toEqual(body(ref));
    }, 120_000);
  }

  it('gives every task the msg and the recap Ansible gives (json callback)', async () => {
    const theirs = ansibleRun(dir, playbook);
    const ours = await winbookRun(dir, playbook);
    expect(theirs.stats.skipped).toBe(9);
    expect(ours.msgs).toEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
  }, 120_000);
});
