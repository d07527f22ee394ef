import { describe, expect, it } from 'vitest';
import { findService, setServiceAccount, startService, stopService } from '../../../../src/sim/host/services.ts';
import { WindowsError } from '../../../../src/sim/host/windows-error.ts';
import { ADMIN, qlikFixture } from './fixture.ts';

function startError(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WindowsError) return e.code;
    throw e;
  }
  return undefined;
}

describe('the Qlik start rules', () => {
  it('S2: QRS does not start while the Service Dispatcher is stopped (1067), and says so in the rehearsal log', () => {
    const f = qlikFixture();
    stopService(f.rim, 'QlikSenseRepositoryService', ADMIN);
    stopService(f.rim, 'QlikSenseServiceDispatcher', ADMIN);
    expect(startError(() => startService(f.rim, 'QlikSenseRepositoryService', { ...ADMIN, log: f.log }))).toBe(1067);
    expect(f.log.entries().find((e) => e.what === 'qlik.start_refused')?.detail?.rule).toBe('S2');
    startService(f.rim, 'QlikSenseServiceDispatcher', ADMIN);
    startService(f.rim, 'QlikSenseRepositoryService', ADMIN);
    expect(findService(f.rim, 'QlikSenseRepositoryService')?.state).toBe('running');
  });

  it('S1: a rim QRS does not start while the central Repository Database is stopped', () => {
    const f = qlikFixture();
    stopService(f.central, 'QlikSenseRepositoryDatabase', ADMIN);
    stopService(f.rim, 'QlikSenseRepositoryService', ADMIN);
    expect(startError(() => startService(f.rim, 'QlikSenseRepositoryService', { ...ADMIN, log: f.log }))).toBe(1067);
    expect(f.log.entries().map((e) => e.detail?.rule)).toContain('S1');
  });

  it('S18: stopping the Repository Database under a running QRS degrades it', () => {
    const f = qlikFixture();
    stopService(f.central, 'QlikSenseRepositoryDatabase', { ...ADMIN, log: f.log });
    expect(f.log.entries().filter((e) => e.what === 'qlik.qrs_degraded').map((e) => e.host)).toEqual(['QLIK01', 'QLIK02']);
  });

  it('S5 and S6: a wrong password and a missing logon right both fail with 1069', () => {
    const f = qlikFixture();
    stopService(f.rim, 'QlikSensePrintingService', ADMIN);
    setServiceAccount(f.rim, 'QlikSensePrintingService', '.\\qlikadmin', 'wrong', ADMIN);
    expect(startError(() => startService(f.rim, 'QlikSensePrintingService', ADMIN))).toBe(1069);
    setServiceAccount(f.rim, 'QlikSensePrintingService', '.\\qliksvc', 'Svc-Pass-1!', ADMIN);
    expect(startError(() => startService(f.rim, 'QlikSensePrintingService', ADMIN))).toBe(1069);
  });

  it('S7/S9: a non-admin account needs "Qlik Sense Service Users" and Full control on the data folder; an admin needs neither', () => {
    const f = qlikFixture();
    f.rim.rights.SeServiceLogonRight?.push('QLIK02\\qliksvc');
    stopService(f.rim, 'QlikSensePrintingService', ADMIN);
    setServiceAccount(f.rim, 'QlikSensePrintingService', '.\\qliksvc', 'Svc-Pass-1!', ADMIN);
    expect(startError(() => startService(f.rim, 'QlikSensePrintingService', { ...ADMIN, log: f.log }))).toBe(1067);
    expect(String(f.log.entries().at(-1)?.detail?.reason)).toContain('not a member of "Qlik Sense Service Users"');
    f.rim.groups['Qlik Sense Service Users']?.push('QLIK02\\qliksvc');
    expect(startError(() => startService(f.rim, 'QlikSensePrintingService', { ...ADMIN, log: f.log }))).toBe(1067);
    expect(String(f.log.entries().at(-1)?.detail?.reason)).toContain('no Full control on C:\\ProgramData\\Qlik\\Sense');
    f.rim.groups.Administrators?.push('QLIK02\\qliksvc');
    expect(startError(() => startService(f.rim, 'QlikSensePrintingService', ADMIN))).toBeUndefined();
  });

  it('S10: a non-admin QRS whose bootstrap never ran does not start', () => {
    const f = qlikFixture();
    f.rim.rights.SeServiceLogonRight?.push('QLIK02\\qliksvc');
    f.rim.groups['Qlik Sense Service Users']?.push('QLIK02\\qliksvc');
    f.rim.fs!.nodes['c:\\programdata\\qlik\\sense']!.acl.aces.push({ identity: 'QLIK02\\qliksvc', rights: 2032127, type: 'allow', inherit: ['ContainerInherit', 'ObjectInherit'], propagation: 'None', inherited: false });
    stopService(f.rim, 'QlikSenseRepositoryService', ADMIN);
    setServiceAccount(f.rim, 'QlikSenseRepositoryService', '.\\qliksvc', 'Svc-Pass-1!', ADMIN);
    expect(startError(() => startService(f.rim, 'QlikSenseRepositoryService', { ...ADMIN, log: f.log }))).toBe(1067);
    expect(f.log.entries().at(-1)?.detail?.rule).toBe('S10');
  });

  it('S21: a duplicate root certificate stops QRS at start', () => {
    const f = qlikFixture();
    f.site.get('qlik01')!.node.duplicateRoot = true;
    stopService(f.central, 'QlikSenseRepositoryService', ADMIN);
    expect(startError(() => startService(f.central, 'QlikSenseRepositoryService', ADMIN))).toBe(1067);
  });

  it('leaves services that are not Qlik alone', () => {
    const f = qlikFixture();
    stopService(f.rim, 'QlikSenseServiceDispatcher', ADMIN);
    stopService(f.rim, 'Spooler', ADMIN);
    expect(startService(f.rim, 'Spooler', ADMIN)).toBe(true);
  });
});
