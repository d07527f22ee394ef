import { describe, expect, it } from 'vitest';
import { setServiceAccount, startService, stopService } from '../../../../src/sim/host/services.ts';
import { WAITING_LINE, parseBootstrapLine, runBootstrap } from '../../../../src/sim/qlik/bootstrap.ts';
import { pushCertificates, unlockCertificates } from '../../../../src/sim/qlik/unlock.ts';
import { ADMIN, qlikFixture } from './fixture.ts';

const call = (exe: string, ...args: string[]) => ({ exe, args: ['-bootstrap', ...args], caller: 'Administrator' });

describe('bootstrap mode', () => {
  it('the central Repository bootstrap needs -iscentral, a rim refuses it (S13)', () => {
    const f = qlikFixture();
    const c = f.site.get('qlik01')!.node;
    stopService(f.central, 'QlikSenseRepositoryService', ADMIN);
    expect(runBootstrap(f.site, c, f.central, call('Repository.exe')).rc).toBe(1);
    expect(runBootstrap(f.site, c, f.central, call('Repository.exe', '-iscentral')).rc).toBe(0);
    const r = f.site.get('qlik02')!.node;
    stopService(f.rim, 'QlikSenseRepositoryService', ADMIN);
    const bad = runBootstrap(f.site, r, f.rim, call('Repository.exe', '-iscentral'));
    expect([bad.rc, bad.lines[0]]).toEqual([1, '-iscentral given on a rim node: this node is not the central node.']);
  });

  it('refuses a running target service, a stopped Service Dispatcher and a non-admin caller (S11)', () => {
    const f = qlikFixture();
    const n = f.site.get('qlik02')!.node;
    expect(runBootstrap(f.site, n, f.rim, call('Proxy.exe')).lines[0]).toContain('is running; stop it');
    stopService(f.rim, 'QlikSenseProxyService', ADMIN);
    stopService(f.rim, 'QlikSenseServiceDispatcher', ADMIN);
    expect(runBootstrap(f.site, n, f.rim, call('Proxy.exe')).lines[0]).toBe('The Qlik Sense Service Dispatcher must be running before bootstrap.');
    startService(f.rim, 'QlikSenseServiceDispatcher', ADMIN);
    expect(runBootstrap(f.site, n, f.rim, { ...call('Proxy.exe'), caller: 'qliksvc' }).lines[0]).toContain('elevated administrator');
    expect(runBootstrap(f.site, n, f.rim, call('Proxy.exe')).rc).toBe(0);
    expect(n.bootstrapped.QlikSenseProxyService).toBe(true);
  });

  it('S20: a down-level user name over 20 characters is refused', () => {
    const f = qlikFixture();
    const n = f.site.get('qlik02')!.node;
    f.rim.users.push({ name: 'a-very-long-service-account', password: 'x', enabled: true });
    stopService(f.rim, 'QlikSenseSchedulerService', ADMIN);
    setServiceAccount(f.rim, 'QlikSenseSchedulerService', '.\\a-very-long-service-account', 'x', ADMIN);
    expect(runBootstrap(f.site, n, f.rim, call('Scheduler.exe')).lines[0]).toContain('use the UPN form');
  });

  it('a fresh rim waits for certificates until the central node pushes them and the password unlocks them (S12, S14)', () => {
    const f = qlikFixture();
    const n = f.site.get('qlik03')!.node;
    startService(f.fresh, 'QlikSenseServiceDispatcher', ADMIN);
    const run = runBootstrap(f.site, n, f.fresh, call('Repository.exe'));
    expect(run.rc).toBeUndefined();
    expect(run.lines).toContain(WAITING_LINE);
    expect(unlockCertificates(f.site, n, 'guess', 'Administrator').status).toBe('wrong_password');
    expect(pushCertificates(f.site, n, 'one-time', 'sa_api').ok).toBe(true);
    expect(unlockCertificates(f.site, n, 'guess', 'Administrator').status).toBe('wrong_password');
    expect(n.pending?.exitCode).toBeUndefined();
    expect(unlockCertificates(f.site, n, 'one-time', 'Administrator').status).toBe('unlocked');
    expect(n.pending?.exitCode).toBe(0);
    expect(n.certs).toBe('installed');
    expect(unlockCertificates(f.site, n, 'one-time', 'Administrator').status).toBe('refused');
  });

  it('the central node cannot push certificates to a rim whose port 4444 is blocked (I1)', () => {
    const f = qlikFixture();
    const n = f.site.get('qlik03')!.node;
    n.port4444Blocked = true;
    expect(pushCertificates(f.site, n, 'pw', 'sa_api')).toEqual({ ok: false, status: 400, message: 'Could not connect to QLIK03:4444 to distribute certificates' });
  });

  it('recognises the bootstrap executables in a command line, quoted or not', () => {
    expect(parseBootstrapLine('"C:\\Program Files\\Qlik\\Sense\\Repository\\Repository.exe" -bootstrap -iscentral')).toEqual({ exe: 'Repository.exe', args: ['-bootstrap', '-iscentral'] });
    expect(parseBootstrapLine('proxy.exe -bootstrap')).toEqual({ exe: 'Proxy.exe', args: ['-bootstrap'] });
    expect(parseBootstrapLine('Engine.exe -bootstrap')).toBeUndefined();
  });
});
