/**
 * Unnamed tasks are titled as ansible-playbook 2.14 titles them (`TASK [debug]`, `TASK [ansible.builtin.debug]`):
 * the action as written, never the rendered arguments. Both CLIs run the same controller-only playbook and the
 * banners they print must be the same. Skipped when ansible-playbook is not installed.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { ansiblePlaybook, hasAnsible } from '../helpers/ansible-oracle.ts';
import { runCli } from '../helpers/cli.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));
const playbook = `${dir}unnamed-tasks.yml`;

const banners = (out: string): string[] => [...out.matchAll(/^TASK \[(.*)\] \*+$/gm)].map((m) => m[1] as string);

describe('unnamed task titles', () => {
  it('are the action as written', async () => {
    const pb = await loadPlaybook(playbook);
    expect(pb.plays[0]?.tasks.map((t) => t.name)).toEqual([
      'ansible.builtin.debug',
      'debug',
      'ansible.builtin.set_fact',
      'set_fact',
      'debug',
      'ansible.builtin.debug',
      'ansible.builtin.assert',
      'debug',
    ]);
  });

  it.runIf(hasAnsible)('match the TASK banners ansible-playbook prints', async () => {
    const ref = ansiblePlaybook(dir, playbook, { callback: 'default' });
    const ours = await runCli(['run', playbook, '-i', 'localhost,'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(banners(ref)).toHaveLength(8);
    expect(banners(ours.stdout)).toEqual(banners(ref));
  }, 120_000);
});
