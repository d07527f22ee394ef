import { describe, expect, it } from 'vitest';
import { SimHost } from '../../../../src/sim/host/host.ts';
import { startService, stopService } from '../../../../src/sim/host/services.ts';
import { pushCertificates, unlockCertificates } from '../../../../src/sim/qlik/unlock.ts';
import { ADMIN, qlikFixture } from './fixture.ts';

const ctx = { codepage: 65001, env: {}, cwd: 'C:\\Users\\Administrator', user: 'Administrator' };

describe('the bootstrap executables as WinRS command lines', () => {
  it('a rim bootstrap prints the waiting line and blocks until the certificates are unlocked, then exits 0', async () => {
    const f = qlikFixture();
    const host = new SimHost({ name: 'qlik03', state: f.fresh, log: f.log });
    startService(f.fresh, 'QlikSenseServiceDispatcher', ADMIN);
    const p = host.start('"C:\\Program Files\\Qlik\\Sense\\Repository\\Repository.exe" -bootstrap', ctx, true);
    const first = p.drain();
    expect(first.stdout.toString()).toContain('Waiting for certificates to be installed..\r\n');
    expect(first.exited).toBe(false);
    const n = f.site.get('qlik03')!.node;
    pushCertificates(f.site, n, 'pw', 'sa_api');
    unlockCertificates(f.site, n, 'pw', 'Administrator');
    await p.waitForOutput(1000);
    const last = p.drain();
    expect([last.exited, last.rc]).toEqual([true, 0]);
    expect(last.stdout.toString()).toContain('Bootstrap mode completed.');
  });

  it('the central bootstrap without -iscentral exits 1 at once', () => {
    const f = qlikFixture();
    const host = new SimHost({ name: 'qlik01', state: f.central, log: f.log });
    stopService(f.central, 'QlikSenseRepositoryService', ADMIN);
    const d = host.start('Repository.exe -bootstrap', ctx, false).drain();
    expect(d).toMatchObject({ exited: true, rc: 1 });
    expect(d.stdout.toString()).toBe('This is the central node: run Repository.exe -bootstrap -iscentral.\r\n');
  });
});
