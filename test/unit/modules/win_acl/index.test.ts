import { describe, expect, it } from 'vitest';
import { coerceModuleArgs } from '../../../../src/modules/arg-coerce.ts';
import { winAcl } from '../../../../src/modules/win_acl/index.ts';
import { winAclInheritance } from '../../../../src/modules/win_acl_inheritance/index.ts';

describe('win_acl', () => {
  it('accepts FileSystemRights names as a comma list, case-insensitively', () => {
    expect(winAcl.schema.parse({ path: 'C:\\x', user: 'Users', rights: 'modify, Synchronize' })).toMatchObject({ type: 'allow', state: 'present', propagation: 'None' });
  });
  it('takes rights and inherit as text, as ansible.windows 1.14 reads them (Get-AnsibleParam -type str): a list is refused', () => {
    expect(() => coerceModuleArgs(winAcl, { path: 'C:\\x', user: 'Users', rights: ['Read', 'Write'] })).toThrow(/^argument for rights is of type System.Object\[\] and we were unable to convert to str/);
    expect(() => coerceModuleArgs(winAcl, { path: 'C:\\x', user: 'Users', rights: 'Read', inherit: ['ContainerInherit'] })).toThrow(/argument for inherit/);
  });
  it('rejects unknown rights and inheritance flags before any host is touched', () => {
    const bad = winAcl.schema.safeParse({ path: 'C:\\x', user: 'Users', rights: 'Modifyy' });
    expect(bad.error?.issues[0]?.message).toContain('FileSystemRights');
    expect(winAcl.schema.safeParse({ path: 'C:\\x', user: 'Users', rights: 'Read', inherit: 'Sideways' }).success).toBe(false);
    expect(winAcl.schema.safeParse({ path: 'C:\\x', user: 'Users', rights: 'Read', propagation: 'Down' }).success).toBe(false);
  });
  it('has no check mode (1.14 reads its options with legacy Parse-Args), supports diff, and its script never reports a covered right as a change', () => {
    expect(winAcl).toMatchObject({ supportsCheck: false, argsReader: 'legacy', supportsDiff: true, aliases: ['ansible.windows.win_acl'] });
    // The façade's Add-WbAccessRule reports whether the DACL would differ (AddAccessRule merges into a rule with the
    // same flags), so the script compares no rights masks itself; nothing Windows-specific is left in its body.
    expect(winAcl.script).toContain('Add-WbAccessRule @rule');
    expect(winAcl.script).not.toMatch(/Get-Acl|Set-Acl|NTAccount|Get-Item\b/);
  });
});

describe('win_acl_inheritance', () => {
  it('defaults to disabling inheritance without copying inherited rules, as Ansible does', () => {
    expect(winAclInheritance.schema.parse({ path: 'C:\\x' })).toEqual({ path: 'C:\\x', state: 'absent', reorganize: false });
  });
});
