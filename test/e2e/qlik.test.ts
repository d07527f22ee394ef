/**
 * End to end: the shipped Qlik playbooks run by the CLI (a subprocess) against fresh simulated Qlik sites, and the
 * rehearsal log says whether the documented order held: QSD before every QRS start and every bootstrap, the
 * Repository Database never stopped, -iscentral only on the central node. Then the site's state: every Qlik
 * service on the new account, the monitoring data connections on the new password, and a second run with 0
 * changed. Mis-ordered playbooks fail with the Windows error a real site gives.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QlikSite, MONITOR_CONNECTIONS, QLIK_ADMIN_PASSWORD, startQlikSite } from '../../src/sim/site-qlik.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';
import { isCentralViolations, qrdStops, qsdFirstViolations } from '../helpers/qlik-rehearsal.ts';

const PB = 'playbooks/qlik-sense';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'winbook-qlik-e2e-'));
});

function recap(stdout: string, host: string): string {
  const line = stdout.split('\n').filter((l) => l.startsWith(host + ' ') && l.includes('ok=')).pop();
  if (!line) throw new Error(`no recap line for ${host} in:\n${stdout}`);
  return line.replace(/\s+/g, ' ').trim();
}

async function inventoryOf(site: QlikSite, name: string): Promise<string> {
  const file = join(dir, `${name}.yml`);
  await writeFile(file, site.inventory());
  return file;
}

function qsdAtStart(site: QlikSite): Record<string, boolean> {
  return Object.fromEntries(site.model.nodes().map((n) => [n.state.hostname, n.state.services.find((s) => s.name === 'QlikSenseServiceDispatcher')?.state === 'running']));
}

function accounts(site: QlikSite, host: string): string[] {
  const n = site.model.get(host);
  return (n?.state.services ?? []).filter((s) => s.name.startsWith('QlikSense') && s.name !== 'QlikSenseRepositoryDatabase').map((s) => `${s.name}=${s.account}:${s.state}`);
}

function checkOrder(site: QlikSite, qsd: Record<string, boolean>): void {
  const entries = site.log.entries();
  expect(qsdFirstViolations(entries, qsd)).toEqual([]);
  expect(qrdStops(entries)).toEqual([]);
  expect(isCentralViolations(entries, site.groups.central[0] as string)).toEqual([]);
}

describe('change-service-account.yml on a fresh Qlik site', () => {
  let site: QlikSite;
  beforeAll(async () => {
    site = await startQlikSite({ baseAddress: loopbackBlock(160) });
  });
  afterAll(async () => site?.close());

  it('moves every node to the non-admin account in the documented order, then reruns with 0 changed', async () => {
    const inv = await inventoryOf(site, 'change');
    const qsd = qsdAtStart(site);
    const first = await runCli(['run', `${PB}/change-service-account.yml`, '-i', inv]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    checkOrder(site, qsd);
    expect(site.log.entries().filter((e) => e.what === 'qlik.bootstrap' && String(e.detail?.args).includes('-iscentral')).map((e) => e.host)).toEqual(['QLIK01']);
    for (const h of ['qlik01', 'qlik02', 'qlik03']) {
      for (const a of accounts(site, h)) expect(a).toMatch(/=\.\\qliksvc:running$/);
      expect(site.model.get(h)?.state.services.find((s) => s.name === 'QlikSenseRepositoryDatabase' || s.name === 'QlikSenseServiceDispatcher')?.state).toBe('running');
    }
    expect(site.model.get('qlik01')?.state.services.find((s) => s.name === 'QlikSenseRepositoryDatabase')?.account).toBe('LocalSystem');
    for (const c of site.model.qrs.connections.filter((x) => x.name.startsWith('monitor_apps_REST_'))) expect([c.username, c.password]).toEqual(['.\\qliksvc', 'Qlik-Svc-2026!']);
    // Central node first: its last service start comes before any rim's first change.
    const entries = site.log.entries();
    const lastCentral = entries.map((e) => e.host).lastIndexOf('QLIK01', entries.findIndex((e) => e.host !== 'QLIK01'));
    expect(entries.slice(0, lastCentral + 1).every((e) => e.host === 'QLIK01')).toBe(true);
    expect(first.stdout).not.toContain('Qlik-Svc-2026!');

    const second = await runCli(['run', `${PB}/change-service-account.yml`, '-i', inv]);
    expect(second.code, second.stdout).toBe(0);
    for (const h of ['qlik01', 'qlik02', 'qlik03']) expect(recap(second.stdout, h)).toMatch(/ changed=0 .* failed=0 /);
    // Two whole runs of the procedure over three nodes, every module's PowerShell in pwsh: 55-58 s when run alone
    // on this 2-core machine at load 20-30, so the suite's 60 s default is too close. A limit, not a timing.
  }, 180_000);
});

describe('rotate-service-password.yml on a fresh Qlik site', () => {
  let site: QlikSite;
  beforeAll(async () => {
    site = await startQlikSite({ baseAddress: loopbackBlock(161) });
  });
  afterAll(async () => site?.close());

  it('puts the new password on every service and every monitoring connection, then reruns with 0 changed', async () => {
    const inv = await inventoryOf(site, 'rotate');
    const qsd = qsdAtStart(site);
    const args = ['run', `${PB}/rotate-service-password.yml`, '-i', inv, '-e', 'qlik_service_account=.\\qlikadmin', '-e', 'qlik_service_password=Qlik-Rotated-2027!', '-e', `qlik_previous_service_password=${QLIK_ADMIN_PASSWORD}`];
    const first = await runCli(args);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    checkOrder(site, qsd);
    for (const h of ['qlik01', 'qlik02', 'qlik03']) {
      const n = site.model.get(h);
      for (const s of n?.state.services.filter((x) => x.name.startsWith('QlikSense') && x.name !== 'QlikSenseRepositoryDatabase') ?? []) expect([s.name, s.password, s.state]).toEqual([s.name, 'Qlik-Rotated-2027!', 'running']);
      expect(n?.state.users.find((u) => u.name === 'qlikadmin')?.password).toBe('Qlik-Rotated-2027!');
    }
    const monitors = site.model.qrs.connections.filter((c) => c.name.startsWith('monitor_apps_REST_'));
    expect(monitors.map((c) => c.name)).toEqual(MONITOR_CONNECTIONS);
    for (const c of monitors) expect(c.password).toBe('Qlik-Rotated-2027!');
    expect(site.model.qrs.connections.find((c) => c.name === 'ServerLogFolder')?.password).toBe('');
    expect(first.stdout + first.stderr).not.toContain('Qlik-Rotated-2027!');

    const second = await runCli(args);
    expect(second.code, second.stdout).toBe(0);
    for (const h of ['qlik01', 'qlik02', 'qlik03']) expect(recap(second.stdout, h)).toMatch(/ changed=0 .* failed=0 /);
  });
});

describe('add-rim-node.yml on a fresh Qlik site', () => {
  let site: QlikSite;
  beforeAll(async () => {
    site = await startQlikSite({ baseAddress: loopbackBlock(162) });
  });
  afterAll(async () => site?.close());

  it('bootstraps the new rim while the central node registers it, then reruns with 0 changed', async () => {
    const inv = await inventoryOf(site, 'add');
    const qsd = qsdAtStart(site);
    const first = await runCli(['run', `${PB}/add-rim-node.yml`, '-i', inv]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    checkOrder(site, qsd);
    const what = site.log.entries().map((e) => `${e.host} ${e.what} ${e.target}`);
    const at = (s: string) => what.indexOf(s);
    expect(at('QLIK04 qlik.bootstrap_waiting Repository.exe')).toBeLessThan(at('QLIK01 qrs.node.create qlik04'));
    expect(at('QLIK01 qrs.node.create qlik04')).toBeLessThan(at('QLIK04 qlik.certificates_installed port 4570'));
    expect(at('QLIK04 qlik.bootstrap_done Repository.exe')).toBeLessThan(at('QLIK04 service.start QlikSenseRepositoryService'));
    expect(site.model.get('qlik04')?.node.certs).toBe('installed');
    for (const a of accounts(site, 'qlik04')) expect(a).toMatch(/=\.\\qliksvc:running$/);

    const second = await runCli(['run', `${PB}/add-rim-node.yml`, '-i', inv]);
    expect(second.code, second.stdout).toBe(0);
    expect(recap(second.stdout, 'qlik04')).toMatch(/ changed=0 .* failed=0 /);
  });
});

describe('mis-ordered playbooks fail in rehearsal with the error a real site gives', () => {
  let site: QlikSite;
  let inv: string;
  beforeAll(async () => {
    site = await startQlikSite({ baseAddress: loopbackBlock(163), rims: 3, newRims: 0 });
    inv = await inventoryOf(site, 'misordered');
  });
  afterAll(async () => site?.close());

  async function play(name: string, host: string, tasks: string): Promise<{ code: number; stdout: string }> {
    const file = join(dir, `${name}.yml`);
    await writeFile(file, `- hosts: ${host}\n  tasks:\n${tasks}`);
    return runCli(['run', file, '-i', inv]);
  }

  it('QRS before QSD: net start fails with system error 1067', async () => {
    const r = await play('qrs-first', 'qlik02', [
      '    - raw: net stop QlikSenseRepositoryService; net stop QlikSenseServiceDispatcher',
      '    - raw: net start QlikSenseRepositoryService',
      '',
    ].join('\n'));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('System error 1067 has occurred.');
    expect(r.stdout).toContain('The process terminated unexpectedly.');
    expect(site.log.entries('qlik02').find((e) => e.what === 'qlik.start_refused')?.detail?.rule).toBe('S2');
  });

  it('a non-admin account outside "Qlik Sense Service Users": the start fails (1067) and the node is rolled back', async () => {
    const r = await play('missing-group', 'qlik03', [
      '    - qlik_services: { state: stopped }',
      '    - qlik_services: { state: started, services: [QlikSenseServiceDispatcher] }',
      '    - qlik_bootstrap: { service: proxy }',
      '    - qlik_bootstrap: { service: scheduler }',
      '    - qlik_bootstrap: { service: repository }',
      `    - qlik_service_account: { username: .\\qliksvc, password: Qlik-Svc-2026!, groups: [], previous_password: ${QLIK_ADMIN_PASSWORD} }`,
      '',
    ].join('\n'));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('1067: The process terminated unexpectedly.');
    // Windows reports only the service's exit (1067); why the Qlik process quit is in Qlik's own logs, which the
    // simulator keeps as the rehearsal event qlik.start_refused.
    expect(site.log.entries('qlik03').find((e) => e.what === 'qlik.start_refused')?.detail?.reason).toMatch(/^S7: .* is not an administrator and not a member of "Qlik Sense Service Users"$/);
    expect(r.stdout).toContain('Rolled back the account of 6 service(s) on QLIK03');
    for (const a of accounts(site, 'qlik03')) expect(a).toMatch(/=\.\\qlikadmin:running$/);
  });

  it('a missing "Log on as a service" right: 1069, explained, rolled back; the credential test names it first', async () => {
    const tested = await play('missing-right-tested', 'qlik04', `    - qlik_service_account: { username: .\\qliksvc, password: Qlik-Svc-2026!, grant_logon_right: false }\n`);
    expect(tested.code).toBe(2);
    expect(tested.stdout).toContain('Logon failure: the user has not been granted the requested logon type at this computer. (1385)');
    expect(site.log.entries('qlik04').some((e) => e.what.startsWith('service.'))).toBe(false);

    const r = await play('missing-right', 'qlik04', `    - qlik_service_account: { username: .\\qliksvc, password: Qlik-Svc-2026!, grant_logon_right: false, test_credentials: false, previous_password: ${QLIK_ADMIN_PASSWORD} }\n`);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('1069: The service did not start due to a logon failure.');
    expect(r.stdout).toContain('does not hold \\"Log on as a service\\" (SeServiceLogonRight) on QLIK04');
    for (const a of accounts(site, 'qlik04')) expect(a).toMatch(/=\.\\qlikadmin:running$/);
  });

  it('a wrong password: the credential test stops it before any service is touched; without the test, 1069 and rollback', async () => {
    const tested = await play('wrong-password-tested', 'qlik01', `    - qlik_service_account: { username: .\\qliksvc, password: Not-The-Password1 }\n`);
    expect(tested.code).toBe(2);
    expect(tested.stdout).toContain('The user name or password is incorrect. (1326)');
    expect(site.log.entries('qlik01').some((e) => e.what.startsWith('service.'))).toBe(false);

    const r = await play('wrong-password', 'qlik01', `    - qlik_service_account: { username: .\\qliksvc, password: Not-The-Password1, test_credentials: false, previous_password: ${QLIK_ADMIN_PASSWORD} }\n`);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("the password given for .\\\\qliksvc is not the account's password");
    for (const a of accounts(site, 'qlik01')) expect(a).toMatch(/=\.\\qlikadmin:running$/);
  });
});
