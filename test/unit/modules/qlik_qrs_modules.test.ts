/** The controller-side Qlik modules against the simulated central QRS over HTTPS with the exported client certificate. */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qlikDataConnection } from '../../../src/modules/qlik_data_connection/index.ts';
import { qlikNode } from '../../../src/modules/qlik_node/index.ts';
import { type SiteCerts, makeSiteCerts } from '../../../src/sim/qlik/certs.ts';
import { startQrsServer } from '../../../src/sim/qlik/qrs-server.ts';
import { addConnection } from '../../../src/sim/qlik/qrs-store.ts';
import { loopbackAddress } from '../../helpers/addresses.ts';
import { type Fixture, qlikFixture } from '../sim/qlik/fixture.ts';

const ADDRESS = loopbackAddress(165, 1);
const ctx = { host: 'qlik01', check: false, diff: false, vars: {} };
let dir: string;
let certs: SiteCerts;
let f: Fixture;
let server: Server;

const conn = () => ({ qrs_host: ADDRESS, qrs_port: 4242, client_cert: certs.clientCertPath, client_key: certs.clientKeyPath, root_cert: certs.rootPath, qrs_user: 'UserDirectory=INTERNAL; UserId=sa_api' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'winbook-qrs-mod-'));
  certs = makeSiteCerts(dir, { hostname: 'qlik01', address: ADDRESS });
  f = qlikFixture();
  for (const n of ['monitor_apps_REST_app', 'monitor_apps_REST_user', 'monitoring_apps_logs', 'Sales']) addConnection(f.site.qrs, { name: n, connectionstring: 'x', username: 'old', password: 'old-pw' });
  server = await startQrsServer(f.site, certs, ADDRESS);
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('qlik_data_connection', () => {
  it('sets the monitoring connections (both prefixes), re-reading after a 409 conflict, and leaves others alone', async () => {
    f.site.qrs.concurrentEdits = 1;
    const args = qlikDataConnection.schema.parse({ ...conn(), username: '.\\qliksvc', password: 'New-Pw-1!' });
    const r = await qlikDataConnection.run!(args, ctx);
    expect(r.failed).toBeUndefined();
    expect(r.updated).toEqual([{ name: 'monitor_apps_REST_app', attempts: 2 }, { name: 'monitor_apps_REST_user', attempts: 1 }, { name: 'monitoring_apps_logs', attempts: 1 }]);
    expect(f.site.qrs.connections.map((c) => [c.name, c.username, c.password])).toEqual([
      ['monitor_apps_REST_app', '.\\qliksvc', 'New-Pw-1!'], ['monitor_apps_REST_user', '.\\qliksvc', 'New-Pw-1!'], ['monitoring_apps_logs', '.\\qliksvc', 'New-Pw-1!'], ['Sales', 'old', 'old-pw'],
    ]);
  });

  it('on_username_change writes nothing when the user names already match', async () => {
    const args = qlikDataConnection.schema.parse({ ...conn(), username: '.\\QLIKSVC', password: 'whatever', update_password: 'on_username_change' });
    expect(await qlikDataConnection.run!(args, ctx)).toMatchObject({ changed: false, updated: [] });
  });

  it('gives up after the retries with the 409 in the message', async () => {
    f.site.qrs.concurrentEdits = 10;
    const args = qlikDataConnection.schema.parse({ ...conn(), name: 'Sales', password: 'x', retries: 1 });
    const r = await qlikDataConnection.run!(args, ctx);
    f.site.qrs.concurrentEdits = 0;
    expect(r.failed).toBe(true);
    expect(r.msg).toContain('answered 409');
  });
});

describe('qlik_node', () => {
  it('registers a new rim once (container, then a one-time password) and reports it registered', async () => {
    const q = await qlikNode.run!(qlikNode.schema.parse({ ...conn(), node_host: 'qlik03', state: 'query' }), ctx);
    expect(q).toMatchObject({ registered: false, running: false });
    const r = await qlikNode.run!(qlikNode.schema.parse({ ...conn(), node_host: 'qlik03' }), ctx);
    expect(r).toMatchObject({ changed: true, created: true });
    expect(r.unlock_password).toBe(f.site.get('qlik03')!.node.unlockPassword);
    expect(f.site.qrs.nodes.filter((n) => n.hostName === 'qlik03')).toHaveLength(1);
    const waited = await qlikNode.run!(qlikNode.schema.parse({ ...conn(), node_host: 'qlik02', state: 'running', delay: 0.01, timeout: 1 }), ctx);
    expect(waited).toMatchObject({ changed: false });
  });
});
