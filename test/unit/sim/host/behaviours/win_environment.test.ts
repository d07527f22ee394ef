import { describe, expect, it } from 'vitest';
import { winEnvironmentSchema } from '../../../../../src/modules/win_environment/index.ts';
import { winEnvironment } from '../../../../../src/sim/host/behaviours/win_environment.ts';
import { RehearsalLog } from '../../../../../src/sim/host/rehearsal-log.ts';
import { getValue, openKey, regPath } from '../../../../../src/sim/host/registry-hive.ts';
import { type HostState, defaultHostState } from '../../../../../src/sim/host/state.ts';

const run = (state: HostState, args: Record<string, unknown>, account = 'Administrator') =>
  winEnvironment(state, winEnvironmentSchema.parse(args) as Record<string, unknown>, { check: false, diff: true, account, log: new RehearsalLog() });

describe('win_environment on the simulated host', () => {
  it('writes a value with %VAR% as REG_EXPAND_SZ and a plain one as REG_SZ', () => {
    const s = defaultHostState('win01');
    run(s, { level: 'machine', variables: { QLIK_HOME: '%ProgramFiles%\\Qlik', QLIK_ENV: 'prod' } });
    const key = openKey(s, regPath(s, 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment', 'Administrator')!, 'Administrator')!;
    expect(getValue(key, 'QLIK_HOME')?.type).toBe('expandstring');
    expect(getValue(key, 'QLIK_ENV')?.type).toBe('string');
  });

  it('warns when state absent comes with a value, and removes the variable', () => {
    const s = defaultHostState('win01');
    run(s, { name: 'X', value: '1', level: 'user' });
    expect(run(s, { name: 'X', value: '1', state: 'absent', level: 'user' })).toMatchObject({
      changed: true, before_value: '1', value: null, warnings: ["When removing environment variable 'X' it should not have a value '1' set"],
    });
  });

  it('refuses the machine level to an account outside Administrators', () => {
    const s = defaultHostState('win01');
    s.users.push({ name: 'svc', password: 'x', enabled: true, rid: 1001 });
    expect(() => run(s, { name: 'X', value: '1', level: 'machine' }, 'svc')).toThrow('Requested registry access is not allowed.');
    expect(run(s, { name: 'X', value: '1', level: 'user' }, 'svc')).toMatchObject({ changed: true });
  });

  it('rejects name together with variables, as the module\'s mutually_exclusive does', () => {
    expect(() => winEnvironmentSchema.parse({ name: 'A', variables: { B: 'c' }, level: 'machine' })).toThrow('mutually exclusive');
  });
});
