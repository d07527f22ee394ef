/**
 * Interop (issue 14, roles' files): lookup('file') and lookup('template') read a vault-encrypted file as
 * ansible-playbook 2.14's DataLoader does — decrypted with the run's vault password, and without one failing with
 * Ansible's text. Both run test/fixtures/ansible-playbooks/controller/vault-lookup/pb.yml with and without the
 * password; every task's msg (the failure's, where it fails) and the recap must be the same. win_copy's src is read
 * the same way: without a password, 1.14's action plugin fails on the controller before connecting (copy.yml), and
 * so does winbook's controller half.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/registry.ts';
import { ansibleRun, hasAnsible, winbookRun } from '../helpers/ansible-oracle.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/vault-lookup/', import.meta.url));

describe.runIf(hasAnsible)('lookups of vault-encrypted files agree with ansible-playbook', () => {
  it('decrypts them with the vault password', async () => {
    const theirs = ansibleRun(dir, 'pb.yml', 'vault-pass');
    expect(theirs.msgs).toContain('the vaulted file');
    expect(theirs.msgs).toContain('Hello winbook from a vaulted template\n');
    const ours = await winbookRun(dir, 'pb.yml', 'vault-pass');
    expect(ours.msgs).toEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
  }, 60_000);

  it("fails each vaulted one with Ansible's text without a password", async () => {
    const theirs = ansibleRun(dir, 'pb.yml');
    expect(theirs.stats.ignored).toBe(3);
    expect(String(theirs.msgs[1])).toMatch(/no vault secrets found/);
    const ours = await winbookRun(dir, 'pb.yml');
    // winbook's failure names the task's position first and a hint after it; Ansible's text is the middle.
    const bare = (m: unknown) => (typeof m === 'string' ? m.replace(/^\S+:\d+:\d+: /, '').replace(/\n\s*hint: [^]*$/, '') : m);
    expect(String(ours.msgs[1])).toMatch(/^\S+pb\.yml:11:7: An unhandled exception/);
    expect(ours.msgs.map(bare)).toEqual(theirs.msgs);
    expect(ours.stats).toEqual(theirs.stats);
  }, 60_000);

  it("fails win_copy of a vaulted src without a password with the action plugin's text", async () => {
    const theirs = ansibleRun(dir, 'copy.yml').msgs[0];
    expect(theirs).toBe(`A vault password or secret must be specified to decrypt ${dir}files/secret.txt`);
    const def = findModule('win_copy')!;
    const prepared = await def.prepare!(def.schema.parse({ src: 'secret.txt', dest: 'C:\\app\\secret.txt' }), { host: 'localhost', check: false, diff: false, vars: { playbook_dir: dir.replace(/\/$/, '') } });
    expect(prepared).toEqual({ result: { failed: true, changed: false, msg: theirs } });
  }, 60_000);
});
