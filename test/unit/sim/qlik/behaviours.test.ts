import { describe, expect, it } from 'vitest';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { ModuleFailure } from '../../../../src/sim/host/behaviours/types.ts';
import { qlikServiceAccountBehaviour } from '../../../../src/sim/qlik/behaviours/qlik_service_account.ts';
import { qlikFixture } from './fixture.ts';

const ctx = (log = new RehearsalLog()) => ({ check: false, diff: false, account: 'Administrator', log });

function failure(fn: () => unknown): ModuleFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof ModuleFailure) return e;
    throw e;
  }
  throw new Error('expected a module failure');
}

describe('qlik_service_account on a simulated node', () => {
  it('tests the credentials before touching any service', () => {
    const f = qlikFixture();
    const log = new RehearsalLog();
    const e = failure(() => qlikServiceAccountBehaviour(f.rim, { username: '.\\qliksvc', password: 'wrong', grant_logon_right: true, test_credentials: true, start: true }, ctx(log)));
    expect(e.message).toContain('The user name or password is incorrect. (1326)');
    expect(log.entries().filter((x) => x.what.startsWith('service.'))).toEqual([]);
  });

  it('explains a 1069 from a missing logon right and restores the previous account with its password', () => {
    const f = qlikFixture();
    const g = failure(() => qlikServiceAccountBehaviour(f.rim, { username: '.\\qliksvc', password: 'Svc-Pass-1!', grant_logon_right: false, test_credentials: false, previous_password: 'Admin-Pass-1!', start: true }, ctx()));
    expect(g.message).toContain('1069: The service did not start due to a logon failure. Cause: .\\qliksvc does not hold "Log on as a service"');
    expect(g.extra.rolled_back).toHaveLength(6);
    expect(f.rim.services.filter((s) => s.name.startsWith('QlikSense') && s.name !== 'QlikSenseRepositoryDatabase').map((s) => `${s.account} ${s.state}`)).toEqual(Array(6).fill('.\\qlikadmin running'));
  });

  it('is a no-op when every service already runs as the account with that password', () => {
    const f = qlikFixture();
    expect(qlikServiceAccountBehaviour(f.rim, { username: '.\\qlikadmin', password: 'Admin-Pass-1!', grant_logon_right: true, test_credentials: true, start: true, groups: [] }, ctx()).changed).toBe(false);
  });
});
