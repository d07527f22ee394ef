import { describe, expect, it } from 'vitest';
import { winRegeditSchema } from '../../../../../src/modules/win_regedit/index.ts';
import { winRegedit } from '../../../../../src/sim/host/behaviours/win_regedit.ts';
import { RehearsalLog } from '../../../../../src/sim/host/rehearsal-log.ts';
import { type HostState, defaultHostState } from '../../../../../src/sim/host/state.ts';

const run = (state: HostState, args: Record<string, unknown>, o: { check?: boolean; account?: string } = {}) =>
  winRegedit(state, winRegeditSchema.parse(args) as Record<string, unknown>, { check: o.check ?? false, diff: true, account: o.account ?? 'Administrator', log: new RehearsalLog() });

describe('win_regedit on the simulated registry', () => {
  it('reads the default OS identity without materialising the registry into the host state', () => {
    const s = defaultHostState('win01');
    expect(run(s, { path: 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', name: 'CurrentBuild', data: '17763' })).toMatchObject({ changed: false });
    expect(s.registry).toBeUndefined();
  });

  it('compares dword data numerically, so hex text and the number are the same value', () => {
    const s = defaultHostState('win01');
    run(s, { path: 'HKLM:\\SOFTWARE\\Qlik', name: 'Port', data: 4242, type: 'dword' });
    expect(run(s, { path: 'HKLM:\\SOFTWARE\\Qlik', name: 'port', data: '0x1092', type: 'dword' })).toMatchObject({ changed: false });
    expect(() => run(s, { path: 'HKLM:\\SOFTWARE\\Qlik', name: 'Port', data: 4294967296, type: 'dword' })).toThrow('data for type dword must be an integer between 0 and 4294967295');
  });

  it('keeps HKCU per account, and lets a non-administrator write only there', () => {
    const s = defaultHostState('win01');
    s.users.push({ name: 'svc', password: 'x', enabled: true, rid: 1001 });
    expect(run(s, { path: 'HKCU:\\Software\\Qlik', name: 'A', data: 'b' }, { account: 'svc' })).toMatchObject({ changed: true });
    expect(run(s, { path: 'HKCU:\\Software\\Qlik', name: 'A', data: 'b' })).toMatchObject({ changed: true });
    expect(() => run(s, { path: 'HKLM:\\SOFTWARE\\Qlik', name: 'A', data: 'b' }, { account: 'svc' })).toThrow('Requested registry access is not allowed.');
  });

  it('in check mode reports the change and its diff but leaves the registry alone', () => {
    const s = defaultHostState('win01');
    const r = run(s, { path: 'HKLM:\\SOFTWARE\\Qlik\\Sense', name: 'Tags', data: ['a', 'b'], type: 'multistring' }, { check: true });
    expect(r).toMatchObject({ changed: true, diff: { before: '', after: '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Qlik\\Sense]\r\n"Tags"=multistring:a,b\r\n' } });
    expect(s.registry).toBeUndefined();
  });

  it('clears only the (Default) value when delete_key is false', () => {
    const s = defaultHostState('win01');
    run(s, { path: 'HKLM:\\SOFTWARE\\X', name: '', data: 'default' });
    run(s, { path: 'HKLM:\\SOFTWARE\\X', name: 'Keep', data: 'k' });
    expect(run(s, { path: 'HKLM:\\SOFTWARE\\X', state: 'absent', delete_key: false })).toMatchObject({ changed: true });
    expect(run(s, { path: 'HKLM:\\SOFTWARE\\X', name: 'Keep', data: 'k' })).toMatchObject({ changed: false });
  });
});
