/**
 * End to end: change-service-account.yml starts every Qlik service exactly once per node per run. The first run
 * changes the account (steps 4-13) and must not restart the services again from its handlers (a second outage
 * on a real site); a run that keeps the account but finds a group missing restarts each service once, in the
 * documented order; a rerun starts nothing. Judged from the simulator's rehearsal log.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RehearsalEntry } from '../../src/sim/host/rehearsal-log.ts';
import { type QlikSite, startQlikSite } from '../../src/sim/site-qlik.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';
import { qsdFirstViolations } from '../helpers/qlik-rehearsal.ts';

const PLAYBOOK = 'playbooks/qlik-sense/change-service-account.yml';
const QSD = 'QlikSenseServiceDispatcher';
const QRS = 'QlikSenseRepositoryService';
const QRD = 'QlikSenseRepositoryDatabase';
const IN_SITE = ['QLIK01', 'QLIK02', 'QLIK03'];

let dir: string;
let site: QlikSite;
let inv: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'winbook-qlik-once-'));
  site = await startQlikSite({ baseAddress: loopbackBlock(170) });
  inv = join(dir, 'inventory.yml');
  await writeFile(inv, site.inventory());
});
afterAll(async () => site?.close());

function qlikServices(host: string): string[] {
  return (site.model.get(host)?.state.services ?? []).map((s) => s.name).filter((n) => n.startsWith('QlikSense') && n !== QRD);
}

function qsdRunning(): Record<string, boolean> {
  return Object.fromEntries(site.model.nodes().map((n) => [n.state.hostname, n.state.services.find((s) => s.name === QSD)?.state === 'running']));
}

const is = (e: RehearsalEntry, what: string, host: string, service: string) =>
  e.what === what && e.host.toLowerCase() === host.toLowerCase() && e.target.toLowerCase() === service.toLowerCase();

/** For each Qlik service of `host`: the starts logged after its last account change (or all of them without one). */
function startsAfterLastAccountChange(entries: RehearsalEntry[], host: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const svc of qlikServices(host)) {
    let last = -1;
    entries.forEach((e, i) => {
      if (is(e, 'service.set_account', host, svc)) last = i;
    });
    out[svc] = entries.slice(last + 1).filter((e) => is(e, 'service.start', host, svc)).length;
  }
  return out;
}

/** The order of the service starts on `host` in `entries`: QSD, then QRS, then the rest. */
function startOrderViolations(entries: RehearsalEntry[], host: string): string[] {
  const starts = entries.filter((e) => e.what === 'service.start' && e.host.toLowerCase() === host.toLowerCase()).map((e) => e.target);
  const qsd = starts.lastIndexOf(QSD);
  const qrs = starts.lastIndexOf(QRS);
  const out: string[] = [];
  if (qrs >= 0 && qsd > qrs) out.push(`${host}: the Service Dispatcher started after the Repository Service`);
  for (const [i, s] of starts.entries()) {
    if (s !== QSD && s !== QRS && i < qrs) out.push(`${host}: ${s} started before the Repository Service`);
  }
  return out;
}

function recap(stdout: string, host: string): string {
  const line = stdout.split('\n').filter((l) => l.startsWith(host.toLowerCase() + ' ') && l.includes('ok=')).pop();
  if (!line) throw new Error(`no recap line for ${host} in:\n${stdout}`);
  return line.replace(/\s+/g, ' ').trim();
}

describe('change-service-account.yml starts each Qlik service once per node per run', () => {
  it('first run (account change): one start per service after its last account change, QSD, QRS, then the rest', async () => {
    const qsd = qsdRunning();
    const first = await runCli(['run', PLAYBOOK, '-i', inv]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const entries = site.log.entries();
    expect(qsdFirstViolations(entries, qsd)).toEqual([]);
    for (const host of IN_SITE) {
      const services = qlikServices(host);
      expect(services.length).toBeGreaterThanOrEqual(6);
      // Every service did change account on this run…
      for (const svc of services) expect(entries.some((e) => is(e, 'service.set_account', host, svc)), `${host} ${svc} account change`).toBe(true);
      // …and started exactly once afterwards: no handler restart on top of steps 11-13.
      expect(startsAfterLastAccountChange(entries, host)).toEqual(Object.fromEntries(services.map((s) => [s, 1])));
      const lastChange = Math.max(...entries.map((e, i) => (e.what === 'service.set_account' && e.host === host ? i : -1)));
      expect(startOrderViolations(entries.slice(lastChange + 1), host)).toEqual([]);
      // The handler was notified (groups, right, ACL changed) but skipped on this node.
      expect(recap(first.stdout, host)).toMatch(/ failed=0 /);
    }
    expect(first.stdout).toContain('Restart the Qlik services in order');
  });

  it('a rerun starts, stops and reconfigures nothing', async () => {
    const before = site.log.entries().length;
    const second = await runCli(['run', PLAYBOOK, '-i', inv]);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    for (const host of IN_SITE) expect(recap(second.stdout, host)).toMatch(/ changed=0 .* failed=0 /);
    expect(site.log.entries().slice(before).filter((e) => e.what.startsWith('service.'))).toEqual([]);
  });

  it('same account, a group missing on one node: that node restarts each service once, in order; the others start nothing', async () => {
    const rim = site.model.get('qlik02');
    const perfmon = rim?.state.groups['Performance Monitor Users'];
    expect(perfmon?.some((m) => /qliksvc$/i.test(m))).toBe(true);
    if (rim && perfmon) rim.state.groups['Performance Monitor Users'] = perfmon.filter((m) => !/qliksvc$/i.test(m));
    const before = site.log.entries().length;
    const third = await runCli(['run', PLAYBOOK, '-i', inv]);
    expect(third.code, third.stdout + third.stderr).toBe(0);
    const run = site.log.entries().slice(before);
    expect(run.filter((e) => e.what === 'service.set_account')).toEqual([]);
    expect(run.some((e) => e.what === 'group.add_member' && e.host === 'QLIK02' && e.target === 'Performance Monitor Users')).toBe(true);
    const services = qlikServices('qlik02');
    expect(startsAfterLastAccountChange(run, 'qlik02')).toEqual(Object.fromEntries(services.map((s) => [s, 1])));
    expect(startOrderViolations(run, 'QLIK02')).toEqual([]);
    for (const host of ['QLIK01', 'QLIK03']) expect(run.filter((e) => e.host === host && e.what.startsWith('service.')), host).toEqual([]);
    expect(recap(third.stdout, 'QLIK02')).toMatch(/ changed=[1-9]/);
    for (const host of IN_SITE) for (const s of site.model.get(host)?.state.services.filter((x) => qlikServices(host).includes(x.name)) ?? []) expect(`${host} ${s.name} ${s.state}`).toBe(`${host} ${s.name} running`);
  });
});
