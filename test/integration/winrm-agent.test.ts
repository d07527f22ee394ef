/**
 * The real WinRM client (NTLM, sealed messages) and the real agent session against a simulated host over
 * loopback. Counts HTTP requests at the simulator: the design's promise is at most 2 per module task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentSession } from '../../src/agent/session.ts';
import { connectionSettings } from '../../src/inventory/index.ts';
import { findModule } from '../../src/modules/registry.ts';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { AuthenticationError, ConnectionError } from '../../src/errors.ts';
import { loopbackBlock } from '../helpers/addresses.ts';

describe('WinRM client + agent against the simulator', () => {
  let site: SimSite;
  let transport: WinrmTransport;

  function transportFor(password: string, address = site.hosts[0]!.address): WinrmTransport {
    return new WinrmTransport(connectionSettings('win01', { ansible_host: address, ansible_user: site.adminUser, ansible_password: password }));
  }

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(60) });
    transport = transportFor(site.adminPassword);
    await transport.open();
  });
  afterAll(async () => {
    await transport?.close();
    await site?.close();
  });

  it('runs raw commands with output and exit codes', async () => {
    expect(await transport.exec('hostname')).toEqual({ rc: 0, stdout: 'WIN01\r\n', stderr: '' });
    expect((await transport.exec('exit /b 7')).rc).toBe(7);
    const unknown = await transport.exec('frobnicate');
    expect(unknown.rc).toBe(1);
    expect(unknown.stderr).toContain("'frobnicate' is not recognized as an internal or external command");
  });

  it('runs module tasks through one persistent agent at 2 HTTP requests each', async () => {
    const agent = new AgentSession(transport);
    await agent.start();
    const ping = findModule('win_ping')!;
    const svc = findModule('ansible.windows.win_service')!;
    expect(await agent.invoke(ping, { data: 'pong' }, { check: false, diff: false })).toMatchObject({ changed: false, ping: 'pong' });
    await agent.invoke(svc, { name: 'Spooler' }, { check: false, diff: false });

    const listener = site.hosts[0]!.listener;
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = listener.requests;
      const r = await agent.invoke(i % 2 ? ping : svc, i % 2 ? { data: 'x' } : { name: 'Spooler', state: 'started' }, { check: false, diff: false });
      expect(r.failed ?? false).toBe(false);
      counts.push(listener.requests - before);
    }
    expect(counts).toEqual([2, 2, 2, 2, 2]);

    const stopped = await agent.invoke(svc, { name: 'W32Time', state: 'started' }, { check: false, diff: false });
    expect(stopped).toMatchObject({ changed: true, state: 'running' });
    const again = await agent.invoke(svc, { name: 'W32Time', state: 'started' }, { check: false, diff: false });
    expect(again.changed).toBe(false);
    await agent.close();
  });

  it('refuses a wrong password with an AuthenticationError naming the host', async () => {
    const t = transportFor('wrong');
    const err = await t.open().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as AuthenticationError).message).toContain('win01');
    await t.close();
  });

  it('reports a refused connection as a ConnectionError with a hint', async () => {
    const t = transportFor(site.adminPassword, `${loopbackBlock(195)}.1`);
    const err = await t.open().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).hint).toBeTruthy();
    await t.close();
  });
});
