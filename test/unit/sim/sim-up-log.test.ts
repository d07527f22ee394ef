/**
 * `winbook sim up` starts every host from fresh state, so it must start a fresh rehearsal log too: the log in the
 * state dir and the saved host state always describe the same site. Checked on both sites `sim up` starts
 * (startSimSite, startQlikSite), reusing one state dir.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RehearsalEntry } from '../../../src/sim/host/rehearsal-log.ts';
import { stopService } from '../../../src/sim/host/services.ts';
import { startQlikSite } from '../../../src/sim/site-qlik.ts';
import { startSimSite } from '../../../src/sim/site.ts';
import { loopbackBlock } from '../../helpers/addresses.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'winbook-sim-up-'));
});

function fileEntries(dir: string): RehearsalEntry[] {
  const text = readFileSync(join(dir, 'rehearsal.jsonl'), 'utf8');
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as RehearsalEntry);
}

describe('sim up: fresh state, fresh rehearsal log', () => {
  it('a second site in the same state dir starts with an empty log and only its own hosts\' state', async () => {
    const dir = join(root, 'generic');
    const first = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(171), stateDir: dir, adminPassword: 'Lab-Passw0rd!' });
    const h1 = first.hosts[0]?.host;
    if (!h1) throw new Error('no host');
    stopService(h1.state, 'Spooler', { account: 'WIN01\\Administrator', log: first.log }, { force: true });
    await first.close();
    expect(fileEntries(dir).map((e) => `${e.host} ${e.what} ${e.target}`)).toEqual(['WIN01 service.stop Spooler']);
    expect(JSON.parse(readFileSync(join(dir, 'hosts', 'win01.json'), 'utf8')).services.find((s: { name: string }) => s.name === 'Spooler').state).toBe('stopped');

    const second = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(171), stateDir: dir, adminPassword: 'Lab-Passw0rd!' });
    try {
      // The new site's Spooler runs again (fresh state), and the log no longer claims it was stopped.
      expect(second.hosts[0]?.host.state.services.find((s) => s.name === 'Spooler')?.state).toBe('running');
      expect(readFileSync(join(dir, 'rehearsal.jsonl'), 'utf8')).toBe('');
      expect(readdirSync(join(dir, 'hosts'))).toEqual(['win01.json']);
      const h = second.hosts[0]?.host;
      if (h) stopService(h.state, 'Dnscache', { account: 'WIN01\\Administrator', log: second.log }, { force: true });
    } finally {
      await second.close();
    }
    expect(fileEntries(dir).map((e) => `${e.host} ${e.what} ${e.target}`)).toEqual(['WIN01 service.stop Dnscache']);
    expect(fileEntries(dir)).toEqual(second.log.entries());
  });

  it('the Qlik site (sim up --site qlik) does the same', async () => {
    const dir = join(root, 'qlik');
    mkdirSync(dir, { recursive: true });
    const stale = { time: '2026-01-01T00:00:00.000Z', host: 'QLIK01', account: 'QLIK01\\Administrator', what: 'service.set_account', target: 'QlikSenseServiceDispatcher' };
    await writeFile(join(dir, 'rehearsal.jsonl'), JSON.stringify(stale) + '\n');
    const site = await startQlikSite({ baseAddress: loopbackBlock(172), stateDir: dir, rims: 0, newRims: 0 });
    try {
      expect(existsSync(join(dir, 'rehearsal.jsonl'))).toBe(true);
      expect(fileEntries(dir)).toEqual(site.log.entries());
      expect(fileEntries(dir).some((e) => e.time === stale.time)).toBe(false);
    } finally {
      await site.close();
    }
    expect(fileEntries(dir)).toEqual(site.log.entries());
  });
});
