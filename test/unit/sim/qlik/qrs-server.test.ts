import { get as httpGet } from 'node:http';
import { request } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopService, startService } from '../../../../src/sim/host/services.ts';
import { type SiteCerts, makeSiteCerts } from '../../../../src/sim/qlik/certs.ts';
import { startQrsServer, startStateServer } from '../../../../src/sim/qlik/qrs-server.ts';
import { loopbackAddress } from '../../../helpers/addresses.ts';
import { ADMIN, type Fixture, qlikFixture } from './fixture.ts';

const ADDRESS = loopbackAddress(164, 1);

function get(path: string, opts: { cert?: boolean; header?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: ADDRESS, port: 4242, path, agent: false, ca: readFileSync(certs.rootPath), ...(opts.cert === false ? {} : { cert: readFileSync(certs.clientCertPath), key: readFileSync(certs.clientKeyPath) }), headers: opts.header ? { 'X-Qlik-Xrfkey': opts.header } : {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

let dir: string;
let certs: SiteCerts;
let f: Fixture;
const servers: Server[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'winbook-qrs-'));
  certs = makeSiteCerts(dir, { hostname: 'qlik01', address: ADDRESS });
  f = qlikFixture();
  servers.push(await startQrsServer(f.site, certs, ADDRESS));
  servers.push(await startStateServer(f.site, 'qlik03', ADDRESS));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

describe('the QRS on HTTPS 4242', () => {
  it('answers a client-certificate call with a matching Xrfkey', async () => {
    const r = await get('/qrs/about?xrfkey=abcdefghijklmnop', { header: 'abcdefghijklmnop' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ nodeType: 1 });
  });

  it('rejects a missing or different Xrfkey header with 403', async () => {
    expect((await get('/qrs/about?xrfkey=abcdefghijklmnop', {})).status).toBe(403);
    expect((await get('/qrs/about?xrfkey=abcdefghijklmnop', { header: 'abcdefghijklmnoX' })).status).toBe(403);
    expect((await get('/qrs/about?xrfkey=short', { header: 'short' })).body).toContain('XSRF prevention check failed');
  });

  it('refuses a TLS client without the exported client certificate (S16)', async () => {
    await expect(get('/qrs/about?xrfkey=abcdefghijklmnop', { cert: false, header: 'abcdefghijklmnop' })).rejects.toThrow();
  });

  it('drops connections while the central QRS is stopped', async () => {
    stopService(f.central, 'QlikSenseRepositoryService', ADMIN);
    try {
      await expect(get('/qrs/about?xrfkey=abcdefghijklmnop', { header: 'abcdefghijklmnop' })).rejects.toThrow();
    } finally {
      startService(f.central, 'QlikSenseRepositoryService', ADMIN);
    }
  });
});

describe('the 4444 service state', () => {
  it('is refused while QRS is stopped, 1 without certificates, 2 once registered', async () => {
    const state = () =>
      new Promise<unknown>((resolve, reject) => {
        httpGet({ host: ADDRESS, port: 4444, path: '/status/servicestate', agent: false }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve(JSON.parse(body)));
        }).on('error', reject);
      });
    await expect(state()).rejects.toThrow();
    startService(f.fresh, 'QlikSenseServiceDispatcher', ADMIN);
    f.site.get('qlik03')!.node.bootstrapped.QlikSenseRepositoryService = true;
    startService(f.fresh, 'QlikSenseRepositoryService', ADMIN);
    expect(await state()).toEqual({ value: 1 });
    f.site.get('qlik03')!.node.certs = 'installed';
    expect(await state()).toEqual({ value: 2 });
  });
});
