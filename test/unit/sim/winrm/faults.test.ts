import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCreateShell } from '../../../../src/transport/winrm/wsman/create-shell.ts';
import type { FaultInjector } from '../../../../src/sim/winrm/server.ts';
import { RawConnection } from './raw-http.ts';
import { ADMIN, startSim } from './setup.ts';
import type { Sim } from './setup.ts';
import { SimWinrmClient } from './test-client.ts';

let sim: Sim | undefined;
const open: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await sim?.listener.close();
  sim = undefined;
});

function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

const until = async (cond: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('fault injection on the simulated listener', () => {
  it('drops the next N requests without a reply, then answers again', async () => {
    const faults: FaultInjector = { dropNext: 1 };
    sim = await startSim(3, { faults });
    const c = await RawConnection.open(sim.listener.address, sim.listener.port);
    open.push(c);
    await expect(c.request({})).rejects.toThrow(/closed/);
    const d = await RawConnection.open(sim.listener.address, sim.listener.port);
    open.push(d);
    expect((await d.request({})).status).toBe(401);
    expect(sim.listener.requests).toBe(2);
  });

  it('answers the next WS-Man request with HTTP 500 and keeps the sealed session usable', async () => {
    const faults: FaultInjector = {};
    sim = await startSim(3, { faults });
    const c = await SimWinrmClient.open(sim.listener);
    open.push(c.conn);
    await c.login(ADMIN.username, ADMIN.password);
    const create = () => buildCreateShell({ to: sim!.listener.url, operationTimeoutSec: 20 }).xml;
    faults.http500Next = 1;
    const r = await c.call(create());
    expect(r.status).toBe(500);
    expect(r.xml).toBe('');
    expect((await c.call(create())).status).toBe(200);
  });

  it('refuses connections while refuse is set and listens again on the same port when cleared', async () => {
    const faults: FaultInjector = {};
    sim = await startSim(3, { faults });
    const { address, port } = sim.listener;
    const c = await RawConnection.open(address, port);
    open.push(c);
    faults.refuse = true;
    await until(async () => c.closed);
    expect(c.closed).toBe(true);
    expect(await tryConnect(address, port)).toBe('ECONNREFUSED');
    faults.refuse = false;
    await until(async () => (await tryConnect(address, port)) === 'connected');
    const d = await RawConnection.open(address, port);
    open.push(d);
    expect((await d.request({})).status).toBe(401);
  });

  it('delays responses by slowMs', async () => {
    sim = await startSim(3, { faults: { slowMs: 120 } });
    const c = await RawConnection.open(sim.listener.address, sim.listener.port);
    open.push(c);
    const t0 = Date.now();
    await c.request({});
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
  });

  it('destroys open keep-alive sockets on close()', async () => {
    sim = await startSim(3);
    const c = await SimWinrmClient.open(sim.listener);
    await c.login(ADMIN.username, ADMIN.password);
    await sim.listener.close();
    sim = undefined;
    await until(async () => c.conn.closed);
    expect(c.conn.closed).toBe(true);
  });
});

describe('WS-Man fault switches', () => {
  it('answers only the chosen action with the chosen fault, as many times as asked, then switches off', async () => {
    const faults: FaultInjector = {};
    sim = await startSim(3, { faults });
    const c = await SimWinrmClient.open(sim.listener);
    open.push(c.conn);
    await c.login(ADMIN.username, ADMIN.password);
    const create = () => buildCreateShell({ to: sim!.listener.url, operationTimeoutSec: 20 }).xml;
    faults.wsmanFault = { kind: 'max_shells', action: 'create', count: 2, limit: 5 };
    for (let i = 0; i < 2; i++) {
      const r = await c.call(create());
      expect(r.status).toBe(500);
      expect(r.xml).toContain('<p:error_Code xsi:type="cim:cimUnsignedInt">2150859173</p:error_Code>');
      expect(r.xml).toContain('maximum number of 5 concurrent shells');
    }
    expect(faults.wsmanFault).toBeUndefined();
    expect((await c.call(create())).status).toBe(200);
  });

  it('answers 413 on demand and closes the connection, as for an oversized envelope', async () => {
    const faults: FaultInjector = { http413Next: 1 };
    sim = await startSim(3, { faults });
    const c = await SimWinrmClient.open(sim.listener);
    open.push(c.conn);
    await c.login(ADMIN.username, ADMIN.password);
    const r = await c.call(buildCreateShell({ to: sim.listener.url, operationTimeoutSec: 20 }).xml);
    expect(r.status).toBe(413);
    expect(faults.http413Next).toBe(0);
  });

  it('puts another message\'s id in RelatesTo when asked', async () => {
    const faults: FaultInjector = { wrongRelatesToNext: 1 };
    sim = await startSim(3, { faults });
    const c = await SimWinrmClient.open(sim.listener);
    open.push(c.conn);
    await c.login(ADMIN.username, ADMIN.password);
    const msg = buildCreateShell({ to: sim.listener.url, operationTimeoutSec: 20 });
    const r = await c.call(msg.xml);
    expect(r.status).toBe(200);
    expect(r.xml).not.toContain(`<a:RelatesTo>${msg.messageId}</a:RelatesTo>`);
    expect(r.xml).toContain('<a:RelatesTo>uuid:0BADF00D');
  });
});
