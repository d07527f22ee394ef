import { describe, expect, it } from 'vitest';
import { moduleAgent } from './module-agent.ts';

describe('win_group behaviour', () => {
  it('check mode reports the creation and touches nothing; apply creates; reapply is unchanged', () => {
    const { host, call, fingerprint } = moduleAgent('win_group');
    const args = { name: 'QlikAdmins', description: 'Qlik Sense administrators' };
    const untouched = fingerprint();
    expect(call(args, { check: true, diff: true })).toEqual({
      changed: true, name: 'QlikAdmins', diff: { before: '', after: { name: 'QlikAdmins', description: 'Qlik Sense administrators' } },
    });
    expect(fingerprint()).toBe(untouched);
    expect(call(args)).toEqual({ changed: true, name: 'QlikAdmins' });
    expect(host.state.groups.QlikAdmins).toEqual([]);
    expect(call(args)).toEqual({ changed: false, name: 'QlikAdmins' });
    expect(call({ name: 'qlikadmins', description: 'Admins' }, { diff: true })).toMatchObject({
      changed: true, diff: { before: { description: 'Qlik Sense administrators' }, after: { description: 'Admins' } },
    });
    expect(host.log.entries().map((e) => e.what)).toEqual(['group.create', 'group.set_description']);
  });

  it('removes a group, and refuses to remove a built-in one', () => {
    const { host, call } = moduleAgent('win_group');
    call({ name: 'Temp' });
    expect(call({ name: 'Temp', state: 'absent' }, { check: true })).toMatchObject({ changed: true });
    expect(host.state.groups.Temp).toBeDefined();
    expect(call({ name: 'Temp', state: 'absent' })).toMatchObject({ changed: true });
    expect(host.state.groups.Temp).toBeUndefined();
    expect(call({ name: 'Temp', state: 'absent' })).toMatchObject({ changed: false });
    expect(call({ name: 'Administrators', state: 'absent' })).toEqual({
      failed: true, msg: "Failed to remove group 'Administrators': Cannot perform this operation on built-in accounts.",
    });
  });
});
